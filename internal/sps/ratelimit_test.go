package sps

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
)

// Retry-After in delay-seconds and in each of the three HTTP date formats.
func TestRetryAfterForms(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 3, 21, 40, 0, 0, time.UTC)
	later := now.Add(90 * time.Second)
	for _, tc := range []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"2", 2 * time.Second, true},
		{" 0 ", 0, true},
		{later.Format(http.TimeFormat), 90 * time.Second, true}, // IMF-fixdate
		{later.Format(time.RFC850), 90 * time.Second, true},     // obsolete RFC 850
		{later.Format(time.ANSIC), 90 * time.Second, true},      // asctime
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},  // in the past: no wait
		{"-1", 0, false}, {"soon", 0, false}, {"", 0, false}, {"1.5", 0, false},
		{"99999999999999999999", 0, false},
	} {
		got, ok := retryAfter(http.Header{"Retry-After": {tc.header}}, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Retry-After %q: %v, %v; want %v, %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
	// The backoff takes the server's wait for 429 and 503 (not capped at
	// RetryWaitMax: checkRetry caps it by the request's patience).
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {time.Now().Add(7 * time.Second).UTC().Format(http.TimeFormat)}}}
		if d := jitterBackoff(time.Millisecond, 5*time.Second, 0, resp); d < 5*time.Second || d > 7*time.Second {
			t.Errorf("%d with a date 7s ahead: backoff %v", status, d)
		}
	}
}

// rateLimited arms a rate_limit fault on the mock.
func rateLimited(t *testing.T, env *mockEnv, match string, count int, wait time.Duration, form string) {
	t.Helper()
	if _, err := env.srv.Faults().Add(faults.Fault{Kind: faults.KindRateLimit, Match: match, Count: count,
		Delay: faults.Duration(wait), RetryAfter: form}); err != nil {
		t.Fatal(err)
	}
}

// A 429 means the request was not processed: even the non-idempotent POST
// that creates a policy is sent again, after the wait the answer asked for
// (in seconds, or as an HTTP date).
func TestRateLimitedWriteRetried(t *testing.T) {
	t.Parallel()
	for _, form := range []string{faults.RetryAfterSeconds, faults.RetryAfterDate} {
		t.Run(form, func(t *testing.T) {
			t.Parallel()
			env := newMockEnv(t, mocksps.Config{})
			c := env.client()
			const create = "POST /api/configuration/vnc/settings_policies"
			rateLimited(t, env, create, 1, time.Second, form)
			start := time.Now()
			created, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("limited-"+form))
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took < 900*time.Millisecond && form == faults.RetryAfterSeconds {
				t.Errorf("took %v: the 1s Retry-After was not waited for", took)
			}
			if n := env.srv.Counters().Requests[create]; n != 2 {
				t.Errorf("%s sent %d times, want 2", create, n)
			}
			if got := env.policiesByName()["limited-"+form]; got != created.Key {
				t.Errorf("mock holds %q under %q, want one under %q", "limited-"+form, got, created.Key)
			}
		})
	}
}

// A 429 without Retry-After (as some proxies send) is retried with the
// client's own backoff; when every attempt is refused, the error says so.
func TestRateLimitedWithoutRetryAfter(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	ctx := ctxT(t)
	rateLimited(t, env, "GET /api/configuration/vnc/**", 2, 0, faults.RetryAfterNone)
	if _, err := c.ListVNCSettingsPolicies(ctx); err != nil {
		t.Fatalf("two 429s then success: %v", err)
	}
	env.srv.Faults().Clear()
	rateLimited(t, env, "GET /api/configuration/vnc/**", -1, 0, faults.RetryAfterNone)
	var out any
	err := c.getJSON(ctx, vncSettingsPoliciesPath, nil, &out)
	var rl *RateLimitedError
	if !errors.As(err, &rl) || rl.Patience != 0 ||
		!strings.Contains(err.Error(), "rate limited in all 5 attempts") {
		t.Fatalf("always 429: %v", err)
	}
}

// A wait longer than the request may still wait fails at once, saying how
// long the server asked: the patience is the request timeout, or the time
// left before the context's deadline when that is sooner.
func TestRateLimitedLongerThanPatience(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		timeout  time.Duration
		deadline time.Duration
		form     string
	}{
		{"request timeout", 2 * time.Second, 30 * time.Second, faults.RetryAfterSeconds},
		{"context deadline", 30 * time.Second, 3 * time.Second, faults.RetryAfterDate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newMockEnv(t, mocksps.Config{})
			c := env.client(func(cfg *Config) { cfg.RequestTimeout = tc.timeout })
			ctx, cancel := context.WithTimeout(context.Background(), tc.deadline)
			defer cancel()
			rateLimited(t, env, "GET /api/configuration/vnc/**", -1, 2*time.Minute, tc.form)
			start := time.Now()
			var out any
			err := c.getJSON(ctx, vncSettingsPoliciesPath, nil, &out)
			var rl *RateLimitedError
			if !errors.As(err, &rl) {
				t.Fatalf("got %v", err)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("took %v: it should fail at once", took)
			}
			if rl.RetryAfter < 119*time.Second || rl.Patience <= 0 || rl.Patience > min(tc.timeout, tc.deadline) {
				t.Errorf("RetryAfter %v, Patience %v", rl.RetryAfter, rl.Patience)
			}
			if !strings.Contains(err.Error(), "rate limited: the answer asked for a wait of 2m") {
				t.Errorf("error: %v", err)
			}
		})
	}
}

// A 503 with Retry-After as an HTTP date is waited for and retried (reads
// only: a 503 may have been processed).
func TestServiceUnavailableRetryAfterDate(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	var answered atomic.Bool
	var askedNano atomic.Int64 // the date Retry-After gave (the handler runs on the server's goroutine)
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, vncSettingsPoliciesPath) && answered.CompareAndSwap(false, true) {
			asked := time.Now().Add(2 * time.Second).UTC().Truncate(time.Second)
			askedNano.Store(asked.UnixNano())
			w.Header().Set("Retry-After", asked.Format(http.TimeFormat))
			writeSPSError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "busy", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
	var out any
	if err := c.getJSON(ctxT(t), vncSettingsPoliciesPath, nil, &out); err != nil {
		t.Fatal(err)
	}
	if asked, now := time.Unix(0, askedNano.Load()), time.Now(); !answered.Load() || now.Before(asked.Add(-10*time.Millisecond)) {
		t.Errorf("retried %v before the date Retry-After gave", asked.Sub(now))
	}
}
