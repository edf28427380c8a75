// Package limits holds the fleet rules of AWS Lambda that both the
// mini-runtime (package sandbox, one request at a time) and the traffic
// simulator (package sandbox/sim, millions of requests) apply: account and
// reserved concurrency, the scaling rate, the requests-per-second limit,
// provisioned concurrency, idle reclaim, and the retry rules of asynchronous
// invocation and of the SQS event source mapping.
//
// Sources (checked in the project's fact sheet, cited by AWS URL):
//   - quotas and the 10 × concurrency RPS limit:
//     https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
//     and https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
//   - scaling rate (1,000 environments per 10 s per function since
//     2023-11; before, a burst of 500-3,000 then +500 per minute):
//     https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html
//     and https://aws.amazon.com/blogs/aws/aws-lambda-functions-now-scale-12-times-faster-when-handling-high-volume-requests/
//   - reserved concurrency and the unreserved minimum:
//     https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
//   - asynchronous retries: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
//   - SQS poller scaling: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
//
// The package imports nothing of ours; time is passed in as seconds on any
// clock the caller keeps (float64), so that the simulator pays nothing for
// time.Time arithmetic.
package limits

import (
	"fmt"
	"strings"
	"time"
)

// Account concurrency.
const (
	// DefaultConcurrency is the default account concurrency per Region.
	DefaultConcurrency = 1000
	// NewAccountConcurrency is the limit new accounts often start with
	// (some start at NewAccountConcurrencyAlt).
	NewAccountConcurrency    = 10
	NewAccountConcurrencyAlt = 50
	// UnreservedMinimum must stay unreserved (or the whole limit, when smaller).
	UnreservedMinimum = 100
	// RPSPerConcurrency: the invoke rate limit is 10 × the concurrency
	// (account quota, or reserved concurrency for a function that has it).
	RPSPerConcurrency = 10
)

// Scaling rate.
const (
	// ScaleEnvironments is how many environments a function may add per
	// ScaleWindow (since 2023-11-26), refilled continuously.
	ScaleEnvironments = 1000
	// ScaleWindow is the window of the scaling rate.
	ScaleWindow = 10 * time.Second
	// LegacyBurst is the pre-2023 initial burst in the largest Regions
	// (us-east-1, us-west-2, eu-west-1); others had 500 or 1,000.
	LegacyBurst = 3000
	// LegacyPerMinute is the pre-2023 growth after the burst.
	LegacyPerMinute = 500
)

// Environment lifetimes (observed, not documented by AWS; our model).
const (
	DefaultIdleTTL     = 10 * time.Minute
	IdleTTLJitter      = 0.2
	DefaultMaxLifetime = 2 * time.Hour
	MaxLifetimeJitter  = 0.05
)

// Asynchronous invocation: throttles and system errors are retried for up
// to 6 hours, backing off from 1 s to 5 min.
const (
	AsyncMaxEventAge = 6 * time.Hour
	AsyncBackoffMin  = time.Second
	AsyncBackoffMax  = 5 * time.Minute
	AsyncMinEventAge = time.Minute
)

// SQS event source mapping: 5 concurrent batches at first, up to +300 per
// minute, at most 1,000 per mapping.
const (
	SQSInitialPollers   = 5
	SQSPollersPerMinute = 300
	SQSMaxPollers       = 1000
	SQSMaxBatch         = 10000
	SQSDefaultBatch     = 10
)

// Throttle reasons of a 429 TooManyRequestsException.
const (
	ReasonConcurrentLimit         = "ConcurrentInvocationLimitExceeded"
	ReasonFunctionRateLimit       = "FunctionInvocationRateLimitExceeded"
	ReasonReservedConcurrentLimit = "ReservedFunctionConcurrentInvocationLimitExceeded"
	ReasonReservedRateLimit       = "ReservedFunctionInvocationRateLimitExceeded"
)

// Reasons lists the throttle reasons in a stable order.
func Reasons() []string {
	return []string{ReasonConcurrentLimit, ReasonFunctionRateLimit, ReasonReservedConcurrentLimit, ReasonReservedRateLimit}
}

// ScalingRule selects how fast a function may add environments.
type ScalingRule string

const (
	// Scaling2023 is the rule since 2023-11-26: 1,000 environments per 10 s
	// per function, refilled continuously, not saved up beyond 1,000.
	Scaling2023 ScalingRule = "2023"
	// ScalingLegacy is the rule before: an initial burst of 3,000 (largest
	// Regions), then +500 per minute.
	ScalingLegacy ScalingRule = "legacy"
)

// ParseScalingRule accepts "2023" (also "current", "") and "legacy" (also
// "pre-2023", "2017").
func ParseScalingRule(s string) (ScalingRule, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "2023", "current":
		return Scaling2023, nil
	case "legacy", "pre-2023", "2017":
		return ScalingLegacy, nil
	}
	return "", fmt.Errorf("unknown scaling rule %q: use 2023 (1,000 environments per 10 s) or legacy (burst of 3,000, then +500 per minute)", s)
}

