package sshserver

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// allowList is the class list given with --allow-keys: public keys in
// authorized_keys format. The file is read again when it changes, so an
// instructor can add a learner without restarting the server.
type allowList struct {
	path string
	// flag names the option that gave the file, for messages.
	flag string

	mu      sync.Mutex
	modTime time.Time
	size    int64
	keys    map[string]bool // by SHA256 fingerprint
}

// loadAllowList reads the file; a missing or malformed file is an error.
func loadAllowList(path string) (*allowList, error) { return loadKeyList(path, "--allow-keys") }

// loadKeyList reads an authorized_keys file given with the option flag
// (--allow-keys, --instructors).
func loadKeyList(path, flag string) (*allowList, error) {
	a := &allowList{path: path, flag: flag}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read the keys file of %s: %w; give %s a file in authorized_keys format", flag, err, flag)
	}
	keys, err := parseAuthorizedKeys(path, flag)
	if err != nil {
		return nil, err
	}
	a.keys, a.modTime, a.size = keys, fi.ModTime(), fi.Size()
	return a, nil
}

// allows reports whether the key with fingerprint fp is on the list. When
// the file changed since it was read, it is read again; if the new version
// is broken the old list stays and reload returns the error for the log.
func (a *allowList) allows(fp string) (ok bool, reloadErr error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if fi, err := os.Stat(a.path); err != nil {
		reloadErr = fmt.Errorf("keys file of %s: %w; the previous list stays in use", a.flag, err)
	} else if !fi.ModTime().Equal(a.modTime) || fi.Size() != a.size {
		if keys, err := parseAuthorizedKeys(a.path, a.flag); err != nil {
			reloadErr = fmt.Errorf("%w; the previous list stays in use", err)
		} else {
			a.keys, a.modTime, a.size = keys, fi.ModTime(), fi.Size()
		}
	}
	return a.keys[fp], reloadErr
}

// len is the number of keys on the list.
func (a *allowList) len() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.keys)
}

// parseAuthorizedKeys reads an authorized_keys file: one key a line,
// options allowed (and ignored), blank lines and # comments skipped.
func parseAuthorizedKeys(path, flag string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the keys file of %s: %w; give %s a file in authorized_keys format", flag, err, flag)
	}
	keys := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		pk, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not a public key in authorized_keys format (%w); each line should look like the contents of a ~/.ssh/id_ed25519.pub file", path, n, err)
		}
		keys[gossh.FingerprintSHA256(pk)] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the keys file %s of %s: %w", path, flag, err)
	}
	return keys, nil
}
