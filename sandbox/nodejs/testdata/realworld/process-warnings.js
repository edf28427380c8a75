// event: {}
exports.handler = async () => {
  process.emitWarning('the cache is cold');
  process.emitWarning('getItem is old', 'DeprecationWarning', 'DEP9001');
  process.emitWarning('shape changed', { type: 'ExperimentalWarning' });
  console.log('handler done');
  return 'ok';
};
