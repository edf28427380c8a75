// GET /hello?name=Ada&lang=es behind an API Gateway REST API.
exports.handler = async (event, context) => {
  // TODO: queryStringParameters is null when the URL has no query string;
  // add defaults (name "world", lang "en"), the Spanish greeting and a
  // Content-Type header.
  const name = event.queryStringParameters.name;
  return {
    statusCode: 200,
    body: JSON.stringify({ greeting: "Hello, " + name + "!" }),
  };
};
