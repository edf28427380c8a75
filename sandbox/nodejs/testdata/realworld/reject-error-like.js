// event: {"id": 7}
// An error-shaped plain object (name, message and stack as strings), as
// some HTTP clients reject with; and an array, logged first.
exports.handler = async (event) => {
  console.error(['not', 'an', 'error', event.id]);
  throw { name: 'HttpError', message: 'upstream said 503', stack: 'HttpError: upstream said 503\n    at client (/var/task/client.js:1:1)', status: 503 };
};
