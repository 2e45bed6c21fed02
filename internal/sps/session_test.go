package sps

import (
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

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
