// event: {"body":"brotli is what CloudFront and browsers like; brotli brotli brotli"}
const zlib = require('zlib');
const { promisify } = require('util');
exports.handler = async (event) => {
  const packed = zlib.brotliCompressSync(event.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
  const back = await promisify(zlib.brotliDecompress)(packed);
  let bad;
  try { zlib.brotliDecompressSync(Buffer.from('definitely not brotli')); } catch (e) { bad = `${e.errno} ${e.message}`; } // e.code names libbrotli's error, which differs between Node builds
  return { same: back.toString() === event.body, smaller: packed.length < event.body.length, bad, q: zlib.constants.BROTLI_DEFAULT_QUALITY };
};
