// event: {}
exports.handler = (event, context, callback) => {
  setTimeout(() => console.log('timer ran before the response'), 100);
  callback(null, { waited: context.callbackWaitsForEmptyEventLoop });
};
