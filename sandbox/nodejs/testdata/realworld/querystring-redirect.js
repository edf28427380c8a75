// event: {"state":"a b&c"}
const qs = require('querystring');
exports.handler = async (event) => {
  const query = qs.stringify({ client_id: 'abc', redirect_uri: 'https://example.com/cb', scope: ['openid', 'email'], state: event.state });
  return { statusCode: 302, headers: { Location: 'https://auth.example.com/authorize?' + query }, escaped: qs.escape('é ü/?') };
};
