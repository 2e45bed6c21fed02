package sps

import (
	"net/http"
	"sync/atomic"
	"testing"

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
