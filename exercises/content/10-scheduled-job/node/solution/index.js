// A nightly job started by an EventBridge schedule.
exports.handler = async (event, context) => {
  if (event["detail-type"] !== "Scheduled Event" || event.source !== "aws.events") {
    console.log("not a scheduled event, nothing to do");
    return { skipped: true };
  }
  const job = event.resources[0].split("rule/")[1];
  const runDate = event.time.slice(0, 10);
  console.log("running " + job + " for " + runDate);
  return { job, runDate, skipped: false };
};
