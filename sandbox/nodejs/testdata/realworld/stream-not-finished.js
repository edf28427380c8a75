// event: {}
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write('partial');
  return 'forgot to end';
});
