// event: {}
exports.handler = async () => {
  console.log('line with a newline\n');
  console.log('two\nlines');
  console.log('tab\tseparated');
  return 'ok';
};
