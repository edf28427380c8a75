// event: {"a":1}
// A plain (non-async) function that returns a value: the runtime ignores
// the return value and responds null once the event loop is empty.
exports.handler = function (event, context) {
  console.log('returning', event.a);
  return { ignored: true };
};
