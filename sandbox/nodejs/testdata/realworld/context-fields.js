// event: {}
exports.handler = async (event, context) => {
  console.log('request', context.awsRequestId);
  return {
    name: context.functionName, memory: context.memoryLimitInMB, version: context.functionVersion,
    succeed: typeof context.succeed, waits: context.callbackWaitsForEmptyEventLoop,
    remainingIsNumber: typeof context.getRemainingTimeInMillis() === 'number',
  };
};
