package sandbox

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// fakeEngine is a scriptable engine for the core's tests. Its module file
// "init" holds INIT instructions (sleep=DURATION, error, log=TEXT, loop);
// the event says what one invoke does.
type fakeEngine struct{}

type fakeEvent struct {
	Sleep  string `json:"sleep"`
	Loop   bool   `json:"loop"`
	Alloc  bool   `json:"alloc"`
	Error  string `json:"error"`
	Crash  bool   `json:"crash"`
	Panic  bool   `json:"panic"`
	Logs   int    `json:"logs"`
	Size   int    `json:"size"`
	Steps  int64  `json:"steps"`
	WriteF string `json:"write"`
}

func (fakeEngine) Runtimes() []string { return []string{"fake1.x"} }

func (fakeEngine) NewInstance(h *Host) (Instance, error) {
	return &fakeInstance{h: h}, nil
}

type fakeInstance struct {
	h       *Host
	count   int
	stopped atomic.Bool
	hold    [][]byte
}

func (f *fakeInstance) Init(c *Call) error {
	for _, line := range strings.Split(f.h.Config.Files["init"], "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "sleep":
			d, _ := time.ParseDuration(v)
			if err := c.Wait(d); err != nil {
				return err
			}
		case "error":
			return &FunctionError{Type: "Runtime.ImportModuleError", Message: v}
		case "log":
			c.Log(FormatLogTime(c.Now()) + "\tundefined\tINFO\t" + v)
		case "loop":
			for !f.stopped.Load() {
			}
			return fmt.Errorf("interrupted")
		}
	}
	return nil
}

func (f *fakeInstance) Invoke(c *Call, event []byte) ([]byte, error) {
	if string(event) == `"ping"` {
		return []byte(`"pong"`), nil
	}
	var ev fakeEvent
	if err := json.Unmarshal(event, &ev); err != nil {
		return nil, err
	}
	f.count++
	for i := 0; i < ev.Logs; i++ {
		c.Log(fmt.Sprintf("%s\t%s\tINFO\tline %d", FormatLogTime(c.Now()), c.RequestID, i))
	}
	if ev.WriteF != "" {
		if err := f.h.FS.AppendFile(ev.WriteF, []byte("x")); err != nil {
			return nil, err
		}
	}
	c.AddSteps(ev.Steps)
	if ev.Sleep != "" {
		d, _ := time.ParseDuration(ev.Sleep)
		if err := c.Wait(d); err != nil {
			return nil, err
		}
	}
	if ev.Loop {
		for !f.stopped.Load() {
		}
		return nil, fmt.Errorf("interrupted")
	}
	if ev.Alloc {
		for !f.stopped.Load() {
			f.hold = append(f.hold, make([]byte, 1<<20))
		}
		return nil, fmt.Errorf("interrupted")
	}
	if ev.Panic {
		panic("engine bug")
	}
	if ev.Error != "" {
		return nil, &FunctionError{Type: "Error", Message: ev.Error, Trace: []string{"Error: " + ev.Error}, Fatal: ev.Crash}
	}
	if ev.Size > 0 {
		return []byte(`"` + strings.Repeat("a", ev.Size) + `"`), nil
	}
	var tmp []string
	if names, err := f.h.FS.ReadDir("/tmp"); err == nil {
		tmp = names
	}
	return MarshalJSON(map[string]any{"count": f.count, "tmp": tmp, "remaining": c.Remaining().Milliseconds()}), nil
}

func (f *fakeInstance) Interrupt(error) { f.stopped.Store(true) }
func (f *fakeInstance) Close()          { f.hold = nil }

func init() {
	if err := AddRuntime(RuntimeInfo{Name: "fake1.x", Language: "fake", StepNanos: 1000,
		InitMs:     map[Arch][4]float64{X86_64: {100, 100, 100, 100}, ARM64: {90, 90, 90, 90}},
		MemoryMB:   map[Arch]float64{X86_64: 50, ARM64: 50},
		DurationMs: map[Arch]float64{X86_64: 2, ARM64: 2}}); err != nil {
		panic(err)
	}
	Register(fakeEngine{})
}
