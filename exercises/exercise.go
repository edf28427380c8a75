package exercises

import (
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	// The engines register the runtimes the checker runs.
	_ "github.com/lambdatutor/lambdatutor/sandbox/nodejs"
	_ "github.com/lambdatutor/lambdatutor/sandbox/python"
)

// Runtime is a language an exercise is solved in.
type Runtime string

// The two runtimes of every exercise.
const (
	Node   Runtime = "node"
	Python Runtime = "python"
)

// Runtimes lists the runtimes in display order.
var Runtimes = []Runtime{Node, Python}

// ParseRuntime reads a runtime name: "node" (also "nodejs", "js") or
// "python" (also "py").
func ParseRuntime(s string) (Runtime, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "node", "nodejs", "js", "javascript":
		return Node, nil
	case "python", "py":
		return Python, nil
	}
	return "", fmt.Errorf("unknown runtime %q; use node or python", s)
}

// SandboxRuntime is the Lambda runtime the checker runs: nodejs22.x for
// node and python3.13 for python.
func (r Runtime) SandboxRuntime() string {
	if r == Python {
		return "python3.13"
	}
	return "nodejs22.x"
}

// Handler is the function's handler setting: index.handler or
// lambda_function.lambda_handler.
func (r Runtime) Handler() string {
	if r == Python {
		return "lambda_function.lambda_handler"
	}
	return "index.handler"
}

// MainFile is the file the handler lives in: index.js or
// lambda_function.py.
func (r Runtime) MainFile() string {
	if r == Python {
		return "lambda_function.py"
	}
	return "index.js"
}

// Title is the runtime's display name.
func (r Runtime) Title() string {
	if r == Python {
		return "Python"
	}
	return "Node.js"
}

// Exercise is one parsed, validated exercise.
type Exercise struct {
	// Order is the NN of the folder name, the position in the list.
	Order int
	// Dir is the folder name, "01-hello-world".
	Dir string
	ID  string
	// Title, Concept and Tags describe the task.
	Title   string
	Concept string
	Tags    []string
	// Difficulty is 1 (easy) to 3.
	Difficulty int
	// Lesson is the lesson id and LessonAnchor the "##" section (may be
	// empty) the exercise builds on.
	Lesson       string
	LessonAnchor string
	// Hints are the three hints, from a nudge to a near-solution.
	Hints []string
	// README is the task in Markdown.
	README string
	// Starter and Solution hold the code files per runtime: path relative
	// to the function's root to content.
	Starter  map[Runtime]map[string]string
	Solution map[Runtime]map[string]string
	// ConfigFile is set when the learner's config.json overrides the
	// function's memory, timeout and reserved concurrency; StarterConfig
	// is that file as handed out, SolutionConfig the one that passes
	// (the solution folders' config.json, else the starter's).
	ConfigFile     bool
	StarterConfig  string
	SolutionConfig map[Runtime]string
	// Function are the defaults of every test.
	Function FunctionSpec
	// Tests run in order.
	Tests []TestSpec
	// Project is set when the exercise is a small application declared
	// in a lambdatutor.yaml beside each runtime's starter and solution
	// (see sandbox/project); the checker deploys the learner's file.
	Project bool

	// events are the tests' events, built at load: events[test][step].
	events [][][]byte
}

// FunctionName is the name of the function the checker runs: the id, with
// a content pack's "pack/" namespace joined by '-' ("skyrail-check-tags"),
// since Lambda function names have no '/'.
func (e *Exercise) FunctionName() string { return strings.ReplaceAll(e.ID, "/", "-") }

// LessonRef is the lesson link as written: "id" or "id#anchor".
func (e *Exercise) LessonRef() string {
	if e.LessonAnchor == "" {
		return e.Lesson
	}
	return e.Lesson + "#" + e.LessonAnchor
}

// Files returns the starter or solution code of a runtime, a copy.
func (e *Exercise) Files(rt Runtime, solution bool) map[string]string {
	src := e.Starter[rt]
	if solution {
		src = e.Solution[rt]
	}
	out := make(map[string]string, len(src))
	for k, v := range src {
		out[k] = v
	}
	return out
}

// StarterCode is the code a learner starts from, with the starter
// config.json when the exercise has one.
func (e *Exercise) StarterCode(rt Runtime) Code {
	return Code{Runtime: rt, Files: e.Files(rt, false), Config: e.StarterConfig}
}

// SolutionCode is the reference solution, with its config.json.
func (e *Exercise) SolutionCode(rt Runtime) Code {
	return Code{Runtime: rt, Files: e.Files(rt, true), Config: e.SolutionConfig[rt]}
}

