// event: {"awslogs":{"data":"H4sIAAAAAAAAA33PzWrDMBAE4FcxQ48CWYojp7oZquSSUrB9C6bIsRoElmUkpaGEvHtx+nNr97jLfMxe4UyM+mTaj9lA4qlqq9dn1TTVToHAXyYTIMH4qliLcvOYMw6C0Z92wZ9nSFB9iXTUrh809WEwIX7dmxSMdpDgORc0Z5St6eFhX7WqaTvdH0EQz308Bjsn66etHdOSlQeYEHyI6O6MejdTWtZX2GEpAoJknYlJuxmSlWJTiFLky5CfXyCh6vqlzu6FsoJnb9qOZsCNfDP8D4b9x6x+me72CX2QSs04AQAA"}}
// CloudWatch Logs subscription filter: gunzip the payload with a callback.
const zlib = require('zlib');
exports.handler = function (input, context, callback) {
  const payload = Buffer.from(input.awslogs.data, 'base64');
  zlib.gunzip(payload, function (e, result) {
    if (e) {
      context.fail(e);
    } else {
      const parsed = JSON.parse(result.toString('ascii'));
      console.log('Decoded payload:', JSON.stringify(parsed));
      for (const ev of parsed.logEvents) console.log(ev.id, ev.message);
      context.succeed({ count: parsed.logEvents.length, group: parsed.logGroup });
    }
  });
};
