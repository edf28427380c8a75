// event: {"httpMethod":"GET","path":"/hello","queryStringParameters":{"name":"Ada"},"headers":{"Accept":"application/json"}}
// API Gateway proxy integration, the developer guide's first example.
exports.handler = async (event) => {
  console.log('EVENT: \n' + JSON.stringify(event, null, 2));
  const name = (event.queryStringParameters && event.queryStringParameters.name) || 'World';
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ message: `Hello, ${name}!` }),
  };
};
