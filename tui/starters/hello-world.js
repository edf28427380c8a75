// The console's hello-world: return an HTTP-shaped response.
exports.handler = async (event, context) => {
  console.log("key1 =", event.key1);
  return {
    statusCode: 200,
    body: JSON.stringify("Hello from AWS Lambda!"),
  };
};
