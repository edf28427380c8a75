// event: {}
// A plain (not async) handler returning a promise that never settles: the
// runtime client answers null once the event loop is empty.
exports.handler = (event) => {
  console.log('started');
  return new Promise(() => {});
};
