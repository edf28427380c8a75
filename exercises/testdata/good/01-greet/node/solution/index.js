const { greet } = require('./lib/greet');

exports.handler = async (event) => {
  if (event.fail) {
    throw new Error('asked to fail');
  }
  const q = event.queryStringParameters || {};
  const name = q.name || 'world';
  console.log('greeting ' + name);
  const body = { message: greet(process.env.GREETING, name) };
  if (event.requestContext) {
    body.stage = event.requestContext.stage;
  }
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
};
