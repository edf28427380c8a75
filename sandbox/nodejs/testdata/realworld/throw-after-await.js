// event: {}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
exports.handler = async () => {
  await sleep(10);
  console.log('woke up');
  throw new Error('failed after waiting');
};
