// event: {}
exports.handler = async () => {
  const size = new Buffer(4);
  const fromArray = new Buffer([104, 105]);
  const copy = Buffer(fromArray);
  return { size: size.length, zero: size[0], text: fromArray.toString(), copy: copy.toString(), json: JSON.stringify(Buffer.from('hi')) };
};
