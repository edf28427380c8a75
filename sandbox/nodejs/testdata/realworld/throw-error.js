// event: {}
exports.handler = async (event) => {
  console.log('about to fail');
  throw new Error('Something went wrong');
};
