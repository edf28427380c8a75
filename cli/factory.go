// Package cli builds lambdatutor's command tree. Each command has an options
// struct and a run function that takes its readers and writers, so that every
// command can be tested without a terminal (the pattern of cli/cli's
// NewCmdX(f, runF)).
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"sync"

	"github.com/charmbracelet/x/term"

	"github.com/lambdatutor/lambdatutor/class"
	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/pack"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/quiz"
)

// Factory carries what commands share: standard streams, the environment, and
// lazily opened resources (the lesson catalog and the progress store).
type Factory struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// Getenv reads the environment (os.Getenv outside tests).
	Getenv func(string) string
	// DBPath is the --db flag; empty means LAMBDATUTOR_DB, then the default.
	DBPath string
	// StoreOptions are passed to progress.Open when Store opens the store.
	StoreOptions []progress.Option
	// Packs are the --pack folders: content packs loaded beside the
	// built-in content.
	Packs []string

	store *progress.Store

	contentOnce sync.Once
	content     pack.Content
	contentErr  error
}

// NewFactory returns a factory on the process's standard streams.
func NewFactory() *Factory {
	return &Factory{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, Getenv: os.Getenv}
}

// Catalog returns the lessons: the embedded ones, then those of the packs.
func (f *Factory) Catalog() (*lessons.Catalog, error) {
	if len(f.Packs) > 0 {
		c, err := f.packContent()
		return c.Lessons, err
	}
	c, err := lessons.Default()
	if err != nil {
		return nil, fmt.Errorf("the built-in lessons are broken (this is a bug, please report it): %w", err)
	}
	return c, nil
}

// Bank returns the question bank: the embedded questions, then those of
// the packs.
func (f *Factory) Bank() (*quiz.Bank, error) {
	if len(f.Packs) > 0 {
		c, err := f.packContent()
		return c.Bank, err
	}
	return quiz.Default()
}

// Exercises returns the exercises: the embedded ones, then those of the
// packs.
func (f *Factory) Exercises() (*exercises.Catalog, error) {
	if len(f.Packs) > 0 {
		c, err := f.packContent()
		return c.Exercises, err
	}
	cat, err := exercises.Default()
	if err != nil {
		return nil, fmt.Errorf("the built-in exercises are broken (this is a bug, please report it): %w", err)
	}
	return cat, nil
}

// ClassContent is what a class report names things from: the built-in
// content, with the packs' when there are packs.
func (f *Factory) ClassContent() (*class.Content, error) {
	if len(f.Packs) == 0 {
		return class.DefaultContent()
	}
	c, err := f.packContent()
	if err != nil {
		return nil, err
	}
	return class.NewContent(c.Lessons, c.Bank, c.Exercises), nil
}

// packExtras are the question bank and exercises with the packs' content,
// or nil (the built-in ones, loaded where they are used) without packs.
func (f *Factory) packExtras() (*quiz.Bank, *exercises.Catalog, error) {
	if len(f.Packs) == 0 {
		return nil, nil, nil
	}
	c, err := f.packContent()
	return c.Bank, c.Exercises, err
}

// packContent loads the built-in content and every --pack folder, once.
// A pack with any lint finding is refused, and so is the start: nothing is
// half-loaded.
func (f *Factory) packContent() (pack.Content, error) {
	f.contentOnce.Do(func() {
		base, err := pack.Builtin()
		if err != nil {
			f.contentErr = err
			return
		}
		packs := make([]*pack.Pack, 0, len(f.Packs))
		seen := map[string]bool{}
		for _, dir := range f.Packs {
			// One folder named twice is one pack (shell completion
			// parses the flags twice, too).
			if seen[filepath.Clean(dir)] {
				continue
			}
			seen[filepath.Clean(dir)] = true
			p, err := pack.Load(dir)
			if errors.Is(err, pack.ErrNotAPack) {
				f.contentErr = &usageError{fmt.Errorf("--pack: %w", err)}
				return
			}
			if err != nil {
				f.contentErr = fmt.Errorf("--pack %s: %w", dir, err)
				return
			}
			packs = append(packs, p)
		}
		f.content, f.contentErr = pack.Merge(base, packs)
	})
	return f.content, f.contentErr
}

// ResolveDBPath is the progress database path: --db, then LAMBDATUTOR_DB,
// then $XDG_DATA_HOME/lambdatutor/progress.db.
func (f *Factory) ResolveDBPath() (string, error) {
	if f.DBPath != "" {
		return f.DBPath, nil
	}
	if p := f.Getenv("LAMBDATUTOR_DB"); p != "" {
		return p, nil
	}
	p, err := progress.DefaultPath()
	if err != nil {
		return "", fmt.Errorf("cannot find a place for the progress database: %w; pass --db PATH", err)
	}
	return p, nil
}

// Store opens the progress store once.
func (f *Factory) Store() (*progress.Store, error) {
	if f.store != nil {
		return f.store, nil
	}
	path, err := f.ResolveDBPath()
	if err != nil {
		return nil, err
	}
	s, err := progress.Open(path, f.StoreOptions...)
	if err != nil {
		return nil, err
	}
	f.store = s
	return s, nil
}

// LocalUser is the learner at this terminal.
func (f *Factory) LocalUser(ctx context.Context) (*progress.Store, progress.User, error) {
	s, err := f.Store()
	if err != nil {
		return nil, progress.User{}, err
	}
	name := "local"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	u, err := s.EnsureUser(ctx, progress.LocalUserKey, name)
	if err != nil {
		return nil, progress.User{}, err
	}
	return s, u, nil
}

// Close releases what the factory opened.
func (f *Factory) Close() error {
	if f.store != nil {
		err := f.store.Close()
		f.store = nil
		return err
	}
	return nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w any) bool {
	fd, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(fd.Fd())
}

// noColor reports whether colour is off: NO_COLOR set to anything, or TERM=dumb.
func (f *Factory) noColor() bool {
	return f.Getenv("NO_COLOR") != "" || f.Getenv("TERM") == "dumb"
}

// terminalWidth is the width of w when it is a terminal, else def.
func terminalWidth(w any, def int) int {
	if fd, ok := w.(interface{ Fd() uintptr }); ok {
		if width, _, err := term.GetSize(fd.Fd()); err == nil && width > 0 {
			return width
		}
	}
	return def
}
