// event: {"requestContext":{"elb":{"targetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1"}},"httpMethod":"GET","path":"/"}
exports.handler = async (event) => {
  const html = '<h1>Hello from ALB</h1>';
  return {
    statusCode: 200,
    statusDescription: '200 OK',
    isBase64Encoded: true,
    headers: { 'Content-Type': 'text/html' },
    body: Buffer.from(html).toString('base64'),
  };
};
