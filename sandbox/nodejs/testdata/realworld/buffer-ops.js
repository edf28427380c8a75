// event: {}
exports.handler = async () => {
  const a = Buffer.from('hello ');
  const b = Buffer.from('776f726c64', 'hex');
  const c = Buffer.concat([a, b]);
  const n = Buffer.alloc(8);
  n.writeUInt32BE(0xdeadbeef, 0);
  n.writeInt16LE(-2, 4);
  console.log(c, c.slice(0, 5).toString(), n);
  return {
    text: c.toString(), hex: c.toString('hex'), b64: c.toString('base64'), b64url: Buffer.from('??>>').toString('base64url'),
    u32: n.readUInt32BE(0), i16: n.readInt16LE(4), latin1: Buffer.from('café', 'latin1').length,
    bytes: Buffer.byteLength('héllo'), eq: a.equals(Buffer.from('hello ')), idx: c.indexOf('world'),
  };
};
