// Hello, Lambda: return an HTTP-shaped response.
exports.handler = async (event, context) => {
  console.log("key1 = " + event.key1);
  return {
    statusCode: 200,
    body: JSON.stringify({ message: "Hello from Lambda!", key1: event.key1 }),
  };
};
