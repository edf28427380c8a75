// How many times has this execution environment run the handler?
let invocations = 0; // module level: runs once per environment, at INIT

exports.handler = async (event, context) => {
  invocations += 1;
  return {
    invocations,
    coldStart: invocations === 1,
    stream: context.logStreamName,
  };
};
