// A nightly job started by an EventBridge schedule.
exports.handler = async (event, context) => {
  // TODO: skip events that are not scheduled events; take the job name from
  // the rule in resources[0] and the date (YYYY-MM-DD) from event.time.
  const job = "report";
  const runDate = event.time;
  console.log("running " + job + " for " + runDate);
  return { job, runDate, skipped: false };
};
