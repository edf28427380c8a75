package progress

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestDrafts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := s.EnsureUser(ctx, LocalUserKey, "me")
	other, _ := s.EnsureUser(ctx, "SHA256:abc", "other")
	k := DraftKey{Kind: "exercise", Name: "hello-world", Runtime: "node"}
	if _, ok, err := s.Draft(ctx, u.ID, k); ok || err != nil {
		t.Fatalf("draft before save: %v %v", ok, err)
	}
	if err := s.SaveDraft(ctx, u.ID, k, "one"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, u.ID, k, "two"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if code, ok, err := s.Draft(ctx, u.ID, k); !ok || err != nil || code != "two" {
		t.Fatalf("draft after reopen = %q %v %v", code, ok, err)
	}
	if _, ok, _ := s.Draft(ctx, other.ID, k); ok {
		t.Error("another user sees the draft")
	}
	if _, ok, _ := s.Draft(ctx, u.ID, DraftKey{"exercise", "hello-world", "python"}); ok {
		t.Error("the python draft is the node one")
	}
	if err := s.DeleteDraft(ctx, u.ID, k); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Draft(ctx, u.ID, k); ok {
		t.Error("draft survives delete")
	}
	if err := s.SaveDraft(ctx, u.ID, DraftKey{"notes", "x", "node"}, "c"); err == nil {
		t.Error("bad kind accepted")
	}
	if err := s.SaveDraft(ctx, u.ID, k, strings.Repeat("x", MaxDraftSize+1)); err == nil {
		t.Error("oversized draft accepted")
	}
}
