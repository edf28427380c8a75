// event: {}
const util = require('util');
const sleep = util.promisify(setTimeout);
exports.handler = async () => {
  const v = await sleep(50, 'woke up');
  console.log('slept', v);
  return { v, custom: typeof setTimeout[util.promisify.custom] };
};
