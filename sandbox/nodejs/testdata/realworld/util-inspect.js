// event: {}
const util = require('util');
class Order { constructor() { this.id = 7; this.lines = [{ sku: 'A', qty: 1 }]; } }
exports.handler = async () => {
  console.log(util.inspect(new Order(), { depth: 0 }));
  console.log(util.format('%s=%d', 'x', 5), util.inspect('str'), util.inspect([1, [2, [3, [4]]]]));
  console.log(new Order());
  return util.isDeepStrictEqual({ a: [1] }, { a: [1] });
};
