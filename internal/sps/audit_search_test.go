package sps

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
)

// Item 11: 500 SearchUnavailable (stats page) is retried like any 5xx on a
// read; when the retries run out the error says what SPS answered and how
// many times it was asked.
func TestSearchUnavailableIsRetriedThenExplained(t *testing.T) {
	t.Parallel()
	st, err := audit.LoadFile(filepath.Join("..", "mocksps", "audit", "testdata", "stats_default.json"))
	if err != nil {
		t.Fatal(err)
	}
	env := newMockEnv(t, mocksps.Config{Audit: st})
	c := env.client()
	in := env.srv.Faults()

	// Two failures, then the backend is back: the read succeeds.
	if _, err := in.Add(faults.Fault{Kind: faults.KindSearchUnavailable, Count: 2}); err != nil {
		t.Fatal(err)
	}
	res, err := c.SessionStats(context.Background(), StatsQuery{Field: "protocol"})
	if err != nil {
		t.Fatalf("after two SearchUnavailable answers: %v", err)
	}
	if len(res.Items) != 2 || res.Items[0].Value != "ssh" || res.Items[0].Count != 4 {
		t.Fatalf("stats %+v", res.Items)
	}
	if n := in.Injected().ByKind[faults.KindSearchUnavailable]; n != 2 {
		t.Fatalf("fault fired %d times, want 2", n)
	}

	// Down for good: every attempt fails and the error explains it.
	in.Clear()
	if _, err := in.Add(faults.Fault{Kind: faults.KindSearchUnavailable, Count: -1}); err != nil {
		t.Fatal(err)
	}
	_, err = c.SessionStats(context.Background(), StatsQuery{Field: "protocol"})
	if !IsSearchUnavailable(err) {
		t.Fatalf("err = %v, want SearchUnavailable", err)
	}
	// The error carries the facts the provider words (diagnostics.go):
	// type, status and how many times the read was tried.
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Attempts != DefaultMaxRetries+1 {
		t.Fatalf("err = %#v, want a 500 after %d attempts", err, DefaultMaxRetries+1)
	}
	if !strings.Contains(err.Error(), "500 SearchUnavailable") {
		t.Errorf("error %q lacks the status and type", err)
	}
}
