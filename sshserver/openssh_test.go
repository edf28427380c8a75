package sshserver

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// need skips the test when a program is missing, except in CI (.ci/run
// installs tmux and openssh-client).
func need(t *testing.T, progs ...string) {
	t.Helper()
	for _, p := range progs {
		if _, err := exec.LookPath(p); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; .ci/run must install it", p)
			}
			t.Skipf("%s is not installed (apt-get install tmux openssh-client)", p)
		}
	}
}

// writeClientKey writes a new ed25519 private key for ssh -i and returns
// its path and public key.
func writeClientKey(t *testing.T) (string, gossh.PublicKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "learner")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return path, pk
}

// tmuxSSH runs the real ssh client with args in a real terminal (tmux).
type tmuxSSH struct {
	t      *testing.T
	ts     *testServer
	socket string
}

func startTmuxSSH(t *testing.T, ts *testServer, args ...string) *tmuxSSH {
	t.Helper()
	_, port, _ := net.SplitHostPort(ts.addr)
	tm := &tmuxSSH{t: t, ts: ts, socket: filepath.Join(t.TempDir(), "tmux.sock")}
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", tm.socket, "kill-server").Run() })
	cmd := append([]string{"ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-p", port}, args...)
	tm.run("new-session", "-d", "-s", "ssh", "-x", "100", "-y", "30", "-e", "TERM=xterm-256color", strings.Join(cmd, " "))
	return tm
}

func (tm *tmuxSSH) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tm *tmuxSSH) waitScreen(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tm.run("capture-pane", "-p", "-t", "ssh")
		if strings.Contains(s, want) {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("screen never showed %q; it shows:\n%s\nserver log:\n%s", want, s, tm.ts.logs)
	return ""
}

func (tm *tmuxSSH) waitExit() {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command("tmux", "-S", tm.socket, "has-session", "-t", "ssh").Run() == nil {
		if time.Now().After(deadline) {
			tm.t.Fatalf("ssh did not exit:\n%s", tm.run("capture-pane", "-p", "-t", "ssh"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestOpenSSHClientInTmux connects the real ssh client with a key, in a
// real terminal, and waits for the home screen.
func TestOpenSSHClientInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	need(t, "tmux", "ssh")
	ts := startServer(t, Config{})
	keyPath, pub := writeClientKey(t)
	tm := startTmuxSSH(t, ts, "-o", "IdentitiesOnly=yes", "-i", keyPath, "tess@127.0.0.1")
	home := tm.waitScreen("0 of " + total + " lessons completed")
	if !strings.Contains(home, "tess") {
		t.Errorf("the header does not name the SSH user:\n%s", home)
	}
	tm.run("send-keys", "-t", "ssh", "Enter")
	tm.waitScreen("1. What AWS Lambda is")
	tm.run("send-keys", "-t", "ssh", "C-c")
	tm.waitExit()
	if want := "key=" + gossh.FingerprintSHA256(pub); !strings.Contains(ts.logs.String(), want) {
		t.Errorf("the session was not keyed by the client's fingerprint (%s):\n%s", want, ts.logs)
	}
}

// TestOpenSSHGuestInTmux connects the real ssh client without a key to a
// guest server.
func TestOpenSSHGuestInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	need(t, "tmux", "ssh")
	ts := startServer(t, Config{Guest: true})
	tm := startTmuxSSH(t, ts, "-o", "PubkeyAuthentication=no", "visitor@127.0.0.1")
	tm.waitScreen("guest: progress is kept only for this session")
	tm.run("send-keys", "-t", "ssh", "q")
	tm.waitExit()
}
