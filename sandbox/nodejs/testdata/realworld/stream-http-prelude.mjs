// event: {"rawPath":"/story","requestContext":{"http":{"method":"GET"}}}
// Function URL in RESPONSE_STREAM mode: status and headers, then the body
// in pieces (the developer guide's streaming example).
export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  const metadata = { statusCode: 200, headers: { 'Content-Type': 'text/html', 'X-Custom-Header': 'Example-Custom-Header' } };
  responseStream = awslambda.HttpResponseStream.from(responseStream, metadata);
  responseStream.write('<html>');
  await new Promise((r) => setTimeout(r, 100));
  responseStream.write('<p>First write!</p>');
  responseStream.write('<h1>Streaming h1</h1>');
  await new Promise((r) => setTimeout(r, 200));
  responseStream.write('</html>');
  console.log('streamed', event.rawPath);
  responseStream.end();
});
