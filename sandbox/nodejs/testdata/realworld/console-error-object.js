// event: {}
exports.handler = async () => {
  try {
    JSON.parse('{bad json');
  } catch (err) {
    console.error('parse failed:', err.name);
  }
  const e = new RangeError('out of range');
  console.log(e.message, e instanceof RangeError, Object.prototype.toString.call(e));
  return 'ok';
};
