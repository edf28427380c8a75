package sandbox

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestInvokeAsyncRetriesFailedEventTwice(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, nil)
	start := acct.Now()
	inv, err := f.InvokeAsync(context.Background(), []byte(`{"error":"boom","logs":1}`), AsyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Attempts) != 3 || !inv.Dropped || inv.Succeeded() || inv.Throttles != 0 {
		t.Fatalf("attempts %d dropped %v succeeded %v", len(inv.Attempts), inv.Dropped, inv.Succeeded())
	}
	first, second, third := inv.Attempts[0], inv.Attempts[1], inv.Attempts[2]
	if !first.Start.Equal(start) {
		t.Errorf("first attempt at %v, want %v", first.Start, start)
	}
	if got := second.Start.Sub(first.End); got != time.Minute {
		t.Errorf("first retry %v after the first attempt, want 1m", got)
	}
	if got := third.Start.Sub(second.End); got != 2*time.Minute {
		t.Errorf("second retry %v after the second attempt, want 2m", got)
	}
	for i, a := range inv.Attempts {
		if a.RequestID != inv.RequestID || a.Report.RequestID != inv.RequestID {
			t.Errorf("attempt %d has request id %s, want %s", i, a.RequestID, inv.RequestID)
		}
		log := a.LogText()
		if !strings.Contains(log, "START RequestId: "+inv.RequestID) || !strings.Contains(log, "REPORT RequestId: "+inv.RequestID) ||
			!strings.Contains(log, inv.RequestID+"\tINFO\tline 0") {
			t.Errorf("attempt %d log does not carry the event's request id:\n%s", i, log)
		}
		if a.Error == nil || a.Error.Message != "boom" {
			t.Errorf("attempt %d error %+v", i, a.Error)
		}
	}
	if s := f.Stats(); s.Invocations != 3 || s.Errors != 3 {
		t.Errorf("stats %+v", s)
	}
	if !acct.Now().Equal(third.End) {
		t.Errorf("clock at %v, want the end of the last attempt %v", acct.Now(), third.End)
	}
}

func TestInvokeAsyncSuccessAndRetrySettings(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, nil)
	inv, err := f.InvokeAsync(context.Background(), []byte(`{}`), AsyncOptions{})
	if err != nil || len(inv.Attempts) != 1 || !inv.Succeeded() || inv.Dropped {
		t.Fatalf("success: %+v, %v", inv, err)
	}
	zero := 0
	inv, _ = f.InvokeAsync(context.Background(), []byte(`{"error":"x"}`), AsyncOptions{MaximumRetryAttempts: &zero})
	if len(inv.Attempts) != 1 || !inv.Dropped {
		t.Errorf("MaximumRetryAttempts 0: %d attempts", len(inv.Attempts))
	}
	inv, _ = f.InvokeAsync(context.Background(), []byte(`{"error":"x"}`), AsyncOptions{MaximumEventAge: 90 * time.Second})
	if len(inv.Attempts) != 2 || !strings.Contains(inv.DropReason, "maximum age") {
		t.Errorf("event age 90s: %d attempts, %q", len(inv.Attempts), inv.DropReason)
	}
	// A timeout is a function error too: retried, each retry cold.
	inv, _ = f.InvokeAsync(context.Background(), []byte(`{"sleep":"10s"}`), AsyncOptions{})
	if len(inv.Attempts) != 3 || inv.Attempts[1].Error.Type != ErrTypeTimeout || !inv.Attempts[2].Cold {
		t.Errorf("timeouts: %d attempts", len(inv.Attempts))
	}
	if _, err := f.InvokeAsync(context.Background(), []byte(`{`), AsyncOptions{}); err == nil {
		t.Error("invalid JSON accepted")
	}
	big := make([]byte, MaxAsyncPayload+1)
	var re *RequestError
	if _, err := f.InvokeAsync(context.Background(), big, AsyncOptions{}); !errors.As(err, &re) || re.StatusCode != 413 {
		t.Errorf("over 1 MB: %v", err)
	}
}

func TestInvokeAsyncThrottled(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	zero := 0
	f := fakeFunc(t, acct, func(c *Config) { c.ReservedConcurrency = &zero })
	inv, err := f.InvokeAsync(context.Background(), []byte(`{}`), AsyncOptions{})
	if err != nil || len(inv.Attempts) != 0 || inv.Throttles != 1 || !inv.Dropped {
		t.Fatalf("reserved 0: %+v, %v", inv, err)
	}
	// The scaling rate throttles a second cold start at once: the queued
	// event is retried after 1 s, 2 s, 4 s... until a new environment may
	// start (Burst 1 refills one token in 10 s).
	acct2 := NewAccount(Options{Deterministic: true, Burst: 1})
	g := fakeFunc(t, acct2, nil)
	if res := invoke(t, g, `{"error":"x","crash":true}`); res.Error == nil {
		t.Fatal("crash did not fail")
	}
	before := acct2.Now()
	inv, err = g.InvokeAsync(context.Background(), []byte(`{}`), AsyncOptions{})
	if err != nil || !inv.Succeeded() || inv.Throttles != 4 || inv.Dropped {
		t.Fatalf("throttled event: %+v, %v", inv, err)
	}
	if waited := inv.Attempts[0].Start.Sub(before); waited != 15*time.Second {
		t.Errorf("event ran %v after it was queued, want 15s (1+2+4+8)", waited)
	}
}
