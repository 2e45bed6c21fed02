package sps

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no url", Config{Username: "a"}, "URL is required"},
		{"bad scheme", Config{URL: "ftp://x", Username: "a"}, "scheme"},
		{"no host", Config{URL: "https://", Username: "a"}, "no host"},
		{"creds in url", Config{URL: "https://u:p@host", Username: "a"}, "credentials"},
		{"no user", Config{URL: "https://host"}, "username"},
		{"browser ua", Config{URL: "https://host", Username: "a", UserAgent: "Mozilla/5.0"}, "browser"},
		{"bad mode", Config{URL: "https://host", Username: "a", CommitMode: "x"}, "commit mode"},
		{"bad ca", Config{URL: "https://host", Username: "a", CACertPEM: []byte("nope")}, "PEM"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want mention of %q", err, tc.want)
			}
		})
	}
	c, err := New(Config{URL: "https://sps.example:8443/", Username: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.endpoint("/api/x", nil); got != "https://sps.example:8443/api/x" {
		t.Errorf("endpoint = %q", got)
	}
	if c.cfg.RequestTimeout != DefaultRequestTimeout || c.cfg.MaxRetries != DefaultMaxRetries || c.cfg.CommitMode != CommitGroup ||
		c.cfg.GroupWindow != DefaultGroupWindow || c.cfg.LockWaitTimeout != DefaultLockWaitTimeout || c.cfg.UserAgent != DefaultUserAgent {
		t.Errorf("defaults not applied: %+v", c.cfg)
	}
}

func TestLoginOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	ctx := ctxT(t)

	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := getOptions(c, ctx)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := env.requests("GET /api/authentication"); got != 1 {
		t.Errorf("logins at the mock = %d, want 1", got)
	}
	if got := c.Stats().Logins; got != 1 {
		t.Errorf("Stats().Logins = %d, want 1", got)
	}
}

func TestHeadersOnEveryRequest(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	var bad atomic.Value
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if ua := r.Header.Get("User-Agent"); ua != "terraform-provider-sps/test" {
			bad.Store("User-Agent " + ua)
		}
		if a := r.Header.Get("Accept"); a != "application/json" {
			bad.Store("Accept " + a)
		}
		if r.Header.Get("Expect") != "" {
			bad.Store("Expect sent")
		}
		if r.Method == http.MethodPost && r.ContentLength < 0 {
			bad.Store("POST without length")
		}
		next.ServeHTTP(w, r)
	})
	c := env.client(func(c *Config) { c.UserAgent = "terraform-provider-sps/test" })
	if _, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("hdr")); err != nil {
		t.Fatal(err)
	}
	if v := bad.Load(); v != nil {
		t.Fatal(v)
	}
}

func TestReloginAfterExpiry(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	ctx := ctxT(t)
	if _, err := getOptions(c, ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateVNCSettingsPolicy(ctx, policy("before")); err != nil {
		t.Fatal(err)
	}
	env.srv.ExpireAllSessions()

	// Read: the read session logs in again once and repeats the GET.
	if _, err := getOptions(c, ctx); err != nil {
		t.Fatalf("read after expiry: %v", err)
	}
	// Write: the write session's transaction died; the group restarts.
	if _, err := c.CreateVNCSettingsPolicy(ctx, policy("after")); err != nil {
		t.Fatalf("write after expiry: %v", err)
	}
	if got := c.Stats().Logins; got != 4 {
		t.Errorf("logins = %d, want 4 (read+write, then both again)", got)
	}
	names := env.policiesByName()
	if names["before"] == "" || names["after"] == "" {
		t.Errorf("policies = %v", names)
	}
	env.assertNoTransactionLeft()
}

func TestSessionExpiresMidTransaction(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	// The session dies between the write and the commit.
	expired := env.OnFirst(http.MethodPut, "/api/transaction", func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		env.srv.ExpireSessionOf(r)
		next.ServeHTTP(w, r)
	})
	c := env.client()
	it, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("midtx"))
	if err != nil {
		t.Fatal(err)
	}
	if !expired.Load() {
		t.Fatal("the session was never expired")
	}
	if got := env.policiesByName()["midtx"]; got != it.Key {
		t.Errorf("mock key %q, client key %q", got, it.Key)
	}
	if got := env.requests("POST /api/configuration/vnc/settings_policies"); got != 2 {
		t.Errorf("POSTs = %d, want 2 (replayed once in a fresh transaction)", got)
	}
	env.assertNoTransactionLeft()
}

func TestWrongCredentials(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client(func(c *Config) { c.Password = "wrong-" + mockspstest.AdminPassword })
	_, err := getOptions(c, ctxT(t))
	if !IsAuthenticationFailure(err) {
		t.Fatalf("err = %v, want authentication failure", err)
	}
	msg := err.Error()
	for _, want := range []string{`401 AuthenticationFailure`, `(user "admin" at ` + env.URL} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, mockspstest.AdminPassword) {
		t.Errorf("message holds the password: %q", msg)
	}
	// A failed login is not retried and not looped on.
	if got := env.requests("GET /api/authentication"); got != 1 {
		t.Errorf("login attempts = %d, want 1", got)
	}
}

func TestAuditorCannotWrite(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client(func(c *Config) { c.Username, c.Password = mockspstest.AuditorUser, mockspstest.AuditorPassword })
	ctx := ctxT(t)
	if _, err := c.ListVNCSettingsPolicies(ctx); err != nil {
		t.Fatalf("auditor read: %v", err)
	}
	_, err := c.CreateVNCSettingsPolicy(ctx, policy("nope"))
	if !IsUnauthorized(err) {
		t.Fatalf("err = %v, want 403", err)
	}
	if !strings.Contains(err.Error(), `POST /api/transaction: 403 Unauthorized`) || !strings.Contains(err.Error(), `(user "auditor" at `+env.URL) {
		t.Errorf("message = %q", err)
	}
	env.assertNoTransactionLeft()
}

