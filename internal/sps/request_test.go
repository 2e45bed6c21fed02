package sps

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

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
