// event: {"text":"{\"level\":\"info\",\"msg\":\"hello\"}"}
const zlib = require('zlib');
exports.handler = async (event) => {
  const out = {};
  for (const [c, d] of [['gzipSync', 'gunzipSync'], ['deflateSync', 'inflateSync'], ['deflateRawSync', 'inflateRawSync'], ['gzipSync', 'unzipSync'], ['deflateSync', 'unzipSync']]) {
    out[c + '/' + d] = zlib[d](zlib[c](Buffer.from(event.text))).toString('utf8') === event.text;
  }
  out.known = zlib.inflateSync(Buffer.from('eJzLSM3JyVfIzsxLLc4sBgAjjwUr', 'base64')).toString();
  return out;
};
