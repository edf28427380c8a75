package sshserver

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"

	"github.com/lambdatutor/lambdatutor/progress"
)

// HostKeyFileName is the host key's file name in the data directory.
const HostKeyFileName = "ssh_host_ed25519_key"

// DefaultHostKeyPath is where the host key lives unless one is given: in the
// data directory, next to the default progress database
// ($XDG_DATA_HOME/lambdatutor/ssh_host_ed25519_key).
func DefaultHostKeyPath() (string, error) {
	db, err := progress.DefaultPath()
	if err != nil {
		return "", fmt.Errorf("find the default host key path: %w; or choose a file with --host-key", err)
	}
	return filepath.Join(filepath.Dir(db), HostKeyFileName), nil
}

// LoadOrCreateHostKey reads the OpenSSH private key at path, or, when the
// file does not exist, generates an ed25519 key and writes it there (mode
// 0600, its folder created with mode 0700). created reports whether it was
// generated now.
func LoadOrCreateHostKey(path string) (signer gossh.Signer, created bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		s, err := createHostKey(path)
		return s, err == nil, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("read host key %s: %w; check its permissions, or choose another file with --host-key", path, err)
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("host key %s is not an unencrypted OpenSSH private key: %w; remove it to have a new one generated, or choose another file with --host-key", path, err)
	}
	return signer, false, nil
}

func createHostKey(path string) (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "lambdatutor host key")
	if err != nil {
		return nil, fmt.Errorf("encode host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the folder for host key %s: %w; choose another file with --host-key", path, err)
	}
	// O_EXCL: never overwrite a key another process wrote meanwhile.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("write host key %s: %w; choose another file with --host-key", path, err)
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("write host key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("write host key %s: %w", path, err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, fmt.Errorf("use host key: %w", err)
	}
	return signer, nil
}
