// How many times has this execution environment run the handler?
exports.handler = async (event, context) => {
  // TODO: this counter is created again on every invocation. Make it
  // survive between warm invocations of the same environment.
  let invocations = 0;
  invocations += 1;
  return {
    invocations,
    coldStart: invocations === 1,
    stream: context.logStreamName,
  };
};
