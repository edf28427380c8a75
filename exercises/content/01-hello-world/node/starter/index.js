// Hello, Lambda: return an HTTP-shaped response.
//
// TODO: log "key1 = <value>" and return {statusCode, body} where body is a
// JSON *string* with message and key1 (see README.md).
exports.handler = async (event, context) => {
  return "Hello from Lambda!";
};
