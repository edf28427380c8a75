// event: {"payloads": ["e0a425", "e9ff", "f09f98", "c0af", "eda080", "f4908080", "ff", "e0a4", "f09f", "48656c6c6fe282ac"]}
// Bytes that are not valid UTF-8 (a truncated record, a binary field):
// Node replaces each maximal invalid part with one U+FFFD.
exports.handler = async (event) => event.payloads.map((h) => {
  const s = Buffer.from(h, 'hex').toString('utf8');
  return [s, s.length, Buffer.from(h, 'hex').toString()];
});
