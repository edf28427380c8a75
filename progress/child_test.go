package progress

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/progress/pgtest"
)

// Some tests re-execute this test binary as a child process; these
// variables tell TestMain which child to be.
const (
	childEnv   = "LAMBDATUTOR_PROGRESS_TEST_CHILD" // "writer" or "readonly"
	childDBEnv = "LAMBDATUTOR_PROGRESS_TEST_DB"
	childTag   = "LAMBDATUTOR_PROGRESS_TEST_TAG"
)

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "writer":
		os.Exit(childWriter(os.Getenv(childDBEnv), os.Getenv(childTag)))
	case "readonly":
		os.Exit(childReadOnly(os.Getenv(childDBEnv)))
	}
	code := m.Run()
	if onPostgres {
		pgtest.StopShared()
		os.Exit(code)
	}
	os.Exit(max(code, runOnPostgres()))
}

// bulkLessons is how many records each Import in childWriter writes.
const bulkLessons = 50

// childWriter commits records in a loop until it is killed, printing a
// line after each commit: "pos N" after SavePosition of lesson TAG-N at
// offset N for the local user, "import N" after an Import that gives the
// bulk user bulkLessons records, all at offset N.
func childWriter(path, tag string) int {
	ctx := context.Background()
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	s, err := Open(path)
	if err != nil {
		return fail(err)
	}
	local, err := s.EnsureUser(ctx, LocalUserKey, "")
	if err != nil {
		return fail(err)
	}
	bulk, err := s.EnsureUser(ctx, "SHA256:bulk", "")
	if err != nil {
		return fail(err)
	}
	deadline := time.Now().Add(time.Minute) // in case the parent never kills us
	for i := 0; time.Now().Before(deadline); i++ {
		if err := s.SavePosition(ctx, local.ID, fmt.Sprintf("%s-%d", tag, i), i); err != nil {
			return fail(err)
		}
		fmt.Fprintf(os.Stdout, "pos %d\n", i)
		if i%5 == 0 {
			e := &Export{Format: ExportFormat, Version: ExportVersion, ExportedAt: time.Now(), User: ExportUser{Key: "bulk"}}
			for j := range bulkLessons {
				e.Lessons = append(e.Lessons, LessonRecord{ID: fmt.Sprintf("bulk-%d", j), Offset: i, ViewedAt: time.Now()})
			}
			if err := s.Import(ctx, bulk.ID, e); err != nil {
				return fail(err)
			}
			fmt.Fprintf(os.Stdout, "import %d\n", i)
		}
	}
	return 0
}

// TestKillLosesNothingCommitted SIGKILLs a child process in the middle of
// a stream of writes, several times, and checks that every write the child
// reported committed is in the database, that the bulk imports are all or
// nothing, and that the file passes PRAGMA integrity_check.
func TestKillLosesNothingCommitted(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	path := testDB(t, "progress.db")
	for round := range 3 {
		tag := fmt.Sprintf("r%d", round)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=writer", childDBEnv+"="+path, childTag+"="+tag)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAfter := 200 + rand.IntN(300)
		var positions, imports []int
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			kind, num, _ := strings.Cut(sc.Text(), " ")
			n, err := strconv.Atoi(num)
			if err != nil {
				t.Fatalf("child printed %q", sc.Text())
			}
			switch kind {
			case "pos":
				positions = append(positions, n)
			case "import":
				imports = append(imports, n)
			}
			if len(positions) == killAfter {
				time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
			}
		}
		io.Copy(io.Discard, out)
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child was not killed: %v; stderr:\n%s", round, err, stderr.String())
		}
		if len(positions) < killAfter {
			t.Fatalf("round %d: child stopped after %d writes; stderr:\n%s", round, len(positions), stderr.String())
		}
		checkAfterKill(t, path, tag, positions, imports)
		t.Logf("round %d: killed after %d reported writes and %d imports", round, len(positions), len(imports))
	}
}