// spec is exercise.yaml.
type spec struct {
	ID         string       `yaml:"id"`
	Title      string       `yaml:"title"`
	Difficulty int          `yaml:"difficulty"`
	Tags       []string     `yaml:"tags"`
	Lesson     string       `yaml:"lesson"`
	Concept    string       `yaml:"concept"`
	Hints      []string     `yaml:"hints"`
	Function   FunctionSpec `yaml:"function"`
	ConfigFile bool         `yaml:"config_file"`
	Project    bool         `yaml:"project"`
	Tests      []TestSpec   `yaml:"tests"`
}

// FunctionSpec is a function's configuration in exercise.yaml; nil fields
// are not set (Lambda's defaults, or the exercise's for a test).
type FunctionSpec struct {
	MemoryMB    *int              `yaml:"memory_mb"`
	TimeoutS    *int              `yaml:"timeout_s"`
	Env         map[string]string `yaml:"env"`
	EphemeralMB *int              `yaml:"ephemeral_mb"`
	// ReservedConcurrency: nil (or null) means none. A test can set a
	// number, not remove the exercise's.
	ReservedConcurrency *int `yaml:"reserved_concurrency"`
	// AccountConcurrency is the account's limit (default 1000).
	AccountConcurrency *int `yaml:"account_concurrency"`
}

// merge returns f with o's set fields on top; env keys are merged.
func (f FunctionSpec) merge(o FunctionSpec) FunctionSpec {
	if o.MemoryMB != nil {
		f.MemoryMB = o.MemoryMB
	}
	if o.TimeoutS != nil {
		f.TimeoutS = o.TimeoutS
	}
	if o.EphemeralMB != nil {
		f.EphemeralMB = o.EphemeralMB
	}
	if o.ReservedConcurrency != nil {
		f.ReservedConcurrency = o.ReservedConcurrency
	}
	if o.AccountConcurrency != nil {
		f.AccountConcurrency = o.AccountConcurrency
	}
	if len(o.Env) > 0 {
		env := make(map[string]string, len(f.Env)+len(o.Env))
		for k, v := range f.Env {
			env[k] = v
		}
		for k, v := range o.Env {
			env[k] = v
		}
		f.Env = env
	}
	return f
}

// TestSpec is one test of exercise.yaml.
type TestSpec struct {
	Name string `yaml:"name"`
	// SameFunctionAsPrevious runs the test on the previous test's function
	// and account (warm environments, clock) instead of a fresh one.
	SameFunctionAsPrevious bool         `yaml:"same_function_as_previous"`
	Function               FunctionSpec `yaml:"function"`
	// Seed is the cloud state a project test starts from.
	Seed   SeedSpec   `yaml:"seed"`
	Steps  []StepSpec `yaml:"steps"`
	Expect TestExpect `yaml:"expect"`
}

// SeedSpec is what a project test puts in the account before its first
// step, as an administrator would: written before the triggers are wired,
// so seeding fires no S3 notification, but seeded messages are in their
// queue for its event source mapping.
type SeedSpec struct {
	// Items are DynamoDB items per table, in the document form
	// ({id: "a", n: 1}).
	Items map[string][]map[string]any `yaml:"items"`
	// Objects are S3 objects per bucket: key to body.
	Objects map[string]map[string]string `yaml:"objects"`
	// Messages are SQS message bodies per queue.
	Messages map[string][]string `yaml:"messages"`
	// Secrets set the string value of secrets the project declares.
	Secrets map[string]string `yaml:"secrets"`
}

func (s SeedSpec) empty() bool {
	return len(s.Items)+len(s.Objects)+len(s.Messages)+len(s.Secrets) == 0
}

// StepSpec is one step: invocations of one event.
type StepSpec struct {
	Event EventSpec `yaml:"event"`
	// Repeat runs the step N times in a row (default 1).
	Repeat int `yaml:"repeat"`
	// Advance is virtual time let pass before the step.
	Advance Duration `yaml:"advance"`
	// Concurrent sends N copies of the event at the same instant.
	Concurrent int `yaml:"concurrent"`
	// Async invokes with InvocationType Event: a function error is retried
	// twice, at +1 min and +2 min.
	Async  bool       `yaml:"async"`
	Expect StepExpect `yaml:"expect"`

	// Project exercises only. Function names the project's function an
	// event is sent to (default: the first one declared).
	Function string `yaml:"function"`
	// PutObject and SendMessages are steps without an event: they act on
	// the account as a client outside the functions would, and the
	// triggers fire.
	PutObject    *PutObjectSpec    `yaml:"put_object"`
	SendMessages *SendMessagesSpec `yaml:"send_messages"`
	// Settle is the virtual time the work the step triggered may take
	// (asynchronous events and their retries, visibility timeouts,
	// stream records) before the next step; default 15m.
	Settle *Duration `yaml:"settle"`
}

