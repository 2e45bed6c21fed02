package sps

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

func TestLockHeldByAnotherUser(t *testing.T) {
	t.Parallel()
	t.Run("waits then succeeds", func(t *testing.T) {
		t.Parallel()
		env := newMockEnv(t, mocksps.Config{Users: []mocksps.User{
			{Name: mockspstest.AdminUser, Password: mockspstest.AdminPassword, Role: "admin"}, {Name: "bob", Password: "bob-pw", Role: "admin"},
		}})
		// bob holds the lock until our client has been refused once.
		refused := make(chan struct{})
		var once sync.Once
		env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			rec := &statusRecorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			if r.Method == http.MethodPost && r.URL.Path == transactionPath && rec.status == http.StatusConflict {
				once.Do(func() { close(refused) })
			}
		})
		bob := env.client(func(c *Config) { c.Username, c.Password = "bob", "bob-pw" })
		holding := make(chan struct{})
		bobDone := make(chan error, 1)
		go func() {
			bobDone <- bob.engine.submit(ctxT(t), operation{desc: "bob at work", apply: func(ctx context.Context, tx *txn) error {
				close(holding)
				<-refused
				return nil
			}})
		}()
		<-holding
		if env.srv.LockHolder() != "bob" {
			t.Fatalf("lock holder = %q", env.srv.LockHolder())
		}
		c := env.client()
		if _, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("afterlock")); err != nil {
			t.Fatal(err)
		}
		if err := <-bobDone; err != nil {
			t.Errorf("bob: %v", err)
		}
		if env.policiesByName()["afterlock"] == "" {
			t.Error("not committed")
		}
		if got := env.requests("POST " + transactionPath); got < 3 {
			t.Errorf("transaction opens = %d, want bob's + a refused one + ours", got)
		}
		if env.log.count("locked by another user") == 0 {
			t.Errorf("waiting not logged")
		}
	})
	t.Run("times out naming the holder", func(t *testing.T) {
		t.Parallel()
		env := newMockEnv(t, mocksps.Config{})
		if err := env.srv.HoldLock("bob", 10*time.Second); err != nil {
			t.Fatal(err)
		}
		c := env.client(func(c *Config) { c.LockWaitTimeout = 300 * time.Millisecond })
		start := time.Now()
		_, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("never"))
		var lt *LockTimeoutError
		if !errors.As(err, &lt) || !IsLocked(err) {
			t.Fatalf("err = %v", err)
		}
		if lt.Holder != "bob" || lt.Waited < 300*time.Millisecond || !strings.Contains(err.Error(), `lock held by user "bob"`) {
			t.Errorf("message = %q", err)
		}
		if d := time.Since(start); d < 300*time.Millisecond || d > 3*time.Second {
			t.Errorf("gave up after %v", d)
		}
		if env.srv.LockHolder() != "bob" {
			t.Error("the client broke bob's lock")
		}
		if env.policiesByName()["never"] != "" {
			t.Error("created despite the lock")
		}
	})
}

func TestAmbiguousCommitStillOpenIsCommittedAgain(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	env.OnFirst(http.MethodPut, transactionPath, answerError(http.StatusServiceUnavailable, "", "try later"))
	c := env.client()
	if _, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("recommit")); err != nil {
		t.Fatal(err)
	}
	if got := env.srv.Counters().Commits; got != 1 {
		t.Errorf("commits = %d", got)
	}
	if env.policiesByName()["recommit"] == "" {
		t.Error("not committed")
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func TestAmbiguousOpenResolvedByStatus(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	env.OnFirst(http.MethodPost, transactionPath, dropResponse)
	c := env.client()
	if _, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("opened")); err != nil {
		t.Fatal(err)
	}
	cn := env.srv.Counters()
	if got := cn.Requests["POST "+transactionPath]; got != 1 {
		t.Errorf("opens = %d, want 1 (the lost answer settled by GET status)", got)
	}
	if got := cn.Requests["GET "+transactionPath]; got != 1 {
		t.Errorf("status reads = %d, want 1", got)
	}
	if cn.Commits != 1 || env.policiesByName()["opened"] == "" {
		t.Errorf("commits = %d, policies %v", cn.Commits, env.policiesByName())
	}
}

// A lock wait of zero fails at once on a held lock, naming the holder,
// instead of falling back to the five-minute default.
func TestLockWaitZeroFailsAtOnce(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	if err := env.srv.HoldLock("carol", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	c := env.client(func(c *Config) { c.LockWaitTimeout = 0 })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.CreateVNCSettingsPolicy(ctx, policy("no-wait"))
	var lt *LockTimeoutError
	if !errors.As(err, &lt) {
		t.Fatalf("err = %v, want a LockTimeoutError (no waiting)", err)
	}
	if lt.Holder != "carol" || !strings.Contains(err.Error(), `user "carol"`) {
		t.Errorf("error does not name the holder: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v; zero means fail at once", d)
	}
	if got := env.requests("POST " + transactionPath); got != 1 {
		t.Errorf("transaction open attempts = %d, want 1", got)
	}
	if env.srv.LockHolder() != "carol" || env.policiesByName()["no-wait"] != "" {
		t.Error("the lock was broken or the policy written")
	}
}
