// Module code runs once per execution environment (INIT). Its variables
// survive between invocations while the environment stays warm.
const startedAt = new Date().toISOString();
let invocations = 0;

exports.handler = async (event, context) => {
  invocations += 1;
  console.log(`environment started ${startedAt}, invocation ${invocations} here`);
  return { invocations, coldStart: invocations === 1, stream: context.logStreamName };
};