// Describe says the rule in words.
func (r ScalingRule) Describe() string {
	if r == ScalingLegacy {
		return "before 2023-11: a burst of 3,000 environments, then +500 per minute"
	}
	return "since 2023-11: +1,000 environments per 10 s per function"
}

// Bucket returns the token bucket of the rule, full. burst overrides the
// number of environments per window (the 2023 rule) or the initial burst
// (legacy) when above 0.
func (r ScalingRule) Bucket(burst int) Bucket {
	if r == ScalingLegacy {
		if burst <= 0 {
			burst = LegacyBurst
		}
		return NewBucket(float64(burst), LegacyPerMinute/60.0)
	}
	if burst <= 0 {
		burst = ScaleEnvironments
	}
	return NewBucket(float64(burst), float64(burst)/ScaleWindow.Seconds())
}

// Bucket is a token bucket refilled continuously: Cap tokens at most, Rate
// tokens per second. The scaling rate (one token per new environment) and
// the RPS limit (one token per request) are both buckets.
type Bucket struct {
	Cap, Rate float64
	tokens    float64
	at        float64
}

// NewBucket returns a full bucket at time 0.
func NewBucket(capacity, ratePerSecond float64) Bucket {
	return Bucket{Cap: capacity, Rate: ratePerSecond, tokens: capacity}
}

// Take takes one token at now (seconds, never going back); false when the
// bucket holds less than one.
func (b *Bucket) Take(now float64) bool {
	if now > b.at {
		b.tokens += (now - b.at) * b.Rate
		if b.tokens > b.Cap {
			b.tokens = b.Cap
		}
		b.at = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Tokens is what the bucket holds at now, without taking any.
func (b *Bucket) Tokens(now float64) float64 {
	t := b.tokens
	if now > b.at {
		t = min(b.Cap, t+(now-b.at)*b.Rate)
	}
	return t
}

// NextToken is the earliest time at or after now when a token is there.
func (b *Bucket) NextToken(now float64) float64 {
	t := b.Tokens(now)
	if t >= 1 || b.Rate <= 0 {
		return now
	}
	return now + (1-t)/b.Rate
}

// RPSBucket is the invoke-rate limit for a concurrency (the account quota,
// or the function's reserved concurrency): 10 × concurrency per second,
// with one second's worth of requests as the burst.
func RPSBucket(concurrency int) Bucket {
	r := float64(RPSPerConcurrency * concurrency)
	return NewBucket(r, r)
}

// UnreservedMin is how much of the account limit must stay unreserved.
func UnreservedMin(accountLimit int) int { return min(UnreservedMinimum, accountLimit) }

// CheckReserved reports whether reserving totalReserved (all functions) in
// an account of accountLimit leaves the unreserved minimum; minimum is that
// minimum, for the error message.
func CheckReserved(accountLimit, totalReserved int) (minimum int, ok bool) {
	minimum = UnreservedMin(accountLimit)
	return minimum, accountLimit-totalReserved >= minimum
}

// ConcurrencyReason decides whether a function may start one more
// environment: reserved < 0 means no reserved concurrency; inUse is the
// function's concurrency (busy environments plus every provisioned one);
// pool and poolUsed are the account's unreserved pool and what the
// functions without reserved concurrency use of it. "" means yes;
// otherwise the throttle reason.
func ConcurrencyReason(reserved, inUse, pool, poolUsed int) string {
	if reserved >= 0 {
		if inUse >= reserved {
			return ReasonReservedConcurrentLimit
		}
		return ""
	}
	if poolUsed >= pool {
		return ReasonConcurrentLimit
	}
	return ""
}

// RateReason is the reason of a refusal by a rate limit (the scaling rate
// or the RPS limit), which depends on whether the function has reserved
// concurrency.
func RateReason(hasReserved bool) string {
	if hasReserved {
		return ReasonReservedRateLimit
	}
	return ReasonFunctionRateLimit
}

// Jitter spreads v by ±frac: u is a uniform draw in [0, 1).
func Jitter(v, frac, u float64) float64 { return v * (1 + frac*(2*u-1)) }

// Expiry is when an idle environment is reclaimed: ttl after its last use,
// or life after its creation, whichever comes first (seconds).
func Expiry(created, lastUsed, ttl, life float64) float64 { return min(lastUsed+ttl, created+life) }

// AsyncBackoff is the wait before retrying an event that was throttled for
// the n-th time in a row (n from 1): 1 s doubling up to 5 min.
func AsyncBackoff(n int) time.Duration {
	d := AsyncBackoffMin
	for i := 1; i < n && d < AsyncBackoffMax; i++ {
		d *= 2
	}
	return min(d, AsyncBackoffMax)
}
