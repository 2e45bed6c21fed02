package sps

// Edge cases of the client's contact with the appliance (issue 10): a
// lock wait of zero, a rejected password, redirects, a stalled CSV
// download and the trust placed in ca_cert_pem.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// A lock wait of zero fails at once on a held lock, naming the holder,
// instead of falling back to the five-minute default.
func TestLockWaitZeroFailsAtOnce(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	if err := env.srv.HoldLock("carol", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	c := env.client(func(c *Config) { c.LockWaitTimeout = NoLockWait })
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

// A password SPS rejected (401 AuthenticationFailure at login) is not tried
// again by the same client: twenty reads make one login attempt, so an
// account lockout policy on the appliance is not tripped by a refresh.
func TestRejectedPasswordIsNotRetried(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client(func(c *Config) { c.Password = "wrong-password" })
	ctx := ctxT(t)
	for i := range 20 {
		var err error
		switch i % 3 {
		case 0:
			_, err = c.ListVNCSettingsPolicies(ctx)
		case 1:
			_, err = c.GetVNCSettingsPolicy(ctx, "-30211")
		default:
			_, err = c.SearchSessions(ctx, SessionQuery{MaxResults: 1})
		}
		if !IsAuthenticationFailure(err) {
			t.Fatalf("read %d: err = %v, want the login failure", i+1, err)
		}
	}
	// A write uses the other session; it must not log in either.
	if _, err := c.CreateVNCSettingsPolicy(ctx, policy("after-reject")); !IsAuthenticationFailure(err) {
		t.Fatalf("write: err = %v, want the login failure", err)
	}
	if got := env.requests("GET /api/authentication"); got != 1 {
		t.Errorf("the mock saw %d login attempts, want 1", got)
	}
	if st := c.Stats(); st.Logins != 0 {
		t.Errorf("stats count %d successful logins", st.Logins)
	}

	// A new client (the next Terraform run) tries again.
	if _, err := env.client().ListVNCSettingsPolicies(ctx); err != nil {
		t.Fatalf("fresh client with the right password: %v", err)
	}
}

// Redirects are refused, not followed: Go would replay a POST as a GET,
// which SPS answers with 200, so a transaction would seem to open.
func TestRedirectsAreRefused(t *testing.T) {
	t.Parallel()

	t.Run("login redirected elsewhere", func(t *testing.T) {
		t.Parallel()
		redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://sps.example.com"+r.URL.RequestURI(), http.StatusMovedPermanently)
		}))
		t.Cleanup(redirector.Close)
		c, err := New(Config{URL: redirector.URL, Username: mockspstest.AdminUser, Password: mockspstest.AdminPassword, RetryWaitMin: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListVNCSettingsPolicies(ctxT(t))
		var re *RedirectError
		if !errors.As(err, &re) {
			t.Fatalf("err = %v, want a RedirectError", err)
		}
		if re.StatusCode != http.StatusMovedPermanently || re.Location != "https://sps.example.com/api/authentication" ||
			re.Method != http.MethodGet || re.Path != "/api/authentication" {
			t.Errorf("redirect facts: %+v", re)
		}
		if got := re.SuggestedURL(); got != "https://sps.example.com" {
			t.Errorf("SuggestedURL = %q", got)
		}
		if !strings.Contains(err.Error(), "https://sps.example.com/api/authentication") {
			t.Errorf("error does not name the target: %v", err)
		}
	})

	t.Run("write redirected", func(t *testing.T) {
		t.Parallel()
		env := newMockEnv(t, mocksps.Config{})
		env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			if r.Method == http.MethodPost && r.URL.Path == transactionPath {
				http.Redirect(w, r, transactionPath, http.StatusFound)
				return
			}
			next.ServeHTTP(w, r)
		})
		c := env.client()
		_, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("redirected"))
		var re *RedirectError
		if !errors.As(err, &re) {
			t.Fatalf("err = %v, want a RedirectError", err)
		}
		if re.Method != http.MethodPost || re.Path != transactionPath || re.StatusCode != http.StatusFound ||
			re.Location != env.URL+transactionPath {
			t.Errorf("redirect facts: %+v", re)
		}
		if got := env.requests("GET " + transactionPath); got != 0 {
			t.Errorf("the redirect was followed: %d GET %s", got, transactionPath)
		}
		if env.policiesByName()["redirected"] != "" {
			t.Error("policy written despite the redirect")
		}
		env.assertNoTransactionLeft()
	})
}

// A CSV export whose answer stalls fails within request_timeout instead of
// hanging the plan: before the answer starts and in the middle of the body.
func TestCSVExportStallFailsWithinRequestTimeout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		partial  bool // send the start of the body before stalling
		expected string
	}{
		{"no answer", false, "no answer"},
		{"body stalls", true, "CSV page 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newMockEnv(t, mocksps.Config{Audit: audit.Generate(20, 1, time.Now())})
			release := make(chan struct{})
			t.Cleanup(func() { close(release) })
			env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
				if r.URL.Path == "/api/audit/sessions" && r.URL.Query().Get("format") == "csv" {
					if tc.partial {
						// Answer by hand on the raw connection: the status
						// line and the first chunk go out, then nothing.
						conn, _, err := w.(http.Hijacker).Hijack()
						if err != nil {
							panic(err)
						}
						defer conn.Close()
						row := "\"Protocol\"\r\n\"ssh\"\r\n"
						_, _ = fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n", len(row), row)
					}
					select {
					case <-release:
					case <-r.Context().Done():
					}
					return
				}
				next.ServeHTTP(w, r)
			})
			c := env.client(func(c *Config) { c.RequestTimeout = 400 * time.Millisecond; c.MaxRetries = 1 })
			ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
			defer cancel()
			start := time.Now()
			_, err := c.SearchSessionsCSV(ctx, SessionQuery{MaxResults: 5}, []string{"protocol"})
			elapsed := time.Since(start)
			if err == nil {
				t.Fatal("a stalled CSV export succeeded")
			}
			if ctx.Err() != nil || elapsed > 4*time.Second {
				t.Fatalf("the export hung for %v (err %v); request_timeout is 400ms", elapsed, err)
			}
			var st *StallError
			if !errors.As(err, &st) || st.Timeout != 400*time.Millisecond {
				t.Errorf("err = %v, want a StallError naming the 400ms request timeout", err)
			}
			if !strings.Contains(err.Error(), tc.expected) {
				t.Errorf("err %q does not mention %q", err, tc.expected)
			}
		})
	}
}
