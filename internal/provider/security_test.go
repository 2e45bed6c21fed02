package provider

// Security properties of the provider: TLS is verified unless the user
// explicitly opts out (and then is warned), and no secret (password, Basic
// credentials, session cookie) reaches any log, even at TRACE.
//
// TestAccProvider_tls (provider_config_test.go) already shows an apply
// refused without ca_cert_pem and accepted with it; these tests add what it
// cannot see from the outside: the warning diagnostic, the kind of error
// behind the refusal, and that no warning is raised when verifying.

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// configureDirect runs the provider's Configure with the given attributes
// (the rest null) and returns the client it built and its diagnostics.
func configureDirect(t *testing.T, attrs map[string]tftypes.Value) (*sps.Client, diag.Diagnostics) {
	t.Helper()
	ctx := context.Background()
	p := &spsProvider{version: "test"}
	var sr provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &sr)
	typ, ok := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("provider schema is not an object")
	}
	var resp provider.ConfigureResponse
	p.Configure(ctx, provider.ConfigureRequest{
		Config:           tfsdk.Config{Schema: sr.Schema, Raw: objectValue(t, typ, attrs)},
		TerraformVersion: "1.11.4",
	}, &resp)
	client, _ := resp.ResourceData.(*sps.Client)
	return client, resp.Diagnostics
}

// Verification is on by default: the self-signed certificate is refused
// with a certificate error (and not retried), trusted through ca_cert_pem,
// and accepted without checks only with insecure_skip_verify, which always
// raises a warning. Verifying configurations raise no warning.
func TestProvider_tlsVerifiedByDefault(t *testing.T) {
	clearProviderEnv(t)
	env := mockspstest.Start(t, mockspstest.WithTLS())
	base := map[string]tftypes.Value{
		"url":         tftypes.NewValue(tftypes.String, env.URL),
		"username":    tftypes.NewValue(tftypes.String, mockspstest.AdminUser),
		"password":    tftypes.NewValue(tftypes.String, mockspstest.AdminPassword),
		"max_retries": tftypes.NewValue(tftypes.Number, 3),
	}
	with := func(extra map[string]tftypes.Value) map[string]tftypes.Value {
		out := map[string]tftypes.Value{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	ctx := t.Context()

	// Default: no diagnostics at configure time (nothing is contacted),
	// then the first request fails on the certificate, at once.
	client, diags := configureDirect(t, base)
	if len(diags) != 0 || client == nil {
		t.Fatalf("default configuration: diags %v, client %v", diags, client)
	}
	start := time.Now()
	_, err := client.ListVNCSettingsPolicies(ctx)
	var unknownAuthority x509.UnknownAuthorityError
	var verifyErr *tls.CertificateVerificationError
	if err == nil || (!errors.As(err, &unknownAuthority) && !errors.As(err, &verifyErr)) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("default configuration against a self-signed certificate: %v", err)
	}
	if st := client.Stats(); st.Retries != 0 || time.Since(start) > 5*time.Second {
		t.Errorf("a certificate error was retried (%d retries, %s)", st.Retries, time.Since(start))
	}

	// ca_cert_pem: verified and trusted, no warning.
	client, diags = configureDirect(t, with(map[string]tftypes.Value{"ca_cert_pem": tftypes.NewValue(tftypes.String, string(env.CAPEM))}))
	if len(diags) != 0 {
		t.Fatalf("ca_cert_pem: diags %v", diags)
	}
	if _, err := client.ListVNCSettingsPolicies(ctx); err != nil {
		t.Fatalf("ca_cert_pem: %v", err)
	}

	// A CA that did not sign the server's certificate is no better than none.
	_, otherCA, err := mocksps.SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	client, _ = configureDirect(t, with(map[string]tftypes.Value{"ca_cert_pem": tftypes.NewValue(tftypes.String, string(otherCA))}))
	if _, err := client.ListVNCSettingsPolicies(ctx); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("wrong CA accepted: %v", err)
	}

	// insecure_skip_verify: works, with exactly one warning and no error.
	client, diags = configureDirect(t, with(map[string]tftypes.Value{"insecure_skip_verify": tftypes.NewValue(tftypes.Bool, true)}))
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("insecure_skip_verify: diags %v", diags)
	}
	w := diags.Warnings()[0]
	if w.Summary() != "TLS certificate verification is disabled" || !strings.Contains(w.Detail(), "ca_cert_pem") {
		t.Errorf("warning %q: %q", w.Summary(), w.Detail())
	}
	if _, err := client.ListVNCSettingsPolicies(ctx); err != nil {
		t.Fatalf("insecure_skip_verify: %v", err)
	}

	// The same opt-out from the environment warns the same way.
	t.Setenv(envInsecure, "true")
	_, diags = configureDirect(t, base)
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("%s=true: diags %v", envInsecure, diags)
	}
	// An explicit false in the block wins over the environment: verified again.
	client, diags = configureDirect(t, with(map[string]tftypes.Value{"insecure_skip_verify": tftypes.NewValue(tftypes.Bool, false)}))
	if len(diags) != 0 {
		t.Fatalf("insecure_skip_verify = false: diags %v", diags)
	}
	if _, err := client.ListVNCSettingsPolicies(ctx); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("insecure_skip_verify = false did not verify: %v", err)
	}
}

