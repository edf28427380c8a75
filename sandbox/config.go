package sandbox

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Limits of a function's configuration (FACTS §2).
const (
	MinMemoryMB    = 128
	MaxMemoryMB    = 10240
	MinTimeoutSec  = 1
	MaxTimeoutSec  = 900
	MinEphemeralMB = 512
	MaxEphemeralMB = 10240
	// MaxEnvBytes is the 4 KB limit on all environment variables together.
	MaxEnvBytes = 4096
	// MaxSyncPayload is the synchronous request limit: 6 MiB.
	MaxSyncPayload = 6 * 1024 * 1024
	// MaxResponsePayload is the synchronous response limit, 6 MiB + 100
	// bytes as measured (FACTS §2).
	MaxResponsePayload = 6*1024*1024 + 100
	// MaxInitTime is how long an on-demand INIT may run before Lambda
	// abandons it and retries it inside the first invoke.
	MaxInitTime = 10 * time.Second
)

// Defaults applied by Config.WithDefaults.
const (
	DefaultFunctionName = "my-function"
	DefaultMemoryMB     = 128
	DefaultTimeoutSec   = 3
	DefaultEphemeralMB  = 512
	DefaultRegion       = "us-east-1"
	DefaultAccountID    = "123456789012"
)

// Config is a function's configuration, with its code.
type Config struct {
	FunctionName string
	// Runtime is a runtime identifier such as "nodejs22.x".
	Runtime string
	// Handler is "file.export": index.handler runs export handler of index.js.
	Handler string
	// MemoryMB is the memory size, 128 to 10240 in 1 MB steps.
	MemoryMB int
	// TimeoutSec is the timeout, 1 to 900 seconds.
	TimeoutSec int
	// Arch is x86_64 or arm64.
	Arch Arch
	// Env holds the function's environment variables.
	Env map[string]string
	// EphemeralMB is the size of /tmp, 512 to 10240 MB.
	EphemeralMB int
	// Files is the deployment package: path relative to the task root
	// ("index.js", "lib/util.js") to content.
	Files map[string]string
	// Region and AccountID appear in ARNs and AWS_REGION.
	Region    string
	AccountID string
	// ReservedConcurrency, when not nil, caps the function's environments
	// and carves them out of the account pool; 0 throttles every call.
	ReservedConcurrency *int
	// ProvisionedConcurrency is the number of environments initialised
	// ahead. Lambda attaches it to a published version, so a function with
	// provisioned concurrency is invoked as version "1".
	ProvisionedConcurrency int
	// AWS runs the handler's SDK calls against the in-process AWS services
	// of the function's project (lambdatutor.yaml), as the function's
	// execution role; nil when the function has no project.
	AWS AWSFunc
}

// AWSFunc runs one SDK call made during the call c: service as the SDK
// names its client ("dynamodb", "s3", ...), op as the API names the
// operation, input and output in the AWS SDK for JavaScript v3's shapes.
// Errors AWS would answer are *cloud.Error values (sandbox/cloud).
type AWSFunc func(c *Call, service, op string, input map[string]any) (map[string]any, error)

// WithDefaults returns a copy with the zero fields set to Lambda's defaults.
func (c Config) WithDefaults() Config {
	if c.FunctionName == "" {
		c.FunctionName = DefaultFunctionName
	}
	if c.MemoryMB == 0 {
		c.MemoryMB = DefaultMemoryMB
	}
	if c.TimeoutSec == 0 {
		c.TimeoutSec = DefaultTimeoutSec
	}
	if c.Arch == "" {
		c.Arch = X86_64
	}
	if c.EphemeralMB == 0 {
		c.EphemeralMB = DefaultEphemeralMB
	}
	if c.Region == "" {
		c.Region = DefaultRegion
	}
	if c.AccountID == "" {
		c.AccountID = DefaultAccountID
	}
	return c
}

// Timeout returns the timeout as a duration.
func (c Config) Timeout() time.Duration { return time.Duration(c.TimeoutSec) * time.Second }

// Version is the version invocations run: "$LATEST", or "1" when
// provisioned concurrency is configured (it needs a published version).
func (c Config) Version() string {
	if c.ProvisionedConcurrency > 0 {
		return "1"
	}
	return "$LATEST"
}

// FunctionARN is the unqualified ARN of the function.
func (c Config) FunctionARN() string {
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", c.Region, c.AccountID, c.FunctionName)
}

// LogGroup is the CloudWatch log group of the function.
func (c Config) LogGroup() string { return "/aws/lambda/" + c.FunctionName }

// CodeSize is the total size of the deployment package in bytes.
func (c Config) CodeSize() int {
	n := 0
	for _, s := range c.Files {
		n += len(s)
	}
	return n
}

// ValidationError is a configuration Lambda would refuse, worded as
// Lambda's API words it, followed by what to change.
type ValidationError struct {
	// Field is the API member at fault, such as "memorySize".
	Field string
	// Message is Lambda's text.
	Message string
	// Hint says what to do.
	Hint string
}

func (e *ValidationError) Error() string {
	if e.Hint == "" {
		return e.Message
	}
	return e.Message + " (" + e.Hint + ")"
}

func constraint(field, value, rule, hint string) *ValidationError {
	return &ValidationError{Field: field, Hint: hint,
		Message: fmt.Sprintf("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s", value, field, rule)}
}

// ReservedEnvNames are the variables Lambda sets itself and refuses in a
// function's configuration.
var ReservedEnvNames = []string{
	"_HANDLER", "_X_AMZN_TRACE_ID", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
	"AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
	"AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
	"AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
	"AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION",
	"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR",
	"LAMBDA_TASK_ROOT",
}

