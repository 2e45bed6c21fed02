package sps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

func TestAmbiguousCommitNotDoubleApplied(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	env.OnFirst(http.MethodPut, transactionPath, dropResponse)
	c := env.client()
	res := createConcurrently(t, c, names("amb", 3))
	for n, err := range res {
		if err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	cn := env.srv.Counters()
	if cn.Commits != 1 {
		t.Errorf("commits = %d, want 1", cn.Commits)
	}
	if got := cn.Requests["POST "+vncSettingsPoliciesPath]; got != 3 {
		t.Errorf("POSTs = %d, want 3", got)
	}
	if len(env.policiesByName()) != 4 {
		t.Errorf("policies: %v", env.policiesByName())
	}
	env.assertNoTransactionLeft()
}

func TestFailedRollbackIsCleanedUpBeforeNextOpen(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	var failDeletes atomic.Bool
	failDeletes.Store(true)
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.Method == http.MethodDelete && r.URL.Path == transactionPath && failDeletes.Load() {
			writeSPSError(w, http.StatusInternalServerError, "", "boom", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
	c := env.client(func(c *Config) { c.MaxRetries = 1 })
	ctx := ctxT(t)
	bad := policy("bad")
	bad.Timeout = -1
	if _, err := c.CreateVNCSettingsPolicy(ctx, bad); !IsValidation(err) {
		t.Fatalf("err = %v", err)
	}
	if env.srv.LockHolder() != mockspstest.AdminUser {
		t.Fatalf("expected our transaction to linger, holder = %q", env.srv.LockHolder())
	}
	failDeletes.Store(false)
	if _, err := c.CreateVNCSettingsPolicy(ctx, policy("good")); err != nil {
		t.Fatal(err)
	}
	got := env.policiesByName()
	if got["good"] == "" || got["bad"] != "" || len(got) != 2 {
		t.Errorf("policies = %v", got)
	}
	env.assertNoTransactionLeft()
}

// When the rollback of a failed group fails and the cleanup rollback before
// the next group fails too, the next group must not open (or reuse) the
// transaction: its commit would publish the stray writes of the failed
// group.
func TestCleanupRollbackFailedTwiceBlocksOpen(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	var failDeletes, failCommit atomic.Bool
	failDeletes.Store(true)
	failCommit.Store(true)
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		switch {
		case r.Method == http.MethodDelete && r.URL.Path == transactionPath && failDeletes.Load():
			writeSPSError(w, http.StatusInternalServerError, "", "boom", nil)
			return
		case r.Method == http.MethodPut && r.URL.Path == transactionPath && failCommit.Swap(false):
			writeSPSError(w, http.StatusBadRequest, "SemanticError", "configuration check failed", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
	c := env.client(func(c *Config) { c.MaxRetries = 1 })
	ctx := ctxT(t)
	if _, err := c.CreateVNCSettingsPolicy(ctx, policy("stray")); !IsValidation(err) {
		t.Fatalf("first create: err = %v, want the refused commit", err)
	}
	_, err := c.CreateVNCSettingsPolicy(ctx, policy("next"))
	if err == nil {
		t.Error("the second create succeeded although the stray transaction could not be rolled back")
	}
	if got := env.policiesByName(); got["stray"] != "" || got["next"] != "" {
		t.Fatalf("committed with stray writes: %v", got)
	}
	failDeletes.Store(false)
	if _, err := c.CreateVNCSettingsPolicy(ctx, policy("after")); err != nil {
		t.Fatal(err)
	}
	got := env.policiesByName()
	if got["stray"] != "" || got["next"] != "" || got["after"] == "" {
		t.Errorf("policies = %v", got)
	}
	env.assertNoTransactionLeft()
}

// The caller gives up (Ctrl-C) while the commit runs. The commit lands, so
// the create must still return the committed object: Terraform records what
// the provider returns after a stop request.
func TestCallerCanceledDuringCommitGetsCommittedObject(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{CommitDelay: 600 * time.Millisecond})
	ctx, cancel := context.WithCancel(ctxT(t))
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.Method == http.MethodPut && r.URL.Path == transactionPath {
			time.AfterFunc(150*time.Millisecond, cancel)
		}
		next.ServeHTTP(w, r)
	})
	c := env.client()
	it, err := c.CreateVNCSettingsPolicy(ctx, policy("interrupted"))
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if ctx.Err() == nil {
		t.Fatal("the caller was not canceled during the commit")
	}
	if key := env.policiesByName()["interrupted"]; key == "" || it.Key != key {
		t.Errorf("returned %+v, mock has %v", it, env.policiesByName())
	}
}

// The commit takes longer than the client waits for it. Its outcome is
// unknown: no replay (which would meet 409 TransactionCommitting and then
// duplicate the object), an error saying the outcome is unknown, and the
// key of the created object for the caller.
func TestCommitOutlivingPatienceIsNotReplayed(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{CommitDelay: 2 * time.Second})
	c := env.client(func(c *Config) { c.RequestTimeout = 200 * time.Millisecond })
	it, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("slow"))
	if !IsCommitOutcomeUnknown(err) {
		t.Fatalf("err = %v, want an unknown commit outcome", err)
	}
	if it == nil || it.Key == "" || it.Body.Name != "slow" {
		t.Fatalf("item = %+v, want the written key and values", it)
	}
	if !strings.Contains(err.Error(), "may still") {
		t.Errorf("the error does not say the commit may still land: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for env.policiesByName()["slow"] == "" && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := env.policiesByName(); got["slow"] != it.Key || len(got) != 2 {
		t.Errorf("policies = %v, want slow under key %s", got, it.Key)
	}
	if n := env.requests("POST " + vncSettingsPoliciesPath); n != 1 {
		t.Errorf("POSTs = %d, want 1 (no replay)", n)
	}
	if !errors.Is(err, ErrCommitOutcomeUnknown) {
		t.Errorf("errors.Is(err, ErrCommitOutcomeUnknown) = false: %v", err)
	}
}

// Only an operation stopped before its commit may be reported as "nothing
// changed": a read-back that failed after the commit is not such a case.
func TestIsCanceledBeforeCommit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{context.Canceled, true},
		{fmt.Errorf("creating: %w", context.Canceled), true},
		{CommittedError{Err: fmt.Errorf("was created and committed, but reading it back failed: %w", context.Canceled)}, false},
		{fmt.Errorf("x: %w (%w)", ErrCommitOutcomeUnknown, context.Canceled), false},
		{errors.New("other"), false},
	} {
		t.Run(tc.err.Error(), func(t *testing.T) {
			if got := IsCanceledBeforeCommit(tc.err); got != tc.want {
				t.Errorf("IsCanceledBeforeCommit(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// failReadsAfterCommit makes every GET of the policy list (and of one
// policy) fail with 503 once a commit went through: the change is on the
// appliance, but the client cannot read it back.
func failReadsAfterCommit(env *mockEnv) {
	var committed atomic.Bool
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, vncSettingsPoliciesPath) && committed.Load() {
			writeSPSError(w, http.StatusServiceUnavailable, "", "try later", nil)
			return
		}
		next.ServeHTTP(w, r)
		if r.Method == http.MethodPut && r.URL.Path == transactionPath {
			committed.Store(true)
		}
	})
}

// A create that committed but could not be read back must still return
// the key it wrote and the values it sent, with an error saying it was
// committed: a caller that records nothing leaves an untracked policy, and
// the next create of the same name fails as a duplicate.
func TestCommittedCreateNotReadBackReturnsItem(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	failReadsAfterCommit(env)
	c := env.client(func(c *Config) { c.MaxRetries = 0 })
	p := policy("unread")
	p.Timeout = 777
	it, err := c.CreateVNCSettingsPolicy(ctxT(t), p)
	if err == nil || !IsCommitted(err) || IsCanceledBeforeCommit(err) || IsCommitOutcomeUnknown(err) {
		t.Fatalf("err = %v, want a committed-but-not-read-back error", err)
	}
	key := env.policiesByName()["unread"]
	if key == "" {
		t.Fatalf("not committed: %v", env.policiesByName())
	}
	if it == nil || it.Key != key || it.Body != p {
		t.Fatalf("item = %+v, want key %s and the values sent", it, key)
	}
}

// After a commit whose outcome is unknown, the next group waits (up to
// about 4×RequestTimeout) for it to end. A caller stopped meanwhile
// (Ctrl-C) must not wait with it: it returns at once, as canceled before
// its commit, and no transaction is opened for it.
func TestCanceledWhileEarlierCommitPendingReturnsAtOnce(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.URL.Path != transactionPath {
			next.ServeHTTP(w, r)
			return
		}
		switch r.Method {
		case http.MethodPut: // the commit is still running, forever
			writeSPSError(w, http.StatusConflict, "TransactionCommitting", "the transaction is being committed", nil)
			return
		case http.MethodGet:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"body": {"status": "open"}}`))
			return
		}
		next.ServeHTTP(w, r)
	})
	const timeout = 500 * time.Millisecond
	c := env.client(func(c *Config) { c.RequestTimeout = timeout })
	if _, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("first")); !IsCommitOutcomeUnknown(err) {
		t.Fatalf("first create: err = %v, want an unknown outcome", err)
	}
	opens := env.requests("POST " + transactionPath)

	ctx, cancel := context.WithCancel(ctxT(t))
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.CreateVNCSettingsPolicy(ctx, policy("second"))
	waited := time.Since(start)
	if !IsCanceledBeforeCommit(err) {
		t.Errorf("second create: err = %v, want canceled before its commit", err)
	}
	if waited > 200*time.Millisecond+timeout/2 {
		t.Errorf("the canceled create returned after %v; the earlier commit is waited for up to %v", waited, 4*timeout)
	}
	if n := env.requests("POST " + transactionPath); n != opens {
		t.Errorf("transactions opened after the cancel: %d", n-opens)
	}
	if got := env.policiesByName(); got["second"] != "" {
		t.Errorf("second was written: %v", got)
	}
}

// The two ways a commit's outcome stays unknown are told apart in the
// error: SPS still committing when the client stopped waiting (about
// 4×RequestTimeout), or the transaction's status could not be read at all.
func TestCommitOutcomeUnknownSaysWhy(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.URL.Path == transactionPath {
			switch r.Method {
			case http.MethodPut: // the answer is lost, the commit never ran
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
				return
			case http.MethodGet:
				writeSPSError(w, http.StatusInternalServerError, "", "status unavailable", nil)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
	c := env.client(func(c *Config) { c.MaxRetries = 0 })
	_, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("unread-status"))
	if !IsCommitOutcomeUnknown(err) {
		t.Fatalf("err = %v, want an unknown outcome", err)
	}
	var cu *CommitOutcomeUnknownError
	if !errors.As(err, &cu) || cu.StatusErr == nil {
		t.Fatalf("err = %v (%T), want a CommitOutcomeUnknownError with the status error", err, err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "status could not be read") || !strings.Contains(msg, "status unavailable") ||
		strings.Contains(msg, "still committing") {
		t.Errorf("unreadable status worded as %q", msg)
	}

	slow := &CommitOutcomeUnknownError{Waited: 8 * time.Second, Cause: errors.New("timeout")}
	if msg := slow.Error(); !strings.Contains(msg, "still committing after 8s") || strings.Contains(msg, "could not be read") {
		t.Errorf("still committing worded as %q", msg)
	}
}

// An open transaction looks the same whether its commit is still running
// or was abandoned (an appliance that gave up on a commit whose client hung
// up, as the mock's commit_abort_on_disconnect fault does). The first
// commit's answer is lost and SPS refuses the second one with 409
// TransactionCommitting, although no commit runs any more: the engine must
// ask again rather than only poll the status until it gives up with an
// unknown outcome and leaves the transaction, and its lock, behind.
func TestAbandonedCommitIsCommittedAgain(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	var commits atomic.Int32
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.Method == http.MethodPut && r.URL.Path == transactionPath {
			switch commits.Add(1) {
			case 1: // the answer is lost; the mock never saw the commit
				writeSPSError(w, http.StatusBadGateway, "", "connection reset by the proxy", nil)
				return
			case 2: // refused as if an earlier commit were still running
				writeSPSError(w, http.StatusConflict, "TransactionCommitting", "a commit of this transaction is in progress", nil)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
	c := env.client(func(c *Config) { c.RequestTimeout = 300 * time.Millisecond; c.MaxRetries = 0 })
	it, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("abandoned"))
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if got := env.policiesByName(); got["abandoned"] != it.Key {
		t.Errorf("policies = %v, want abandoned under key %s", got, it.Key)
	}
	if n := commits.Load(); n != 3 {
		t.Errorf("commit requests = %d, want 3 (lost, refused, committed)", n)
	}
	if n := env.requests("POST " + vncSettingsPoliciesPath); n != 1 {
		t.Errorf("POSTs = %d, want 1 (the write is never replayed)", n)
	}
	env.assertNoTransactionLeft()
}
