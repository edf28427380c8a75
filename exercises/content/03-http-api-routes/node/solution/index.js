// One function behind an HTTP API: route GET and POST /hello.
const json = (statusCode, obj) => ({
  statusCode,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(obj),
});

exports.handler = async (event, context) => {
  const method = event.requestContext.http.method;
  const path = event.rawPath;
  if (method === "GET" && path === "/hello") {
    const query = event.queryStringParameters || {};
    return json(200, { message: "Hello in " + (query.lang || "en") });
  }
  if (method === "POST" && path === "/hello") {
    const body = JSON.parse(event.body || "{}");
    return json(201, { received: body.greeting });
  }
  return json(404, { message: "Not found" });
};
