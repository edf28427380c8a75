// Package sandbox is lambdatutor's mini-runtime: it runs a learner's
// handler inside this process and behaves, observably, like AWS Lambda.
//
// The pieces, in Lambda's own terms:
//
//   - Config is a function's configuration, validated as Lambda's API does
//     (runtime, handler, memory, timeout, architecture, environment,
//     ephemeral storage, reserved and provisioned concurrency).
//   - Account is an AWS account in one Region: a virtual clock and the
//     concurrency pool. Account.NewFunction deploys a Function.
//   - Function is a function and its fleet of execution environments. Invoke
//     picks a free warm environment or starts a new one (a cold start, INIT
//     first); InvokeConcurrent sends requests at the same virtual instant.
//     Beyond reserved concurrency, the account limit, the scaling rate of
//     1,000 new environments per 10 s or the invoke rate of 10 × the
//     concurrency per second, a request is refused with a *ThrottleError
//     (429 TooManyRequestsException and its Reason). The rules themselves
//     live in sandbox/limits, shared with the simulator (sandbox/sim).
//   - An execution environment runs one engine Instance (see Engine): INIT
//     once, then one request at a time; globals and /tmp (TmpFS) persist
//     between requests; it is reclaimed after an idle time or a maximum
//     lifetime, and reset after a timeout or a crash.
//   - Result is what the learner sees of one invocation: the response or
//     the error payload, the log with START, END and REPORT lines exactly as
//     Lambda prints them, the REPORT figures and the cost from package
//     billing.
//
// Time is virtual: sleeps and timers advance the clock without real
// waiting, and handler compute (measured, or counted by the engine) is
// scaled by the memory's vCPU share. With Options.Deterministic the host's
// measurements are replaced by models and every figure and log line is the
// same from run to run. The models are described in model.go; their base
// figures come from maxday/lambda-perf's published cold starts (runtimes.go).
//
// Engines live in sub-packages (sandbox/nodejs, sandbox/python) and
// register themselves; import them for their side effect.
package sandbox
