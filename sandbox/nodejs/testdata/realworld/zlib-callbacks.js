// event: {"text": "hello hello hello lambda"}
// zlib's callback and promisified forms, raw deflate, unzip of both
// wrappings, and a compression level: the shapes Kinesis and CloudWatch
// Logs handlers use.
const zlib = require('zlib');
const { promisify } = require('util');

const deflate = promisify(zlib.deflate);
const unzip = promisify(zlib.unzip);

exports.handler = (event, context, callback) => {
  const input = Buffer.from(event.text);
  zlib.deflateRaw(input, (err, raw) => {
    if (err) return callback(err);
    zlib.inflateRaw(raw, async (err2, back) => {
      if (err2) return callback(err2);
      const wrapped = await deflate(input);
      const fromDeflate = await unzip(wrapped);
      const fromGzip = await unzip(zlib.gzipSync(input, { level: 9 }));
      console.log('raw round trip', back.toString() === event.text, 'deflate header', wrapped[0].toString(16));
      zlib.inflate(Buffer.from('not zlib'), (bad) => {
        console.log('bad input', bad.code, bad.errno, bad.message);
        callback(null, { raw: back.toString(), deflate: fromDeflate.toString(), gzip: fromGzip.toString(), gzipMagic: zlib.gzipSync('x').subarray(0, 2).toString('hex') });
      });
    });
  });
};
