package cloud

import (
	"os/exec"
	"strings"
	"testing"
)

// Nothing in the in-process services can reach the network: no package
// under sandbox/cloud depends, directly or through another package, on
// the packages that open connections or start processes. net/url and
// net/netip parse text and are allowed.
func TestNoServiceCanReachTheNetwork(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: cannot list the packages' dependencies")
	}
	out, err := exec.Command(goBin, "list", "-deps", "-f", "{{.ImportPath}}", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := map[string]bool{"net": true, "net/http": true, "crypto/tls": true, "os/exec": true, "net/rpc": true, "net/smtp": true, "plugin": true}
	deps := strings.Fields(string(out))
	if len(deps) < 5 {
		t.Fatalf("go list found too little to prove anything: %v", deps)
	}
	for _, d := range deps {
		if forbidden[d] {
			t.Errorf("sandbox/cloud depends on %s: the in-process services must not reach the network or other processes", d)
		}
	}
}
