// The monthly estimate for Skyrail's cost review (us-east-1, no free tier).
const PRICE_PER_GB_S = { arm64: 0.0000133334, x86_64: 0.0000166667 };
const PRICE_PER_MILLION_REQUESTS = 0.2;

exports.handler = async (event) => {
  const gbSeconds = (event.invocations * event.durationMs / 1000) * (event.memoryMb / 1024);
  const usd =
    (event.invocations / 1e6) * PRICE_PER_MILLION_REQUESTS + gbSeconds * PRICE_PER_GB_S[event.arch];
  return { gbSeconds, usd: Math.round(usd * 100) / 100 };
};
