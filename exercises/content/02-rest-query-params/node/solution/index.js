// GET /hello?name=Ada&lang=es behind an API Gateway REST API.
exports.handler = async (event, context) => {
  const query = event.queryStringParameters || {};
  const name = query.name || "world";
  const word = query.lang === "es" ? "Hola" : "Hello";
  return {
    statusCode: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ greeting: word + ", " + name + "!" }),
  };
};
