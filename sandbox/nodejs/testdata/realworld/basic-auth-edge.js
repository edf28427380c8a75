// event: {"Records":[{"cf":{"request":{"uri":"/index.html","method":"GET","headers":{"authorization":[{"key":"Authorization","value":"Basic dXNlcjpwYXNz"}]}}}}]}
'use strict';
// Lambda@Edge viewer request: HTTP Basic authentication (edge workshops).
exports.handler = (event, context, callback) => {
  const request = event.Records[0].cf.request;
  const headers = request.headers;
  const authUser = 'user';
  const authPass = 'pass';
  const authString = 'Basic ' + new Buffer(authUser + ':' + authPass).toString('base64');
  if (typeof headers.authorization == 'undefined' || headers.authorization[0].value != authString) {
    const body = 'Unauthorized';
    const response = {
      status: '401',
      statusDescription: 'Unauthorized',
      body: body,
      headers: { 'www-authenticate': [{ key: 'WWW-Authenticate', value: 'Basic' }] },
    };
    callback(null, response);
  }
  callback(null, request);
};
