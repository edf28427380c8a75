// An API Gateway (REST, v1) proxy handler: read the query string, answer
// with statusCode, headers and a string body.
exports.handler = async (event) => {
  const name = (event.queryStringParameters || {}).name || "stranger";
  return {
    statusCode: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ message: `Hello, ${name}!`, path: event.path }),
  };
};
