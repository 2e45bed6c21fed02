package sps

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

func TestAmbiguousCreateNotDuplicated(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	dropped := env.OnFirst(http.MethodPost, vncSettingsPoliciesPath, dropResponse)
	c := env.client()
	it, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("once"))
	if err != nil {
		t.Fatal(err)
	}
	if !dropped.Load() {
		t.Fatal("nothing was dropped")
	}
	if got := env.requests("POST " + vncSettingsPoliciesPath); got != 1 {
		t.Errorf("POSTs = %d, want 1 (found by name instead of posting again)", got)
	}
	if env.policiesByName()["once"] != it.Key {
		t.Errorf("key mismatch: mock %v, client %q", env.policiesByName(), it.Key)
	}
	if env.srv.Counters().Commits != 1 {
		t.Errorf("commits = %d", env.srv.Counters().Commits)
	}
}

func TestAmbiguousCreateAbsentIsPostedAgain(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	// A 502 from a proxy: the POST never reached SPS.
	env.OnFirst(http.MethodPost, vncSettingsPoliciesPath, answerError(http.StatusBadGateway, "", "bad gateway"))
	c := env.client()
	if _, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("retried")); err != nil {
		t.Fatal(err)
	}
	if got := env.requests("POST " + vncSettingsPoliciesPath); got != 1 {
		t.Errorf("POSTs reaching the mock = %d, want 1", got)
	}
	if env.policiesByName()["retried"] == "" {
		t.Error("not created")
	}
}

func TestTransactionStatusBothShapes(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"key":"transaction","body":{"status":"open"},"meta":{}}`,
		`{"key":"transaction","transaction":{"status":"open"},"meta":{}}`,
	} {
		t.Run(body, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/api/authentication" {
					http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "x"})
					_, _ = w.Write([]byte(`{"meta":{}}`))
					return
				}
				_, _ = w.Write([]byte(body))
			}))
			c, err := New(Config{URL: ts.URL, Username: "u", Password: "p"})
			if err != nil {
				t.Fatal(err)
			}
			st, err := c.transactionStatus(ctxT(t))
			ts.Close()
			if err != nil || st != "open" {
				t.Errorf("%s: status %q, %v", body, st, err)
			}
		})
	}
}
