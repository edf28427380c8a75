// The monthly estimate for Skyrail's cost review (us-east-1, no free tier).
exports.handler = async (event) => {
  const gbSeconds = (event.invocations * event.durationMs / 1000) * (event.memoryMb / 1024);
  // TODO: add the request charge and use the price of the event's architecture.
  const usd = gbSeconds * 0.0000166667;
  return { gbSeconds, usd: Math.round(usd * 100) / 100 };
};
