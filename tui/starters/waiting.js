// Waiting is billed too: this handler waits 250 ms for a (pretend) downstream
// call. More memory does not make waiting faster, it only costs more.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

exports.handler = async (event, context) => {
  await sleep(250);
  return { waited: 250, remainingMs: context.getRemainingTimeInMillis() };
};
