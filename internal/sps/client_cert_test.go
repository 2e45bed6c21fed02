package sps

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// certEnv is a mock with certificate login: certificates of ca whose
// common name is "terraform" log in as the admin.
func certEnv(t *testing.T) (*mockspstest.Env, *mocksps.CertAuthority) {
	t.Helper()
	ca, err := mocksps.NewCertAuthority("test client CA")
	if err != nil {
		t.Fatal(err)
	}
	env := mockspstest.Start(t, mockspstest.WithClientCertificates(ca.PEM, map[string]string{"terraform": mockspstest.AdminUser}))
	return env, ca
}

func certClient(t *testing.T, env *mockspstest.Env, certPEM, keyPEM []byte) (*Client, error) {
	cfg := DefaultConfig()
	cfg.URL, cfg.CACertPEM, cfg.ClientCertPEM, cfg.ClientKeyPEM = env.URL, env.CAPEM, certPEM, keyPEM
	cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 5*time.Millisecond
	cfg.Logger = &testLogger{t: t}
	return New(cfg)
}

// A trusted certificate logs in with ?type=x509, as the user its subject
// maps to, with no password; writes then work as that user.
func TestClientCertificateLogin(t *testing.T) {
	t.Parallel()
	env, ca := certEnv(t)
	certPEM, keyPEM, err := ca.Issue("terraform")
	if err != nil {
		t.Fatal(err)
	}
	c, err := certClient(t, env, certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	it, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("by-certificate"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := env.Server.SettingsPolicies()[it.Key]; !ok {
		t.Errorf("policy %s not committed", it.Key)
	}
	if st := c.Stats(); st.Logins != 2 {
		t.Errorf("logins = %d, want 2 (read and write sessions)", st.Logins)
	}
	// A password user still logs in beside it (SPS's mixed mode).
	cfg := DefaultConfig()
	cfg.URL, cfg.CACertPEM, cfg.Username, cfg.Password = env.URL, env.CAPEM, mockspstest.AuditorUser, mockspstest.AuditorPassword
	pw, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := getOptions(pw, ctxT(t)); err != nil {
		t.Errorf("password login beside certificates: %v", err)
	}
}

// A certificate the appliance does not trust ends the handshake: the
// error says which certificate and what the appliance answered, and it is
// not retried.
func TestClientCertificateUntrusted(t *testing.T) {
	t.Parallel()
	env, _ := certEnv(t)
	other, err := mocksps.NewCertAuthority("someone else's CA")
	if err != nil {
		t.Fatal(err)
	}
	certPEM, keyPEM, err := other.Issue("terraform")
	if err != nil {
		t.Fatal(err)
	}
	c, err := certClient(t, env, certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	_, err = getOptions(c, ctxT(t))
	var cce *ClientCertificateError
	if !errors.As(err, &cce) || !strings.Contains(cce.Subject, "CN=terraform") || !strings.Contains(cce.Alert, "certificate") {
		t.Fatalf("err = %v (%T), want a *ClientCertificateError", err, err)
	}
	t.Logf("untrusted certificate: %v", err)
	if cce.Conn.Attempts != 1 || c.Stats().Retries != 0 {
		t.Errorf("a refused certificate was retried: %d attempts", cce.Conn.Attempts)
	}
}

// A certificate no user is mapped to is SPS's login refusal, with the
// subject it refused.
func TestClientCertificateUnmapped(t *testing.T) {
	t.Parallel()
	env, ca := certEnv(t)
	certPEM, keyPEM, err := ca.Issue("stranger")
	if err != nil {
		t.Fatal(err)
	}
	c, err := certClient(t, env, certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	_, err = getOptions(c, ctxT(t))
	var ae *AuthenticationError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "no user is mapped") || !strings.Contains(err.Error(), "CN=stranger") {
		t.Fatalf("err = %v", err)
	}
}

// A certificate without its key (or a key without its certificate, or a
// pair that does not belong together) is refused by New, naming the field
// to fix and never quoting the key.
func TestClientCertificateConfigErrors(t *testing.T) {
	t.Parallel()
	ca, err := mocksps.NewCertAuthority("ca")
	if err != nil {
		t.Fatal(err)
	}
	certPEM, keyPEM, _ := ca.Issue("a")
	_, otherKey, _ := ca.Issue("b")
	for _, tc := range []struct {
		name        string
		cert, key   []byte
		field, want string
	}{
		{"missing key", certPEM, nil, "ClientKeyPEM", "needs its private key"},
		{"missing certificate", nil, keyPEM, "ClientCertPEM", "needs the certificate"},
		{"key in the certificate's place", keyPEM, keyPEM, "ClientCertPEM", "no PEM-encoded certificate"},
		{"certificate in the key's place", certPEM, certPEM, "ClientKeyPEM", "no PEM-encoded private key"},
		{"key of another certificate", certPEM, otherKey, "ClientKeyPEM", "does not fit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.URL, cfg.ClientCertPEM, cfg.ClientKeyPEM = "https://sps.example.com", tc.cert, tc.key
			_, err := New(cfg)
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != tc.field || !strings.Contains(ce.Problem, tc.want) {
				t.Fatalf("err = %v, want %s: ...%s", err, tc.field, tc.want)
			}
			if strings.Contains(err.Error(), "PRIVATE KEY-----") {
				t.Errorf("the error quotes key material: %v", err)
			}
		})
	}
}
