// A CPU-bound thumbnail function. Do not change the code: this exercise is
// solved by choosing memory_mb in config.json.

// Stands in for CPU-bound work: `ms` milliseconds at a full vCPU (1,769 MB),
// longer in proportion below that (Lambda's CPU share follows memory).
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function cpuWork(ms, context) {
  const share = Math.min(1, Number(context.memoryLimitInMB) / 1769);
  await sleep(ms / share);
}

exports.handler = async (event, context) => {
  await cpuWork(200, context);
  return { imageId: event.imageId, width: event.width };
};