// The three name checks below are plain loops rather than package-level
// regular expressions: compiling the counted repetitions ({1,64}, {1,128})
// cost about half a millisecond of every command's start-up.

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// validFunctionName reports whether s matches ^[a-zA-Z0-9_-]{1,64}$.
func validFunctionName(s string) bool {
	if len(s) < 1 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !isASCIIAlnum(r) && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

// validEnvKey reports whether s matches ^[a-zA-Z]([a-zA-Z0-9_])+$.
func validEnvKey(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i, r := range s {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if i == 0 && !letter || i > 0 && !isASCIIAlnum(r) && r != '_' {
			return false
		}
	}
	return true
}

// validHandler reports whether s matches ^[^\s]{1,128}$: 1 to 128
// characters (runes, as the regular expression counts them), none of them
// the ASCII white space that \s means (tab, newline, form feed, carriage
// return, space).
func validHandler(s string) bool {
	n := 0
	for _, r := range s {
		switch r {
		case '\t', '\n', '\f', '\r', ' ':
			return false
		}
		n++
	}
	return n >= 1 && n <= 128
}

// Validate checks the configuration as Lambda's CreateFunction does. Call
// it on WithDefaults' result; zero fields are errors here.
func (c Config) Validate() error {
	if !validFunctionName(c.FunctionName) {
		return constraint("functionName", c.FunctionName, "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+ and have length less than or equal to 64",
			"use letters, digits, hyphens and underscores")
	}
	if _, ok := engineFor(c.Runtime); !ok {
		return constraint("runtime", c.Runtime, "Member must satisfy enum value set: ["+strings.Join(Runtimes(), ", ")+"]",
			"pick one of the listed runtimes")
	}
	if !validHandler(c.Handler) {
		return constraint("handler", c.Handler, "Member must satisfy regular expression pattern: [^\\s]+ and have length less than or equal to 128",
			"write the handler as file.export, for example index.handler")
	}
	if c.MemoryMB < MinMemoryMB {
		return constraint("memorySize", fmt.Sprint(c.MemoryMB), "Member must have value greater than or equal to 128", "use 128 to 10240 MB")
	}
	if c.MemoryMB > MaxMemoryMB {
		return constraint("memorySize", fmt.Sprint(c.MemoryMB), "Member must have value less than or equal to 10240", "use 128 to 10240 MB")
	}
	if c.TimeoutSec < MinTimeoutSec {
		return constraint("timeout", fmt.Sprint(c.TimeoutSec), "Member must have value greater than or equal to 1", "use 1 to 900 seconds")
	}
	if c.TimeoutSec > MaxTimeoutSec {
		return constraint("timeout", fmt.Sprint(c.TimeoutSec), "Member must have value less than or equal to 900", "use 1 to 900 seconds")
	}
	if c.Arch != X86_64 && c.Arch != ARM64 {
		return constraint("architectures", "["+string(c.Arch)+"]", "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]",
			"use x86_64 or arm64")
	}
	if c.EphemeralMB < MinEphemeralMB {
		return constraint("ephemeralStorage.size", fmt.Sprint(c.EphemeralMB), "Member must have value greater than or equal to 512", "use 512 to 10240 MB")
	}
	if c.EphemeralMB > MaxEphemeralMB {
		return constraint("ephemeralStorage.size", fmt.Sprint(c.EphemeralMB), "Member must have value less than or equal to 10240", "use 512 to 10240 MB")
	}
	if c.ReservedConcurrency != nil && *c.ReservedConcurrency < 0 {
		return constraint("reservedConcurrentExecutions", fmt.Sprint(*c.ReservedConcurrency), "Member must have value greater than or equal to 0", "use 0 or more")
	}
	if c.ProvisionedConcurrency < 0 {
		return constraint("provisionedConcurrentExecutions", fmt.Sprint(c.ProvisionedConcurrency), "Member must have value greater than or equal to 1", "use 1 or more, or 0 for none")
	}
	if c.ReservedConcurrency != nil && c.ProvisionedConcurrency > *c.ReservedConcurrency {
		return &ValidationError{Field: "provisionedConcurrentExecutions",
			Message: fmt.Sprintf("InvalidParameterValueException: Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function. Requested: %d, reservedConcurrentExecution: %d", c.ProvisionedConcurrency, *c.ReservedConcurrency),
			Hint:    "lower provisioned concurrency or raise reserved concurrency"}
	}
	return c.validateEnv()
}

func (c Config) validateEnv() error {
	keys := make([]string, 0, len(c.Env))
	for k := range c.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var reserved []string
	for _, k := range keys {
		for _, r := range ReservedEnvNames {
			if k == r {
				reserved = append(reserved, k)
			}
		}
	}
	if len(reserved) > 0 {
		return &ValidationError{Field: "environment",
			Message: "InvalidParameterValueException: Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: " + strings.Join(reserved, ", "),
			Hint:    "rename these variables; Lambda sets them itself"}
	}
	for _, k := range keys {
		if !validEnvKey(k) {
			return constraint("environment.variables", k, "Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+",
				"start the name with a letter and use letters, digits and underscores")
		}
	}
	b, _ := json.Marshal(c.Env) // sorted keys: the measured string is stable
	if len(c.Env) > 0 && len(b) > MaxEnvBytes {
		return &ValidationError{Field: "environment",
			Message: fmt.Sprintf("InvalidParameterValueException: Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: %s", truncate(string(b), 200)),
			Hint:    fmt.Sprintf("the variables take %d bytes; keep them under %d", len(b), MaxEnvBytes)}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
