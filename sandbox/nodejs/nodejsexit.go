package nodejs

import (
	"errors"
	"time"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// errLoopEmpty reports that the event loop has nothing left to run while
// a promise the runtime waits for is still pending.
var errLoopEmpty = errors.New("the event loop is empty and the promise is still pending")

// nodeJsExitMessage is the runtime interface client's NodeJsExit error
// (aws-lambda-nodejs-runtime-interface-client, src/Errors.js): when the
// event loop empties while an async handler's promise is pending, Node
// would exit, and the client's beforeExit listener fails the invocation
// with this error instead (src/Runtime.js, _setDefaultExitListener). The
// environment stays warm. See also
// https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html#troubleshooting-invocation-nodejs-exit
const nodeJsExitMessage = "The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes"

func nodeJsExitError() *sandbox.FunctionError {
	return &sandbox.FunctionError{Type: "Runtime.NodeJsExit", Message: nodeJsExitMessage,
		Trace: []string{"Runtime.NodeJsExit: " + nodeJsExitMessage}}
}

// handlerIsAsync is the runtime client's test for an async handler: its
// constructor is named AsyncFunction. A plain function that returns a
// promise which never settles gets a null response instead.
func (in *instance) handlerIsAsync() bool {
	if in.handlerObj == nil {
		return false
	}
	async := false
	_ = in.guard(func() {
		if c, ok := in.handlerObj.Get("constructor").(*goja.Object); ok {
			async = c.Get("name").String() == "AsyncFunction"
		}
	})
	return async
}

// waitOutIfEmpty turns errLoopEmpty into a timeout where the runtime has
// no beforeExit answer (a streamed response, top-level await): the
// invocation waits out its deadline.
func (in *instance) waitOutIfEmpty(c *sandbox.Call, err error) error {
	if !errors.Is(err, errLoopEmpty) {
		return err
	}
	_ = c.Wait(c.Remaining() + time.Millisecond)
	return sandbox.ErrDeadline
}
