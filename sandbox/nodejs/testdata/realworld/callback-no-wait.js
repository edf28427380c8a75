// event: {}
// callbackWaitsForEmptyEventLoop = false: respond without waiting for
// the timer (a common trick with database pools).
exports.handler = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = false;
  setTimeout(() => console.log('this runs after the response'), 1000);
  callback(null, { fast: true });
};