func randomSecret(t *testing.T, prefix string) string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b[:])
}

// A full apply (create, data source reads, an update after the sessions
// expired, a failed login) at TRACE: the log holds the provider's HTTP
// debug lines, and none of the secrets.
func TestAccProvider_secretsNeverLogged(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1", resource.EnvTfAcc)
	}
	clearProviderEnv(t)
	password := randomSecret(t, "pw-")
	wrongPassword := randomSecret(t, "wrong-")

	logPath := filepath.Join(t.TempDir(), "tf.log")
	// TF_ACC_LOG_PATH sends both the Terraform CLI's log and the log of the
	// provider under test (served in-process, through the test log sink)
	// to one file, at TRACE.
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", "")

	env := mockspstest.Start(t, mockspstest.WithUsers(mocksps.User{Name: mockspstest.AdminUser, Password: password, Role: "admin"}),
		mockspstest.WithAudit(audit.Generate(4, 5, time.Now())))

	// The password comes from SPS_PASSWORD, not the provider block: the
	// test harness itself logs every step's configuration text at TRACE,
	// which is not the provider's doing (Terraform never logs the
	// sensitive attribute's value).
	setPassword := func(pw string) func() {
		return func() { t.Setenv(envPassword, pw) }
	}
	config := func(timeout int) string {
		return "provider \"sps\" {\n  url      = " + quote(env.URL) + "\n  username = " + quote(mockspstest.AdminUser) + "\n}\n" + `
resource "sps_vnc_settings_policy" "secret" {
  name    = "log-check"
  timeout = ` + strconv.Itoa(timeout) + `
}

resource "sps_vnc_options" "this" {
  service = { enabled = true, log_level = 3 }
}

data "sps_vnc_settings_policy" "by_name" {
  name = sps_vnc_settings_policy.secret.name
}

data "sps_audit_sessions" "all" {}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{PreConfig: setPassword(password), Config: config(300)},
			{
				// New logins (new session ids) and a transaction.
				PreConfig: env.Server.ExpireAllSessions,
				Config:    config(400),
			},
			{
				PreConfig:   setPassword(wrongPassword),
				Config:      config(400),
				ExpectError: expectError("SPS rejected the login"),
			},
			{PreConfig: setPassword(password), Config: config(400)},
		},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logText := string(raw)
	// The log must really hold the provider's HTTP traffic, or the
	// absence checks below would prove nothing.
	for _, want := range []string{
		"SPS API request",
		"SPS API response",
		"/api/authentication",
		"/api/configuration/vnc/settings_policies",
		"/api/audit/sessions",
		"http_method=PUT",
		"log-check",
		// The headers that carry the secrets are logged, as redacted.
		"Authorization:<redacted>",
		"Set-Cookie:<redacted>",
		" Cookie:<redacted>",
	} {
		if !strings.Contains(logText, want) {
			t.Errorf("the TRACE log (%d bytes) lacks %q: provider debug lines were not captured", len(logText), want)
		}
	}
	ids := env.SessionIDs()
	if len(ids) < 3 {
		t.Fatalf("the mock issued only %d session ids; the test expects several logins", len(ids))
	}
	secrets := map[string]string{
		"password":                     password,
		"wrong password":               wrongPassword,
		"Basic credentials":            base64.StdEncoding.EncodeToString([]byte(mockspstest.AdminUser + ":" + password)),
		"Basic credentials (wrong pw)": base64.StdEncoding.EncodeToString([]byte(mockspstest.AdminUser + ":" + wrongPassword)),
	}
	for i, id := range ids {
		secrets["session id #"+strconv.Itoa(i+1)] = id
	}
	for what, secret := range secrets {
		if i := strings.Index(logText, secret); i >= 0 {
			lo, hi := max(0, i-200), min(len(logText), i+len(secret)+50)
			t.Errorf("the log contains the %s: ...%s...", what, logText[lo:hi])
		}
	}
}
