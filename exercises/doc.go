// Package exercises is the catalog and checker of the handler exercises:
// small Lambda handler tasks in Node.js and Python whose tests run the
// learner's code in the sandbox (the mini-runtime, deterministic mode) and
// compare the response, error, log, cold/warm counts, durations and cost
// with what the exercise expects.
//
// # Content
//
// The exercises are embedded from content/NN-id/ (exercise.yaml,
// README.md, node/ and python/ starter and solution folders, an optional
// config.json) and parsed and validated on the first call of Default.
// Load does the same for any folder and reports every problem with its
// file and line. Details of the format this package implements, beyond
// the shared contract:
//
//   - event.file is a JSON file inside the exercise folder; event.set keys
//     are dotted paths whose numeric parts index arrays ("Records.0.body");
//     objects missing on the way are created.
//   - advance takes a Go duration ("15m", "90s") or a number of seconds.
//   - A test's function settings override the exercise's; env maps are
//     merged. A test cannot remove the exercise's reserved concurrency.
//   - The solution's config.json lives in <runtime>/solution/config.json;
//     without one the starter's (root) config.json is used. Its keys are
//     memory_mb, timeout_s and reserved_concurrency (null: none).
//   - A throttled request counts as an invocation of its step that failed
//     with error_type TooManyRequestsException; the test's invocations
//     total counts runs (async retries included), throttles apart.
//   - An async step's invocation is the event: ok, response and error are
//     those of its last attempt, the log that of all attempts, cold that of
//     the first.
//
// # Project exercises
//
// An exercise with "project: true" is a small application: each runtime's
// starter and solution hold a lambdatutor.yaml (sandbox/project) beside
// the code, declaring the functions, their execution-role policies and
// triggers, and the tables, buckets, queues, topics and secrets. It is one
// of the learner's files (the editor's second file, editable), and the
// checker deploys the learner's copy, never the reference's, afresh for
// each test (in deterministic mode, a function's runtime defaulting to the
// check's). The exercise then has no function: or config_file:. Its
// solutions' files are parsed at load, and every name a test uses must be
// declared in both.
//
//	tests:
//	  - name: ...
//	    seed:                       # the account before the first step
//	      items:    {payments: [{paymentId: pay-7, amount: 20}]}
//	      objects:  {uploads: {"a.txt": "body"}}
//	      messages: {orders: ['{"id": 1}']}
//	      secrets:  {prod/key: "v2"}      # a secret the project declares
//	    steps:
//	      - event: {json: {...}}          # to the first function, or
//	        function: other-fn            # to this one (sync, as today)
//	      - put_object: {bucket: uploads, key: "in/a b.jpg", body: "...",
//	                     content_type: image/jpeg, metadata: {uploader: ada}}
//	      - send_messages: {queue: orders, bodies: ['...', '...']}
//	        advance: 1m                   # virtual time before the step
//	        settle: 15m                   # default 15m
//	    expect:
//	      items:    {payments: [{paymentId: pay-7}]}  # exactly these, any order
//	      objects:  {uploads: ["a.txt"]}              # exactly these keys
//	      messages: {orders: [], orders-dlq: ['...']} # bodies in queue order, in-flight included
//	      calls:    [{call: dynamodb:PutItem, error: ConditionalCheckFailedException, count: 1}]
//	      policy:   {function: f, allows: ["s3:PutObject arn:aws:s3:::b/k"], denies: [...]}
//	      invocations: 3                  # every function's, triggered runs included
//	      errors: 1                       # the failed runs among them, retries included
//
// Each step does one thing: an event to a function (repeat allowed, not
// async or concurrent: the triggers invoke asynchronously by themselves),
// an upload, or messages sent. Then the work it triggered settles on the
// virtual clock (asynchronous events and their retries, SQS event source
// mappings with visibility timeouts and redrive, stream records) for at
// most settle. Uploads and messages act as a client outside the functions:
// not checked against any policy and not in the calls. Seeding is done
// before the triggers are wired, so seeded objects notify nothing; seeded
// messages wait in their queue for its mapping. The item expectations are
// subsets of the items in the document form (numbers as numbers); calls
// name IAM's service prefix and the API operation (lambda:Invoke, not
// lambda:InvokeFunction). A failing project test lists what the triggers
// did (TestResult.Triggered) and shows the first triggered run that
// failed; a failing items expectation also names the fields in which the
// nearest item differs from the first expected item that nothing matched. A lambdatutor.yaml the learner broke stops the check before any
// test (CheckResult.ConfigError, ConfigPath) with the file's line.
//
// # API for the TUI
//
// Service ties the catalog, the checker and the progress store together:
//
//	cat, err := exercises.Default()                   // lazily parsed, cached
//	svc := exercises.NewService(cat, store)            // store may be nil
//	items, err := svc.List(ctx, userID)                // []Item{Exercise, Status, Record}
//	ex, err := svc.Get("hello-world")                  // also "01-hello-world" or "1"
//	ex.README                                          // the task, Markdown
//	ex.StarterCode(exercises.Node)                     // Code{Runtime, Files, Config}
//	ex.Hints                                           // three hints
//	res, rec, err := svc.Check(ctx, userID, ex, code)  // runs the tests, records the attempt
//	res.Panel(width)                                   // the results panel, plain text
//	res.Tests[i].Mismatches                            // expected vs actual, for custom rendering
//	n, hint, err := svc.Hint(ctx, userID, ex)          // reveals and records the next hint
//	code, err := svc.Solution(ctx, userID, ex, rt)     // wraps ErrNotSolved until a pass
//	next, err := svc.Next(ctx, userID, ex.ID)          // the next unsolved exercise
//
// Check (the function) runs without recording anything. Checks run one at
// a time in the process (the sandbox measures memory on the whole heap);
// each is bounded in real time (CheckOptions.WallLimit per test,
// TotalWallLimit per check), so hostile code always ends in a result.
//
// # Local mode
//
// Workspace is the learner's folder on disk for `lambdatutor exercises
// init/check/watch/reset`: one folder per exercise with README.md, the
// starter code and config.json, plus StateFile recording the runtime, the
// current exercise and the starters handed out (so that edited files are
// never overwritten). ReadCode reports a folder edited into a broken state
// as a *BrokenError.
package exercises
