// Package sim simulates traffic against one Lambda function at scale: a
// discrete-event model of the fleet, fast enough for a day at 1,000
// requests per second (86.4 M invocations) in seconds, in constant memory.
//
// It does not run the handler per request. Each invocation draws a
// Duration from a distribution (fixed, normal or log-normal; `lambdatutor
// simulate --measure` fits one by running the real handler in the
// mini-runtime), and the fleet rules decide the rest. The rules are the
// mini-runtime's own, from package sandbox/limits: account and reserved
// concurrency, the scaling rate (1,000 environments per 10 s, or the
// pre-2023 burst of 3,000 then +500 per minute), the invoke rate of 10 ×
// the concurrency, provisioned concurrency (with a schedule), idle reclaim
// after the idle time (±20%) or the maximum lifetime (2 h ±5%), async
// backoff from 1 s to 5 min for up to the maximum event age, and SQS
// pollers from 5 up by 300 per minute to 1,000. Costs come from package
// billing: billed milliseconds per invocation (BilledMs, with the era's
// INIT rule), duration through the tiers, requests, provisioned
// concurrency rounded up to 5 minutes per period, no free tier.
//
// What the model simplifies, and says so here:
//   - warm environments are reused most recently used first, as the
//     mini-runtime's fleet does, and reclaimed oldest-idle first;
//   - async events wait in one queue; after a throttle the queue backs off
//     (1 s doubling to 5 min), but an environment coming free retries at
//     once, so figures for async are a best case;
//   - SQS pollers scale down at the rate they scale up once the queue is
//     empty (AWS does not publish the scale-down rate); a batch takes what
//     is queued, up to the batch size, with no batching window;
//   - queued arrivals are grouped in 50 ms runs, so queueing latency is
//     exact to 50 ms; latency percentiles come from log-linear histograms
//     exact to 0.8%, clamped to the exact minimum and maximum;
//   - a timeout bills the full timeout and resets the environment (the
//     next invocation there is cold); INIT is a fixed Init Duration.
//
// Scenarios are YAML (Reference documents every key), built in (Builtin),
// or built in code; Run validates one and returns the summary and a series
// of at most MaxPoints steps.
package sim
