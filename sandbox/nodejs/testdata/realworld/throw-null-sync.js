// event: {}
// A plain handler that throws null: the runtime client hands it to the
// callback, which reads a null error as success.
exports.handler = (event) => {
  console.log('about to throw null');
  throw null;
};
