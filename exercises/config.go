package exercises

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// ConfigFile is the learner's config.json, for exercises whose task is to
// choose configuration. Set fields override the exercise's function for
// every test:
//
//	{"memory_mb": 512, "timeout_s": 10, "reserved_concurrency": 5}
//
// "reserved_concurrency": null removes the reservation.
type ConfigFile struct {
	MemoryMB *int
	TimeoutS *int
	// HasReserved is set when the file names reserved_concurrency;
	// ReservedConcurrency is then its value (nil for null).
	HasReserved         bool
	ReservedConcurrency *int
}

// ConfigFileKeys are the keys config.json may hold.
var ConfigFileKeys = []string{"memory_mb", "timeout_s", "reserved_concurrency"}

// ParseConfig reads config.json strictly: JSON syntax (with line and
// column), known keys only, whole numbers. "" is an empty configuration.
func ParseConfig(s string) (ConfigFile, error) {
	var cf ConfigFile
	if strings.TrimSpace(s) == "" {
		return cf, nil
	}
	var m map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(&m); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			line, col := lineCol(s, int(syn.Offset)-1)
			return cf, fmt.Errorf("config.json is not valid JSON at line %d, column %d: %v; write it like {\"memory_mb\": 256}", line, col, err)
		}
		return cf, fmt.Errorf("config.json must be one JSON object like {\"memory_mb\": 256}: %v", err)
	}
	if dec.More() {
		return cf, errors.New("config.json has more than one JSON value; keep one object like {\"memory_mb\": 256}")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw := m[k]
		var target **int
		switch k {
		case "memory_mb":
			target = &cf.MemoryMB
		case "timeout_s":
			target = &cf.TimeoutS
		case "reserved_concurrency":
			cf.HasReserved = true
			target = &cf.ReservedConcurrency
		default:
			return cf, fmt.Errorf("config.json: unknown key %q; the keys are %s", k, strings.Join(ConfigFileKeys, ", "))
		}
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			if k != "reserved_concurrency" {
				return cf, fmt.Errorf("config.json: %s is null; give a whole number or remove the key", k)
			}
			continue
		}
		var n int
		if err := json.Unmarshal(raw, &n); err != nil {
			return cf, fmt.Errorf("config.json: %s is %s, not a whole number", k, raw)
		}
		*target = &n
	}
	return cf, nil
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(s string, off int) (int, int) {
	off = max(0, min(off, len(s)))
	before := s[:off]
	line := strings.Count(before, "\n") + 1
	col := off - strings.LastIndexByte(before, '\n')
	return line, col
}

// testConfig builds the sandbox configuration of a test's function.
func testConfig(ex *Exercise, rt Runtime, fs FunctionSpec, cf ConfigFile) sandbox.Config {
	cfg := sandbox.Config{FunctionName: ex.FunctionName(), Runtime: rt.SandboxRuntime(), Handler: rt.Handler(), Env: fs.Env}
	if fs.MemoryMB != nil {
		cfg.MemoryMB = *fs.MemoryMB
	}
	if fs.TimeoutS != nil {
		cfg.TimeoutSec = *fs.TimeoutS
	}
	if fs.EphemeralMB != nil {
		cfg.EphemeralMB = *fs.EphemeralMB
	}
	cfg.ReservedConcurrency = fs.ReservedConcurrency
	if ex.ConfigFile {
		if cf.MemoryMB != nil {
			cfg.MemoryMB = *cf.MemoryMB
		}
		if cf.TimeoutS != nil {
			cfg.TimeoutSec = *cf.TimeoutS
		}
		if cf.HasReserved {
			cfg.ReservedConcurrency = cf.ReservedConcurrency
		}
	}
	return cfg
}
