package exercises

import (
	"context"
	"fmt"
	"path"
)

// DevCheck is rustlings' `dev check` for one exercise in one runtime: the
// starter must fail at least one test and the solution must pass them all.
// It returns what is wrong, nothing when both hold. The embedded exercises'
// test and `lambdatutor pack lint` both run it.
func DevCheck(ctx context.Context, ex *Exercise, rt Runtime) Problems {
	var ps Problems
	where := func(kind string) string { return path.Join(ex.Dir, string(rt), kind) }
	res, err := Check(ctx, ex, ex.StarterCode(rt), CheckOptions{})
	switch {
	case err != nil:
		ps = append(ps, Problem{Path: where("starter"), Msg: fmt.Sprintf("the %s starter could not be checked: %v", rt.Title(), err)})
	case res.Passed:
		ps = append(ps, Problem{Path: where("starter"), Msg: fmt.Sprintf("the %s STARTER passes all %d tests; it must fail at least one, so that the learner has something to do", rt.Title(), len(res.Tests))})
	}
	res, err = Check(ctx, ex, ex.SolutionCode(rt), CheckOptions{})
	switch {
	case err != nil:
		ps = append(ps, Problem{Path: where("solution"), Msg: fmt.Sprintf("the %s solution could not be checked: %v", rt.Title(), err)})
	case !res.Passed:
		ps = append(ps, Problem{Path: where("solution"), Msg: fmt.Sprintf("the %s SOLUTION fails %d of %d tests:\n%s", rt.Title(), len(res.Tests)-res.PassedCount, len(res.Tests), res.Panel(120))})
	}
	return ps
}
