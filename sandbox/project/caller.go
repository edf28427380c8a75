package project

import (
	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
)

// Caller is the function's door to the project's account, for
// sandbox.Config.AWS: each SDK call first moves the services' clock to
// the virtual time of the call making it, then goes through the account
// as the function's execution role.
func Caller(a *account.Account, fn Function, clock *cloud.VirtualClock) sandbox.AWSFunc {
	p := account.Principal{Role: fn.Role, Function: fn.Name, Policy: fn.Policy}
	return func(c *sandbox.Call, service, op string, input map[string]any) (map[string]any, error) {
		if c != nil {
			clock.Set(c.Now())
		}
		return a.Call(p, service, op, input)
	}
}

// Function returns the project's function of that name.
func (p *Project) Function(name string) (Function, bool) {
	for _, f := range p.Functions {
		if f.Name == name {
			return f, true
		}
	}
	return Function{}, false
}
