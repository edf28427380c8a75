// Package projecttest has a scriptable engine for the tests of projects
// and of the commands that run them: runtime "script1.x", whose handler
// file (module.json) lists the SDK calls the handler makes through
// Host.AWS, as an engine's SDK shim would, and what it answers. It stands
// in for the Node.js and Python SDK shims.
package projecttest

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// Runtime is the script engine's runtime identifier.
const Runtime = "script1.x"

type scriptEngine struct{}

// Script is a handler file of the script engine (module.json).
type Script struct {
	// Calls are made in order on every invoke; "$event" in a string input
	// is replaced by the event's JSON.
	Calls []Call `json:"calls"`
	// Respond is the response; absent: the event itself.
	Respond json.RawMessage `json:"respond"`
	// Fail makes every invoke throw; FailBodies fails the SQS records
	// whose body contains one of them (reported as batchItemFailures).
	Fail       string   `json:"fail"`
	FailBodies []string `json:"failBodies"`
	// WaitMs makes every invoke wait that long on the virtual clock, as a
	// handler awaiting a slow downstream call would.
	WaitMs int `json:"waitMs"`
}

// Call is one SDK call of a script.
type Call struct {
	Service string         `json:"service"`
	Op      string         `json:"op"`
	Input   map[string]any `json:"input"`
	// When, if set, makes the call only when the event's JSON contains it.
	When string `json:"when"`
}

var (
	seenMu sync.Mutex
	seen   = map[string][]string{} // function -> events received, in order
)

// Seen returns the events the function received, in order.
func Seen(fn string) []string {
	seenMu.Lock()
	defer seenMu.Unlock()
	return append([]string(nil), seen[fn]...)
}

func (scriptEngine) Runtimes() []string { return []string{"script1.x"} }

func (scriptEngine) NewInstance(h *sandbox.Host) (sandbox.Instance, error) {
	mod := h.Config.Handler[:strings.LastIndex(h.Config.Handler, ".")]
	var s Script
	if err := json.Unmarshal([]byte(h.Config.Files[mod+".json"]), &s); err != nil {
		return nil, fmt.Errorf("script %s: %w", mod, err)
	}
	return &scriptInstance{h: h, s: s}, nil
}

type scriptInstance struct {
	h *sandbox.Host
	s Script
}

func (i *scriptInstance) Init(*sandbox.Call) error { return nil }
func (i *scriptInstance) Interrupt(error)          {}
func (i *scriptInstance) Close()                   {}
func (i *scriptInstance) MemoryMB() float64        { return 1 }

func (i *scriptInstance) Invoke(c *sandbox.Call, event []byte) ([]byte, error) {
	seenMu.Lock()
	seen[i.h.Config.FunctionName] = append(seen[i.h.Config.FunctionName], string(event))
	seenMu.Unlock()
	if i.s.WaitMs > 0 {
		if err := c.Wait(time.Duration(i.s.WaitMs) * time.Millisecond); err != nil {
			return nil, err
		}
	}
	var last map[string]any
	for _, call := range i.s.Calls {
		if call.When != "" && !strings.Contains(string(event), call.When) {
			continue
		}
		in := map[string]any{}
		for k, v := range call.Input {
			if s, ok := v.(string); ok && s == "$event" {
				v = string(event)
			}
			in[k] = v
		}
		if i.h.AWS == nil {
			return nil, &sandbox.FunctionError{Type: "Error", Message: "no project"}
		}
		out, err := i.h.AWS(c, call.Service, call.Op, in)
		if err != nil {
			return nil, &sandbox.FunctionError{Type: "Error", Message: err.Error()}
		}
		last = out
	}
	if i.s.Fail != "" {
		return nil, &sandbox.FunctionError{Type: "Error", Message: i.s.Fail}
	}
	if len(i.s.FailBodies) > 0 {
		var ev struct {
			Records []struct {
				MessageID string `json:"messageId"`
				Body      string `json:"body"`
			}
		}
		_ = json.Unmarshal(event, &ev)
		failures := []map[string]string{}
		for _, r := range ev.Records {
			for _, b := range i.s.FailBodies {
				if strings.Contains(r.Body, b) {
					failures = append(failures, map[string]string{"itemIdentifier": r.MessageID})
				}
			}
		}
		return json.Marshal(map[string]any{"batchItemFailures": failures})
	}
	if i.s.Respond != nil {
		return i.s.Respond, nil
	}
	if last != nil {
		if p, ok := last["Payload"].([]byte); ok {
			return p, nil
		}
	}
	return event, nil
}

var once sync.Once

// Register adds runtime script1.x and its engine (once).
func Register() { once.Do(register) }

// Forget clears what the functions saw.
func Forget(fns ...string) {
	seenMu.Lock()
	defer seenMu.Unlock()
	for _, fn := range fns {
		delete(seen, fn)
	}
}

func register() {
	info, ok := sandbox.LookupRuntime("nodejs22.x")
	if !ok {
		panic("no nodejs22.x in the runtime table")
	}
	info.Name, info.Language = "script1.x", "script"
	if err := sandbox.AddRuntime(info); err != nil {
		panic(err)
	}
	sandbox.Register(scriptEngine{})
}
