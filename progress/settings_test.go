package progress

import (
	"context"
	"testing"
)

// TestSettings: a preference survives a reopen, is per user, and is
// replaced by a new value.
func TestSettings(t *testing.T) {
	ctx := context.Background()
	path := testDB(t, "p.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := s.EnsureUser(ctx, LocalUserKey, "me")
	other, _ := s.EnsureUser(ctx, "SHA256:abc", "other")
	if _, ok, err := s.Setting(ctx, u.ID, SettingExerciseRuntime); ok || err != nil {
		t.Fatalf("setting before any save: %v %v", ok, err)
	}
	for _, v := range []string{"node", "python"} {
		if err := s.SetSetting(ctx, u.ID, SettingExerciseRuntime, v); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, ok, err := s.Setting(ctx, u.ID, SettingExerciseRuntime); !ok || err != nil || v != "python" {
		t.Fatalf("setting after reopen = %q %v %v, want python", v, ok, err)
	}
	if _, ok, _ := s.Setting(ctx, other.ID, SettingExerciseRuntime); ok {
		t.Error("another user sees the setting")
	}
	if err := s.SetSetting(ctx, u.ID, "", "x"); err == nil {
		t.Error("a setting without a name was accepted")
	}
}
