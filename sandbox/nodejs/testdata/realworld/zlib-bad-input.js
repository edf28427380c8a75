// event: {}
const zlib = require('zlib');
exports.handler = async () => {
  const out = [];
  for (const input of [Buffer.from('definitely not gzip'), Buffer.alloc(0)]) {
    try { zlib.gunzipSync(input); out.push('ok'); } catch (e) { out.push(`${e.code} ${e.errno} ${e.message}`); }
  }
  return out;
};
