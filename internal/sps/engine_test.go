package sps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

func createConcurrently(t *testing.T, c *Client, names []string) map[string]error {
	t.Helper()
	ctx := ctxT(t)
	var mu sync.Mutex
	out := map[string]error{}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := policy(n)
			if strings.HasPrefix(n, "bad") {
				p.Name = n + " with spaces"
			}
			it, err := c.CreateVNCSettingsPolicy(ctx, p)
			if err == nil && (it.Key == "" || it.Body.Name != n) {
				err = fmt.Errorf("read back %+v", it)
			}
			mu.Lock()
			out[n] = err
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%02d", prefix, i)
	}
	return out
}

func TestCommitGroupsConcurrentCreates(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	for n, err := range createConcurrently(t, c, names("grp", 10)) {
		if err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	got := env.policiesByName()
	for _, n := range names("grp", 10) {
		if got[n] == "" {
			t.Errorf("%s not committed", n)
		}
	}
	cn := env.srv.Counters()
	if cn.Commits < 1 || cn.Commits > 3 {
		t.Errorf("commits = %d, want 1..3 in group mode", cn.Commits)
	}
	if cn.Commits != int(c.Stats().Commits) {
		t.Errorf("client counted %d commits, mock %d", c.Stats().Commits, cn.Commits)
	}
	// The read-backs after the group share one list request.
	if l := cn.Requests["GET /api/configuration/vnc/settings_policies"]; l > cn.Commits {
		t.Errorf("list requests = %d for %d commits", l, cn.Commits)
	}
	env.assertNoTransactionLeft()
}

func TestCommitSingleModeOneTransactionEach(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client(func(c *Config) { c.CommitMode = CommitSingle })
	for n, err := range createConcurrently(t, c, names("one", 10)) {
		if err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if got := env.srv.Counters().Commits; got != 10 {
		t.Errorf("commits = %d, want 10", got)
	}
	if got := len(env.policiesByName()); got != 11 { // + built-in default
		t.Errorf("policies = %d, want 11", got)
	}
}

func TestFailingMemberOnlyFailsItself(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	ns := append(names("ok", 6), "bad-one")
	res := createConcurrently(t, c, ns)
	for _, n := range ns {
		err := res[n]
		if n == "bad-one" {
			if !IsValidation(err) {
				t.Errorf("bad-one: err = %v, want a validation error", err)
			} else if !strings.Contains(err.Error(), "body.name") {
				t.Errorf("bad-one: error does not name the field: %v", err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	got := env.policiesByName()
	for _, n := range names("ok", 6) {
		if got[n] == "" {
			t.Errorf("%s not committed", n)
		}
	}
	if len(got) != 7 {
		t.Errorf("mock holds %d policies, want 7: %v", len(got), got)
	}
	if env.srv.Counters().Rollbacks < 1 {
		t.Error("the failing group was not rolled back")
	}
	env.assertNoTransactionLeft()
}

func TestRollbackOnFailingWrite(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	before := env.srv.SettingsPolicies()
	p := policy("bad")
	p.Timeout = -5
	_, err := c.CreateVNCSettingsPolicy(ctxT(t), p)
	if !IsValidation(err) {
		t.Fatalf("err = %v", err)
	}
	var e *Error
	errors.As(err, &e)
	if !strings.Contains(err.Error(), fmt.Sprint(e.Details["path"])) {
		t.Errorf("message lacks details.path: %v", err)
	}
	if got := env.srv.SettingsPolicies(); len(got) != len(before) {
		t.Errorf("mock changed: %d policies, had %d", len(got), len(before))
	}
	cn := env.srv.Counters()
	if cn.Commits != 0 || cn.Rollbacks != 1 {
		t.Errorf("commits=%d rollbacks=%d, want 0 and 1", cn.Commits, cn.Rollbacks)
	}
	env.assertNoTransactionLeft()
}

func TestRollbackOnCancel(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	before := string(env.srv.VNCOptions())

	// A caller that gives up after its write ran, before the commit.
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	var wrote atomic.Bool
	canceled := operation{desc: "canceled write", apply: func(ctx context.Context, tx *txn) error {
		var cur struct {
			Body map[string]any `json:"body"`
		}
		if err := tx.get(ctx, "/api/configuration/"+VNCOptionsArea.Path, nil, &cur); err != nil {
			return err
		}
		svc := cur.Body["service"].(map[string]any)
		svc["enabled"] = !svc["enabled"].(bool)
		if err := tx.put(ctx, "/api/configuration/"+VNCOptionsArea.Path, cur.Body, nil); err != nil {
			return err
		}
		wrote.Store(true)
		cancel()
		return nil
	}}

	var wg sync.WaitGroup
	var cancelErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		cancelErr = c.engine.submit(ctx, canceled)
	}()
	time.Sleep(5 * time.Millisecond) // same group, after it
	others := createConcurrently(t, c, names("survivor", 3))
	wg.Wait()

	if !wrote.Load() {
		t.Fatal("the write never ran")
	}
	if !errors.Is(cancelErr, context.Canceled) {
		t.Errorf("canceled caller got %v", cancelErr)
	}
	for n, err := range others {
		if err != nil {
			t.Errorf("%s failed because another caller canceled: %v", n, err)
		}
	}
	if after := string(env.srv.VNCOptions()); after != before {
		t.Errorf("the canceled write was committed:\n%s\n%s", before, after)
	}
	if got := env.srv.Counters().Rollbacks; got < 1 {
		t.Errorf("rollbacks = %d", got)
	}
	if len(env.policiesByName()) != 4 {
		t.Errorf("survivors not all committed: %v", env.policiesByName())
	}
	env.assertNoTransactionLeft()
}

func TestCancelWhileQueuedWritesNothing(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client(func(c *Config) { c.GroupWindow = time.Second })
	ctx, cancel := context.WithTimeout(ctxT(t), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.CreateVNCSettingsPolicy(ctx, policy("queued"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 500*time.Millisecond {
		t.Errorf("cancel took %v", time.Since(start))
	}
	time.Sleep(1200 * time.Millisecond) // past the window: nothing may run
	if got := env.srv.Counters().Total; got != 0 {
		t.Errorf("mock saw %d requests for a canceled operation", got)
	}
}

func TestReadSessionSeesOnlyCommitted(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client(func(c *Config) { c.ReadCacheTTL = -1 })
	ctx := ctxT(t)
	var key string
	var seenList, seenGet error
	var readDuring time.Duration
	err := c.engine.submit(ctx, operation{desc: "probe", apply: func(ctx context.Context, tx *txn) error {
		k, err := tx.create(ctx, vncSettingsPoliciesPath, policy("uncommitted"), "uncommitted")
		if err != nil {
			return err
		}
		key = k
		// The write session sees its working copy...
		var r rawItem
		if err := tx.get(ctx, vncSettingsPolicyPath(k), nil, &r); err != nil {
			return fmt.Errorf("write session cannot see its own write: %w", err)
		}
		// ...the read session does not, and does not wait for the lock.
		start := time.Now()
		items, err := c.ListVNCSettingsPolicies(ctx)
		readDuring = time.Since(start)
		if err != nil {
			seenList = err
		}
		for _, it := range items {
			if it.Body.Name == "uncommitted" {
				seenList = errors.New("read session saw the uncommitted policy in the list")
			}
		}
		if _, err := c.GetVNCSettingsPolicy(ctx, k); !IsNotFound(err) {
			seenGet = fmt.Errorf("GetVNCSettingsPolicy during the transaction: err = %w, want not found", err)
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if seenList != nil {
		t.Error(seenList)
	}
	if seenGet != nil {
		t.Error(seenGet)
	}
	if readDuring > 2*time.Second {
		t.Errorf("read during the transaction took %v", readDuring)
	}
	if _, err := c.GetVNCSettingsPolicy(ctx, key); err != nil {
		t.Errorf("after commit: %v", err)
	}
}

func TestCommitFailureIsBisected(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	// A commit-time check the mock lacks: refuse any transaction that
	// created a policy whose name starts with "poison", without saying
	// which object is at fault.
	var mu sync.Mutex
	pending := map[string]bool{}
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == transactionPath:
			mu.Lock()
			clear(pending)
			mu.Unlock()
		case r.Method == http.MethodPost && r.URL.Path == vncSettingsPoliciesPath:
			b, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(strings.NewReader(string(b)))
			var p VNCSettingsPolicy
			_ = json.Unmarshal(b, &p)
			mu.Lock()
			pending[p.Name] = true
			mu.Unlock()
		case r.Method == http.MethodPut && r.URL.Path == transactionPath:
			mu.Lock()
			poisoned := false
			for n := range pending {
				poisoned = poisoned || strings.HasPrefix(n, "poison")
			}
			mu.Unlock()
			if poisoned {
				writeSPSError(w, http.StatusBadRequest, "SemanticError", "the configuration is inconsistent", map[string]any{"path": "/api/configuration"})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
	c := env.client()
	ns := append(names("fine", 7), "poison")
	res := createConcurrently(t, c, ns)
	for _, n := range ns {
		if n == "poison" {
			if !IsValidation(res[n]) {
				t.Errorf("poison: %v", res[n])
			}
			continue
		}
		if res[n] != nil {
			t.Errorf("%s: %v", n, res[n])
		}
	}
	got := env.policiesByName()
	if len(got) != 8 || got["poison"] != "" {
		t.Errorf("policies: %v", got)
	}
	env.assertNoTransactionLeft()
}

func TestPanickingOperationDoesNotStopTheEngine(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	ctx := ctxT(t)
	err := c.engine.submit(ctx, operation{desc: "broken", apply: func(context.Context, *txn) error { panic("oops") }})
	if err == nil || !strings.Contains(err.Error(), "panic: oops") {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.CreateVNCSettingsPolicy(ctx, policy("after-panic")); err != nil {
		t.Fatal(err)
	}
	env.assertNoTransactionLeft()
}

func TestGroupSizeCap(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client(func(c *Config) { c.GroupWindow = 200 * time.Millisecond })
	c.engine.batch.cap = 3
	for n, err := range createConcurrently(t, c, names("cap", 7)) {
		if err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if got := env.srv.Counters().Commits; got != 3 {
		t.Errorf("commits = %d, want 3 (groups of 3, 3, 1)", got)
	}
}

// Six creates whose names are taken and four valid ones, all in one group.
// Each rejected write used to cost every neighbor one of its replays, so
// the valid ones gave up with another resource's error.
func TestRejectedMembersDoNotSpendNeighborsReplays(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	taken := names("taken-", 6)
	for i, n := range taken {
		b, _ := json.Marshal(policy(n))
		if err := env.srv.PutSettingsPolicy(fmt.Sprintf("other-%d", i), b); err != nil {
			t.Fatal(err)
		}
	}
	c := env.client(func(c *Config) { c.GroupWindow = 150 * time.Millisecond })
	valid := names("valid-", 4)
	res := createConcurrently(t, c, append(append([]string{}, taken...), valid...))
	for _, n := range taken {
		err := res[n]
		if !IsValidation(err) || !strings.Contains(err.Error(), n) {
			t.Errorf("%s: err = %v, want its own validation error", n, err)
		}
	}
	for _, n := range valid {
		if err := res[n]; err != nil {
			t.Errorf("%s (valid) failed: %v", n, err)
		}
	}
	got := env.policiesByName()
	for _, n := range valid {
		if got[n] == "" {
			t.Errorf("%s not committed", n)
		}
	}
	env.assertNoTransactionLeft()
}

// ctxKey marks a caller's context, to see which context a log line used.
type ctxKey struct{}

// ctxLogger records, per message, whether the context carried ctxKey.
type ctxLogger struct {
	mu      sync.Mutex
	carried map[string]bool
}

func (l *ctxLogger) rec(ctx context.Context, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.carried == nil {
		l.carried = map[string]bool{}
	}
	_, ok := ctx.Value(ctxKey{}).(string)
	l.carried[msg] = l.carried[msg] || ok
	if !ok {
		l.carried[msg+" (without the caller's context)"] = true
	}
}

func (l *ctxLogger) Debug(ctx context.Context, msg string, _ map[string]any) { l.rec(ctx, msg) }

func (l *ctxLogger) Info(ctx context.Context, msg string, _ map[string]any) { l.rec(ctx, msg) }

func (l *ctxLogger) Warn(ctx context.Context, msg string, _ map[string]any) { l.rec(ctx, msg) }

// The engine's own log lines (open, commit, rollback) must be written on a
// context derived from the caller's, so tflog's logger in that context (and
// TF_LOG) sees them.
func TestEngineLogsOnCallersContext(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	log := &ctxLogger{}
	c := env.client(func(c *Config) { c.Logger = log })
	ctx := context.WithValue(ctxT(t), ctxKey{}, "caller")
	if _, err := c.CreateVNCSettingsPolicy(ctx, policy("logged")); err != nil {
		t.Fatal(err)
	}
	bad := policy("bad")
	bad.Timeout = -1
	if _, err := c.CreateVNCSettingsPolicy(ctx, bad); !IsValidation(err) {
		t.Fatalf("err = %v", err)
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	for _, msg := range []string{"opened SPS transaction", "committed SPS transaction", "rolled back SPS transaction"} {
		if !log.carried[msg] || log.carried[msg+" (without the caller's context)"] {
			t.Errorf("%q was not logged on the caller's context (seen: %v)", msg, log.carried)
		}
	}
}
