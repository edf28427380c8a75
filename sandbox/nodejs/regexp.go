package nodejs

import (
	"time"

	"github.com/dlclark/regexp2/v2"
)

// regexMatchTimeout bounds one match of a regular expression that goja
// runs on regexp2 (those with lookaround or backreferences). Such a match
// runs outside the VM's instruction loop, where neither the function's
// timeout nor a cancel can stop it, so a catastrophically backtracking
// pattern would otherwise run for ever (Node's would too, until Lambda's
// timeout ends it). When a match gives up, the VM's pending interrupt (the
// function's timeout, or a cancel) takes effect at the next instruction,
// so a runaway pattern ends at most this long after the timeout. goja
// reads a match that gave up as "no match": a pattern that needs more
// than this much real time on one input, in a function whose timeout is
// still far off, gets that answer instead of Node's.
const regexMatchTimeout = 2 * time.Second

func init() { regexp2.DefaultMatchTimeout = regexMatchTimeout }
