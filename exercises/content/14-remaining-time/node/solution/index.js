// Do as many jobs as fit before the timeout, and hand back the rest.

// Does one job (about 400 ms). Do not change this function.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function processJob(name) {
  await sleep(400);
}

const JOB_MS = 400; // the longest a job takes
const SPARE_MS = 800; // time kept to return the result

exports.handler = async (event, context) => {
  const jobs = event.jobs;
  const processed = [];
  let remaining = [];
  for (let i = 0; i < jobs.length; i++) {
    if (context.getRemainingTimeInMillis() < JOB_MS + SPARE_MS) {
      remaining = jobs.slice(i);
      console.log("stopping early with " + remaining.length + " jobs left");
      break;
    }
    await processJob(jobs[i]);
    processed.push(jobs[i]);
  }
  return { complete: remaining.length === 0, processed, remaining };
};
