package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// cpuHandler does work that scales with the CPU share.
const cpuHandler = `export const handler = async (event) => {
  let s = 0;
  for (let i = 0; i < 20000; i++) { s += Math.sqrt(i); }
  return { statusCode: 200, body: String(s) };
};
`

func runTuneCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return execCmd(func(f *Factory) *cobra.Command { return NewCmdTune(f, nil) }, args...)
}

func TestTune(t *testing.T) {
	file := filepath.Join(t.TempDir(), "index.mjs")
	if err := os.WriteFile(file, []byte(cpuHandler), 0o644); err != nil {
		t.Fatal(err)
	}
	// Measured host CPU time, scaled by the CPU share: 128 MB gets 1/13.8
	// of a vCPU, 1,769 MB a whole one. The margins absorb a busy host.
	out, err := runTuneCmd(t, file, "--memory", "128,512,1769,3008", "-n", "3", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Measurements []measurement
		Picks        []tunePick `json:"recommendations"`
		Measured     string
		Modelled     string
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || len(v.Measurements) != 4 || len(v.Picks) != 3 {
		t.Fatalf("%v\n%s", err, out)
	}
	m := v.Measurements
	if !(m[0].WarmMeanMs > 2*m[2].WarmMeanMs) {
		t.Errorf("more memory, more CPU, shorter Duration up to one vCPU: %+v", m)
	}
	// A single thread gets no more than one vCPU: 3008 MB is no faster than 1769.
	if m[3].WarmMeanMs < 0.5*m[2].WarmMeanMs {
		t.Errorf("3008 MB (%.2f ms) should not beat 1769 MB (%.2f ms) by much", m[3].WarmMeanMs, m[2].WarmMeanMs)
	}
	for _, x := range m {
		if x.InitMs <= 0 || x.ColdUSD <= x.WarmUSD {
			t.Errorf("%d MB: the cold start must be shown apart and cost more: %+v", x.MemoryMB, x)
		}
	}
	if v.Picks[0].Fastest < 1769 || v.Measured == "" || v.Modelled == "" {
		t.Errorf("picks %+v", v.Picks)
	}

	out, err = runTuneCmd(t, file, "--memory", "128,1024", "-n", "2")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"INIT", "$ cold start", "Warm Duration by memory", "█", "cheapest", "balanced", "Measured:", "Modelled:", "1,769 MB = 1 vCPU"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
	for args, want := range map[string]string{
		"--memory 64":       "128 to 10240",
		"-n 1":              "2 to 1000",
		"--cold-share 150%": "--cold-share",
		"--deterministic":   "only the Python engine",
	} {
		_, err := runTuneCmd(t, append([]string{file}, strings.Fields(args)...)...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", args, err, want)
		}
	}
	if _, err := runTuneCmd(t, filepath.Join(t.TempDir(), "missing.mjs")); err == nil || !strings.Contains(err.Error(), "cannot read the handler file") {
		t.Errorf("missing file: %v", err)
	}
}

func TestSimulateMeasure(t *testing.T) {
	file := filepath.Join(t.TempDir(), "index.mjs")
	if err := os.WriteFile(file, []byte(cpuHandler), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runSimCmd(t, "--rate", "20", "--length", "5m", "--measure", file, "--memory", "512", "--no-charts")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Measured "+file+" in the mini-runtime at 512 MB") {
		t.Errorf("the measured figures must be stated:\n%s", out)
	}
}

func TestSimulateCompareMemoryMeasured(t *testing.T) {
	file := filepath.Join(t.TempDir(), "index.mjs")
	if err := os.WriteFile(file, []byte(cpuHandler), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runSimCmd(t, "--rate", "20", "--length", "5m", "--measure", file, "--compare", "memory=128,1769", "--no-charts")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"at 128 MB x86_64", "at 1769 MB x86_64", "memory=1769", "fastest"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "changes the price, not the Duration") {
		t.Error("with --measure the Duration is measured at each memory size")
	}
	out, err = runSimCmd(t, "--rate", "20", "--length", "5m", "--compare", "memory=128,1769", "--no-charts")
	if err != nil || !strings.Contains(out, "changes the price, not the Duration") {
		t.Errorf("without --measure the note says memory changes only the price: %v\n%s", err, out)
	}
}
