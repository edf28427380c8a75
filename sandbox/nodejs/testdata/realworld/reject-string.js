// event: {}
exports.handler = async () => {
  throw 'plain string failure';
};
