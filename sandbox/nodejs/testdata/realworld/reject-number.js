// event: {}
// A promise chain that rejects with a status code instead of an Error.
exports.handler = () => Promise.resolve().then(() => { throw 404; });
