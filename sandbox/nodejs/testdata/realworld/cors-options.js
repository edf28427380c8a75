// event: {"httpMethod":"OPTIONS","headers":{"Origin":"https://app.example.com"}}
const ALLOWED = ['https://app.example.com'];
exports.handler = async (event) => {
  const origin = event.headers.Origin || event.headers.origin;
  const headers = {
    'Access-Control-Allow-Origin': ALLOWED.includes(origin) ? origin : ALLOWED[0],
    'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
  };
  if (event.httpMethod === 'OPTIONS') return { statusCode: 204, headers, body: '' };
  return { statusCode: 200, headers, body: '{}' };
};
