// One function behind an HTTP API: route GET and POST /hello.
const json = (statusCode, obj) => ({
  statusCode,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(obj),
});

exports.handler = async (event, context) => {
  // TODO: this reads the REST API (v1) fields. Find the method and the
  // path in the version 2.0 event instead.
  const method = event.httpMethod;
  const path = event.path;
  if (method === "GET" && path === "/hello") {
    return json(200, { message: "Hello in en" });
  }
  return json(404, { message: "Not found" });
};