// PutObjectSpec uploads one object.
type PutObjectSpec struct {
	Bucket      string            `yaml:"bucket"`
	Key         string            `yaml:"key"`
	Body        string            `yaml:"body"`
	ContentType string            `yaml:"content_type"`
	Metadata    map[string]string `yaml:"metadata"`
}

// SendMessagesSpec sends messages to a queue, one SendMessage each.
type SendMessagesSpec struct {
	Queue  string   `yaml:"queue"`
	Bodies []string `yaml:"bodies"`
}

// EventSpec is where a step's event comes from: exactly one of Template
// (a sandbox/events template), JSON (the event itself) or File (a JSON
// file in the exercise folder), then Set applied.
type EventSpec struct {
	Template string `yaml:"template"`
	JSON     any    `yaml:"json"`
	File     string `yaml:"file"`
	// Set holds values set at dotted paths ("requestContext.http.method",
	// "Records.0.body"); missing objects on the way are created.
	Set map[string]any `yaml:"set"`
}

// StepExpect is checked on every invocation of a step. For an async step
// an invocation is one event: its outcome is the last attempt, its log
// all attempts' logs, and cold the first attempt's.
type StepExpect struct {
	OK                   *bool    `yaml:"ok"`
	Response             any      `yaml:"response"`
	BodyJSON             any      `yaml:"body_json"`
	Body                 *string  `yaml:"body"`
	ErrorType            string   `yaml:"error_type"`
	ErrorMessageContains string   `yaml:"error_message_contains"`
	LogContains          []string `yaml:"log_contains"`
	LogNotContains       []string `yaml:"log_not_contains"`
	Cold                 *bool    `yaml:"cold"`
}

// TestExpect is checked after all steps of a test, over all of its
// invocations (async retries included; throttled requests are counted in
// Throttles, not Invocations).
type TestExpect struct {
	ColdStarts        *int     `yaml:"cold_starts"`
	Invocations       *int     `yaml:"invocations"`
	Throttles         *int     `yaml:"throttles"`
	Errors            *int     `yaml:"errors"`
	MaxDurationMs     *float64 `yaml:"max_duration_ms"`
	MaxWarmDurationMs *float64 `yaml:"max_warm_duration_ms"`
	MaxBilledMsTotal  *int64   `yaml:"max_billed_ms_total"`
	MaxCostUSD        *float64 `yaml:"max_cost_usd"`

	// Project exercises only: the cloud state after the last step.
	// Items: per table, exactly these items, each matched as a subset
	// (extra attributes are fine), in any order.
	Items map[string][]map[string]any `yaml:"items"`
	// Objects: per bucket, exactly these keys.
	Objects map[string][]string `yaml:"objects"`
	// Messages: per queue, exactly these bodies in queue order, in-flight
	// messages included.
	Messages map[string][]string `yaml:"messages"`
	// Calls count the SDK calls the functions made.
	Calls []CallExpect `yaml:"calls"`
	// Policy asks the learner's execution-role policy what it allows.
	Policy *PolicyExpect `yaml:"policy"`
}

// CallExpect counts the test's SDK calls of one operation, written as
// service:Operation with IAM's service prefix and the API's operation name
// ("dynamodb:PutItem", "s3:PutObject", "sns:Publish", "lambda:Invoke");
// with Error, only the calls that failed with that code
// ("ConditionalCheckFailedException", "AccessDeniedException",
// "AccessDenied").
type CallExpect struct {
	Call  string `yaml:"call"`
	Error string `yaml:"error"`
	Count *int   `yaml:"count"`
}

// PolicyExpect evaluates a function's execution-role policy (default: the
// first function) as IAM would: every entry of Allows must be allowed and
// every entry of Denies denied. An entry is "action resource-ARN".
type PolicyExpect struct {
	Function string   `yaml:"function"`
	Allows   []string `yaml:"allows"`
	Denies   []string `yaml:"denies"`
}

func (e TestExpect) cloud() bool {
	return len(e.Items)+len(e.Objects)+len(e.Messages)+len(e.Calls) > 0 || e.Policy != nil
}

// Duration is a YAML duration: "15m", "1m30s", "0s"; a bare number is
// seconds.
type Duration time.Duration

// UnmarshalYAML reads "15m" or a number of seconds.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a duration must be like 15m or 90s", n.Line)
	}
	if v, err := time.ParseDuration(n.Value); err == nil {
		if v < 0 {
			return fmt.Errorf("line %d: duration %q is negative", n.Line, n.Value)
		}
		*d = Duration(v)
		return nil
	}
	var secs float64
	if err := n.Decode(&secs); err != nil || secs < 0 {
		return fmt.Errorf("line %d: %q is not a duration; write it like 15m, 90s or 500ms", n.Line, n.Value)
	}
	*d = Duration(secs * float64(time.Second))
	return nil
}
