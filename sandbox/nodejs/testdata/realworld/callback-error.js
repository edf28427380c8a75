// event: {}
exports.handler = (event, context, callback) => {
  const err = new Error('callback failure');
  err.code = 'E_CB';
  callback(err);
};