func TestRetriesOn503(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	var fails atomic.Int32
	fails.Store(3)
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.Method == http.MethodGet && r.URL.Path == "/api/configuration/vnc/options" && fails.Add(-1) >= 0 {
			writeSPSError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "busy", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
	c := env.client()
	if _, err := getOptions(c, ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if got := env.requests("GET /api/configuration/vnc/options"); got != 1 {
		t.Errorf("requests reaching the mock = %d, want 1", got)
	}
	if got := c.Stats().Retries; got != 3 {
		t.Errorf("retries = %d, want 3", got)
	}
	if got := env.log.count("retrying SPS API request"); got != 3 {
		t.Errorf("retry log lines = %d, want 3", got)
	}
}

func TestRetriesGiveUp(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	var hits atomic.Int32
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.URL.Path == "/api/configuration/vnc/options" {
			hits.Add(1)
			writeSPSError(w, http.StatusBadGateway, "", "proxy down", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
	c := env.client(func(c *Config) { c.MaxRetries = 2 })
	_, err := getOptions(c, ctxT(t))
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusBadGateway {
		t.Fatalf("err = %v, want the 502", err)
	}
	if hits.Load() != 3 {
		t.Errorf("attempts = %d, want 3", hits.Load())
	}
}

func TestNoRetryOn4xx(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	_, err := c.getVNCSettingsPolicyDirect(ctxT(t), "no-such-key")
	if !IsNotFound(err) {
		t.Fatalf("err = %v", err)
	}
	if got := env.requests("GET /api/configuration/vnc/settings_policies/no-such-key"); got != 1 {
		t.Errorf("requests = %d, want 1", got)
	}
	if c.Stats().Retries != 0 {
		t.Errorf("retried a 404")
	}
}

func TestRetryStopsOnCancel(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.URL.Path == "/api/configuration/vnc/options" {
			writeSPSError(w, http.StatusServiceUnavailable, "", "busy", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
	c := env.client(func(c *Config) {
		c.MaxRetries = 100
		c.RetryWaitMin, c.RetryWaitMax = 50*time.Millisecond, 50*time.Millisecond
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := getOptions(c, ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %v after cancel", time.Since(start))
	}
}

func TestTLSWithCABundle(t *testing.T) {
	t.Parallel()
	ts := mockspstest.Start(t, mockspstest.WithTLS())
	caPEM := ts.CAPEM

	ctx := ctxT(t)
	// System roots only: the self-signed certificate is refused, at once.
	c, err := New(Config{URL: ts.URL, Username: mockspstest.AdminUser, Password: mockspstest.AdminPassword, RetryWaitMin: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := getOptions(c, ctx); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err = %v, want a certificate error", err)
	}
	if c.Stats().Retries != 0 {
		t.Errorf("certificate errors were retried")
	}
	// With the CA bundle it works.
	c, err = New(Config{URL: ts.URL, Username: mockspstest.AdminUser, Password: mockspstest.AdminPassword, CACertPEM: caPEM})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := getOptions(c, ctx); err != nil {
		t.Fatal(err)
	}
	// And so with verification off.
	c, err = New(Config{URL: ts.URL, Username: mockspstest.AdminUser, Password: mockspstest.AdminPassword, InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := getOptions(c, ctx); err != nil {
		t.Fatal(err)
	}
}

func TestCookieKeptDespiteClockSkew(t *testing.T) {
	t.Parallel()
	// A server whose clock is far behind sets a cookie that looks expired
	// to us; the client must still send it.
	var logins, authed atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/authentication" {
			logins.Add(1)
			http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "abc123", Expires: time.Now().Add(-24 * time.Hour)})
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"meta":{}}`))
			return
		}
		if ck, err := r.Cookie("session_id"); err != nil || ck.Value != "abc123" {
			writeSPSError(w, http.StatusUnauthorized, "Unauthenticated", "no session", nil)
			return
		}
		authed.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"key":"options","body":{"service":{"enabled":true},"audit":{"cleanup":{"enabled":false}}}}`))
	}))
	defer ts.Close()
	c, err := New(Config{URL: ts.URL, Username: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := getOptions(c, ctxT(t)); err != nil {
			t.Fatal(err)
		}
	}
	if logins.Load() != 1 || authed.Load() != 3 {
		t.Errorf("logins=%d authed=%d, want 1 and 3", logins.Load(), authed.Load())
	}
}

func TestLogsRedacted(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	if _, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("logged")); err != nil {
		t.Fatal(err)
	}
	if env.log.count("SPS API request") == 0 {
		t.Fatal("no HTTP debug logging")
	}
	if env.log.count("<redacted>") == 0 {
		t.Error("no redacted header in the logs")
	}
	if env.log.count("committed SPS transaction") != 1 {
		t.Error("commit not logged")
	}
	// assertNoSecrets runs at cleanup with the session ids the mock issued.
}

func TestSessionExpiresBetweenGroupMembersWrites(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	var posts atomic.Int32
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.Method == http.MethodPost && r.URL.Path == vncSettingsPoliciesPath && posts.Add(1) == 3 {
			env.srv.ExpireSessionOf(r)
		}
		next.ServeHTTP(w, r)
	})
	c := env.client()
	for n, err := range createConcurrently(t, c, names("exp", 5)) {
		if err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if got := len(env.policiesByName()); got != 6 {
		t.Errorf("policies = %v", env.policiesByName())
	}
	if got := c.Stats().Logins; got != 3 {
		t.Errorf("logins = %d, want 3 (read, write, write again)", got)
	}
	env.assertNoTransactionLeft()
}
