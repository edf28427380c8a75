package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// Bounds of the count flags: large enough for any lesson's experiment,
// small enough that no value makes a command eat memory before it prints.
const (
	maxRepeat      = 1000
	maxConcurrency = 1000 // Lambda's default account concurrency limit
	maxQuizCount   = 1000
	minMockTime    = time.Minute
	maxMockTime    = 3 * time.Hour
	// maxEventFileBytes bounds an event file: a little over Lambda's 6 MB
	// synchronous payload, so a larger one gets Lambda's own error.
	maxEventFileBytes = 8 << 20
)

// checkInvokeFlags rejects out-of-range values of invoke's flags as usage
// errors that state the limit (Lambda's, where Lambda has one), instead of
// replacing them with defaults.
func checkInvokeFlags(opts *InvokeOptions) error {
	switch {
	case opts.MemoryMB < sandbox.MinMemoryMB || opts.MemoryMB > sandbox.MaxMemoryMB:
		return &usageError{fmt.Errorf("--memory %d: Lambda's memory size is %d to %d MB (in 1 MB steps)", opts.MemoryMB, sandbox.MinMemoryMB, sandbox.MaxMemoryMB)}
	case opts.TimeoutSec < sandbox.MinTimeoutSec || opts.TimeoutSec > sandbox.MaxTimeoutSec:
		return &usageError{fmt.Errorf("--timeout %d: Lambda's timeout is %d to %d seconds (15 minutes)", opts.TimeoutSec, sandbox.MinTimeoutSec, sandbox.MaxTimeoutSec)}
	case opts.Reserved < -1: // -1 is the flag's "none"
		return reservedError(opts.Reserved)
	case opts.Repeat < 1 || opts.Repeat > maxRepeat:
		return &usageError{fmt.Errorf("--repeat %d: invoke 1 to %d times", opts.Repeat, maxRepeat)}
	case opts.Concurrency < 1 || opts.Concurrency > maxConcurrency:
		return &usageError{fmt.Errorf("--concurrency %d: send 1 to %d requests at once (%d is Lambda's default account concurrency limit)", opts.Concurrency, maxConcurrency, maxConcurrency)}
	case opts.AccountLimit < 0:
		return &usageError{fmt.Errorf("--account-limit %d: the account's concurrency limit is 1 or more (leave it out for the default, 1000)", opts.AccountLimit)}
	}
	return nil
}

func reservedError(n int) error {
	return &usageError{fmt.Errorf("--reserved %d: reserved concurrency is 0 or more (0 throttles every call); leave it out for none", n)}
}

// checkQuizFlags rejects out-of-range values of quiz's flags.
func checkQuizFlags(opts *QuizOptions) error {
	switch {
	case opts.Count < 1 || opts.Count > maxQuizCount:
		return &usageError{fmt.Errorf("--count %d: ask for at least 1 question and at most %d", opts.Count, maxQuizCount)}
	case opts.Duration < minMockTime || opts.Duration > maxMockTime:
		return &usageError{fmt.Errorf("--duration %v: a mock interview lasts %v to %v", opts.Duration, minMockTime, maxMockTime)}
	}
	return nil
}

// readRegular reads the regular file path, at most limit bytes (more is an
// error). Anything else (a named pipe, a device, a folder) is refused before
// it is opened: reading a named pipe would wait for a writer for ever.
func readRegular(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegular(path, fi.Mode())
	}
	return readKnownRegular(path, limit)
}

// readKnownRegular is readRegular for a path already seen to be a regular
// file (by a stat, or a folder listing's file type): it opens it, checks it
// is still one, and reads it in one buffer of the file's size.
func readKnownRegular(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() { // replaced since the first look
		return nil, notRegular(path, fi.Mode())
	}
	// One byte more than the size: a read that fills it found more than
	// the size said (a growing file), and the loop goes on.
	b := make([]byte, 0, min(fi.Size(), limit)+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, fmt.Errorf("%s is larger than %d MB; is it the right file?", path, limit>>20)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// errNotRegular is wrapped by notRegular's errors.
var errNotRegular = errors.New("not a regular file")

func notRegular(path string, mode fs.FileMode) error {
	what := "a special file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case mode&fs.ModeDevice != 0 || mode&fs.ModeCharDevice != 0:
		what = "a device"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	case mode.IsDir():
		what = "a folder"
	}
	return fmt.Errorf("%s is %s, %w; lambdatutor reads only regular files, so move it away or name a file", path, what, errNotRegular)
}
