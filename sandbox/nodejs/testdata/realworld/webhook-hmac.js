// event: {"headers":{"x-signature":"5d8b6e1a"},"body":"{\"event\":\"push\"}"}
const crypto = require('crypto');
const SECRET = 'shhh';
exports.handler = async (event) => {
  const expected = crypto.createHmac('sha256', SECRET).update(event.body).digest('hex');
  const given = event.headers['x-signature'];
  const ok = given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  console.log('signature', expected.slice(0, 16));
  return { statusCode: ok ? 200 : 401, body: ok ? 'ok' : 'bad signature' };
};
