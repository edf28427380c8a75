package python

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// lambdaContext is the context object of one invocation, with the Python
// runtime's names (FACTS §3.3).
type lambdaContext struct {
	in   *instance
	call *sandbox.Call
}

func newContext(in *instance, c *sandbox.Call) *lambdaContext { return &lambdaContext{in: in, call: c} }

func (c *lambdaContext) String() string       { return "<__main__.LambdaContext object>" }
func (c *lambdaContext) Type() string         { return "LambdaContext" }
func (c *lambdaContext) Freeze()              {}
func (c *lambdaContext) Truth() starlark.Bool { return true }
func (c *lambdaContext) Hash() (uint32, error) {
	return 0, raise("TypeError", "unhashable type: 'LambdaContext'")
}
func (c *lambdaContext) pyRepr() string {
	cfg := c.in.h.Config
	return fmt.Sprintf("LambdaContext([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,function_name=%s,memory_limit_in_mb=%d,function_version=%s,invoked_function_arn=%s,client_context=None,identity=CognitoIdentity([cognito_identity_id=None,cognito_identity_pool_id=None])])",
		c.call.RequestID, cfg.LogGroup(), c.in.h.LogStream, cfg.FunctionName, cfg.MemoryMB, cfg.Version(), c.arn())
}

func (c *lambdaContext) arn() string {
	cfg := c.in.h.Config
	arn := cfg.FunctionARN()
	if v := cfg.Version(); v != "$LATEST" {
		arn += ":" + v
	}
	return arn
}

func (c *lambdaContext) AttrNames() []string {
	return []string{"aws_request_id", "client_context", "function_name", "function_version", "get_remaining_time_in_millis",
		"identity", "invoked_function_arn", "log_group_name", "log_stream_name", "memory_limit_in_mb"}
}

func (c *lambdaContext) Attr(name string) (starlark.Value, error) {
	cfg := c.in.h.Config
	switch name {
	case "aws_request_id":
		return starlark.String(c.call.RequestID), nil
	case "function_name":
		return starlark.String(cfg.FunctionName), nil
	case "function_version":
		return starlark.String(cfg.Version()), nil
	case "invoked_function_arn":
		return starlark.String(c.arn()), nil
	case "memory_limit_in_mb":
		// an int in the Python runtime (a string in Node's)
		return starlark.MakeInt(cfg.MemoryMB), nil
	case "log_group_name":
		return starlark.String(cfg.LogGroup()), nil
	case "log_stream_name":
		return starlark.String(c.in.h.LogStream), nil
	case "client_context":
		return starlark.None, nil
	case "identity":
		d := starlark.NewDict(2)
		_ = d.SetKey(starlark.String("cognito_identity_id"), starlark.None)
		_ = d.SetKey(starlark.String("cognito_identity_pool_id"), starlark.None)
		return &attrs{name: "CognitoIdentity", d: d}, nil
	case "get_remaining_time_in_millis":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
				return nil, err
			}
			if c.in.call == c.call {
				c.in.flush()
			}
			return starlark.MakeInt64(c.call.Remaining().Milliseconds()), nil
		}), nil
	}
	return nil, nil
}

// attrs is a read-only object whose attributes come from a dict.
type attrs struct {
	name string
	d    *starlark.Dict
}

func (a *attrs) String() string        { return a.name + pyRepr(a.d) }
func (a *attrs) Type() string          { return a.name }
func (a *attrs) Freeze()               { a.d.Freeze() }
func (a *attrs) Truth() starlark.Bool  { return true }
func (a *attrs) Hash() (uint32, error) { return 0, raise("TypeError", "unhashable type: '%s'", a.name) }
func (a *attrs) AttrNames() []string {
	var out []string
	for _, k := range a.d.Keys() {
		out = append(out, string(k.(starlark.String)))
	}
	return out
}
func (a *attrs) Attr(name string) (starlark.Value, error) {
	v, found, _ := a.d.Get(starlark.String(name))
	if !found {
		return nil, nil
	}
	return v, nil
}