func checkAfterKill(t *testing.T, path, tag string, positions, imports []int) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	if !s.pg {
		var check string
		if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
			t.Fatalf("integrity_check after kill: %q, %v", check, err)
		}
	}
	local, err := s.EnsureUser(ctx, LocalUserKey, "")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := s.Lessons(ctx, local.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range positions {
		id := fmt.Sprintf("%s-%d", tag, n)
		if r, ok := recs[id]; !ok || r.Offset != n {
			t.Fatalf("committed write %s (offset %d) lost after kill: got %+v, %v", id, n, r, ok)
		}
	}
	// The last lesson is the last reported write or the one after it
	// (committed, killed before it was reported).
	lastReported := positions[len(positions)-1]
	id, off, ok, err := s.LastPosition(ctx, local.ID)
	if err != nil || !ok || (off != lastReported && off != lastReported+1) || id != fmt.Sprintf("%s-%d", tag, off) {
		t.Errorf("last position after kill = %q %d %v %v; last reported write was %d", id, off, ok, err, lastReported)
	}

	bulk, err := s.EnsureUser(ctx, "SHA256:bulk", "")
	if err != nil {
		t.Fatal(err)
	}
	brecs, err := s.Lessons(ctx, bulk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(brecs) != bulkLessons {
		t.Fatalf("bulk user has %d records after kill, want %d (imports are all or nothing)", len(brecs), bulkLessons)
	}
	want := brecs["bulk-0"].Offset
	for _, r := range brecs {
		if r.Offset != want {
			t.Fatalf("bulk records mix imports %d and %d: an import was partly applied", want, r.Offset)
		}
	}
	if lastImport := imports[len(imports)-1]; want != lastImport && want != lastImport+5 {
		t.Errorf("bulk records are from import %d; last reported import was %d", want, lastImport)
	}
}

// childReadOnly opens the database at path, reads, then tries to write,
// printing "open: ERR", or "read: ok|ERR" and "write: ok|ERR" for its
// parent to check.
func childReadOnly(path string) int {
	ctx := context.Background()
	s, err := Open(path)
	if err != nil {
		fmt.Printf("open: %v\n", err)
		return 0
	}
	defer s.Close()
	report := func(step string, err error) {
		if err != nil {
			fmt.Printf("%s: %v\n", step, err)
		} else {
			fmt.Printf("%s: ok\n", step)
		}
	}
	// The user exists already: EnsureUser writes only for a new user, so
	// reading it must work on a read-only file.
	u, err := s.EnsureUser(ctx, LocalUserKey, "")
	if err == nil {
		_, err = s.Summary(ctx, u.ID)
	}
	report("read", err)
	report("write", s.SavePosition(ctx, u.ID, "intro", 99))
	return 0
}

// TestReadOnlyDatabase opens a database that the process may not write.
// Tests usually run as root, whom file modes do not stop, so as root the
// check runs in a child process (this test binary again) as user nobody;
// otherwise in this process. Two cases: a read-only file in a writable
// folder (the usual `chmod a-w progress.db`), where reads must work and
// the first write must say the database is read-only; and a read-only file
// in a read-only folder, where SQLite cannot create the WAL's side files.
func TestReadOnlyDatabase(t *testing.T) {
	sqliteOnly(t)
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	const nobody = 65534
	asRoot := os.Geteuid() == 0

	var bin string
	if asRoot {
		// The child must be able to reach its binary and the database.
		shared := t.TempDir()
		chmod(t, filepath.Dir(shared), 0o755)
		chmod(t, shared, 0o755)
		bin = filepath.Join(shared, "progress.test")
		copyFile(t, os.Args[0], bin, 0o755)
	}

	run := func(t *testing.T, path string) map[string]string {
		t.Helper()
		var out []byte
		if asRoot {
			cmd := exec.Command(bin, "-test.run=^$")
			cmd.Env = append(os.Environ(), childEnv+"=readonly", childDBEnv+"="+path)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
			var err error
			out, err = cmd.Output()
			if err != nil {
				if strings.Contains(err.Error(), "operation not permitted") {
					t.Skipf("cannot run a child as user nobody here: %v", err)
				}
				t.Fatalf("child: %v\n%s", err, out)
			}
		} else {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout := os.Stdout
			os.Stdout = w
			childReadOnly(path)
			os.Stdout = stdout
			w.Close()
			out, _ = io.ReadAll(r)
		}
		res := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			step, msg, _ := strings.Cut(line, ": ")
			res[step] = msg
		}
		t.Logf("child reported: %q", res)
		return res
	}

	makeDB := func(t *testing.T) (dir, path string) {
		dir = t.TempDir()
		chmod(t, filepath.Dir(dir), 0o755)
		path = filepath.Join(dir, "progress.db")
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		u := mustUser(t, s, LocalUserKey, "ada")
		if err := s.SavePosition(context.Background(), u.ID, "intro", 5); err != nil {
			t.Fatal(err)
		}
		s.Close()
		chmod(t, path, 0o444)
		return dir, path
	}

	t.Run("read-only file", func(t *testing.T) {
		dir, path := makeDB(t)
		chmod(t, dir, 0o777)
		res := run(t, path)
		if res["read"] != "ok" {
			t.Errorf("reading a read-only database: %q, want ok", res["read"])
		}
		for _, part := range []string{path, "read-only", "--db", "LAMBDATUTOR_DB"} {
			if !strings.Contains(res["write"], part) {
				t.Errorf("write error %q does not contain %q", res["write"], part)
			}
		}
	})

	t.Run("new file in read-only folder", func(t *testing.T) {
		dir := t.TempDir()
		chmod(t, filepath.Dir(dir), 0o755)
		chmod(t, dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		path := filepath.Join(dir, "progress.db")
		res := run(t, path)
		for _, part := range []string{"cannot open progress database " + path, "--db", "LAMBDATUTOR_DB"} {
			if !strings.Contains(res["open"], part) {
				t.Errorf("open error %q does not contain %q", res["open"], part)
			}
		}
	})

	t.Run("read-only file and folder", func(t *testing.T) {
		dir, path := makeDB(t)
		chmod(t, dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) }) // so TempDir can remove it
		res := run(t, path)
		// Whichever step fails first must explain itself.
		msg := res["open"]
		if msg == "" {
			msg = res["read"]
			if msg == "ok" {
				msg = res["write"]
			}
		}
		for _, part := range []string{path, "--db", "LAMBDATUTOR_DB"} {
			if !strings.Contains(msg, part) {
				t.Errorf("error %q does not contain %q", msg, part)
			}
		}
	})
}

func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, mode); err != nil {
		t.Fatal(err)
	}
}
