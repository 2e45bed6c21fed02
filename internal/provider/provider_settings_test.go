package provider

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// testCAPEM is a real certificate for the PEM checks, made once per run.
var testCAPEMOnce = sync.OnceValues(func() ([]byte, error) {
	_, pem, err := mocksps.SelfSignedTLS()
	return pem, err
})

func testCAPEM(t *testing.T) string {
	t.Helper()
	pem, err := testCAPEMOnce()
	if err != nil {
		t.Fatal(err)
	}
	return string(pem)
}

func fakeEnv(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		if v == "" {
			return "", false
		}
		return v, ok
	}
}

func nullProviderModel() providerModel {
	return providerModel{
		URL: types.StringNull(), Username: types.StringNull(), Password: types.StringNull(),
		CACertPEM: types.StringNull(), InsecureSkipVerify: types.BoolNull(), RequestTimeout: types.StringNull(),
		MaxRetries: types.Int64Null(), LockWaitTimeout: types.StringNull(), CommitMode: types.StringNull(),
	}
}

func TestResolveSettingsDefaultsAndPrecedence(t *testing.T) {
	t.Parallel()
	m := nullProviderModel()
	m.URL = types.StringValue("https://config.example.com/")
	m.Password = types.StringValue("from-config")
	env := fakeEnv(map[string]string{
		diagnostics.EnvURL:        "https://env.example.com",
		diagnostics.EnvUsername:   "env-user",
		diagnostics.EnvPassword:   "from-env",
		diagnostics.EnvCommitMode: "single",
		diagnostics.EnvMaxRetries: "2",
		diagnostics.EnvInsecure:   "true",
	})
	s, diags := resolveSettings(m, env)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	want := providerSettings{
		URL:                "https://config.example.com", // config wins; trailing slash dropped
		Username:           "env-user",
		Password:           "from-config",
		InsecureSkipVerify: true,
		RequestTimeout:     defaultRequestTimeout,
		MaxRetries:         2,
		LockWaitTimeout:    defaultLockWaitTimeout,
		CommitMode:         sps.CommitSingle,
	}
	if s.URL != want.URL || s.Username != want.Username || s.Password != want.Password ||
		s.InsecureSkipVerify != want.InsecureSkipVerify || s.RequestTimeout != want.RequestTimeout ||
		s.MaxRetries != want.MaxRetries || s.LockWaitTimeout != want.LockWaitTimeout || s.CommitMode != want.CommitMode {
		t.Errorf("resolveSettings:\n got %+v\nwant %+v", s, want)
	}
}

func TestResolveSettingsDurationsAndCA(t *testing.T) {
	t.Parallel()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, []byte(testCAPEM(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	m := nullProviderModel()
	m.URL = types.StringValue("http://127.0.0.1:8080")
	m.Username = types.StringValue("u")
	m.Password = types.StringValue("p")
	m.RequestTimeout = types.StringValue("90s")
	m.LockWaitTimeout = types.StringValue("0s") // zero: fail at once on a held lock
	m.MaxRetries = types.Int64Value(0)
	s, diags := resolveSettings(m, fakeEnv(map[string]string{diagnostics.EnvCACert: caFile}))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if s.RequestTimeout != 90*time.Second || s.LockWaitTimeout != 0 || s.MaxRetries != 0 {
		t.Errorf("durations/retries: got %v %v %d", s.RequestTimeout, s.LockWaitTimeout, s.MaxRetries)
	}
	if string(s.CACertPEM) != testCAPEM(t) {
		t.Errorf("CA read from the file named by %s: got %q", diagnostics.EnvCACert, s.CACertPEM)
	}
}

func TestResolveSettingsErrors(t *testing.T) {
	t.Parallel()
	base := func() providerModel {
		m := nullProviderModel()
		m.URL = types.StringValue("https://sps.example.com")
		m.Username = types.StringValue("u")
		m.Password = types.StringValue("p")
		return m
	}
	cases := []struct {
		name   string
		modify func(*providerModel)
		env    map[string]string
		want   []string // every string must appear in one diagnostic's detail
	}{
		{"missing url", func(m *providerModel) { m.URL = types.StringNull() }, nil, []string{`"url"`, diagnostics.EnvURL}},
		{"blank url", func(m *providerModel) { m.URL = types.StringValue("  ") }, nil, []string{`"url"`, diagnostics.EnvURL}},
		{"missing username", func(m *providerModel) { m.Username = types.StringNull() }, nil, []string{`"username"`, diagnostics.EnvUsername}},
		{"missing password", func(m *providerModel) { m.Password = types.StringNull() }, nil, []string{`"password"`, diagnostics.EnvPassword}},
		{"bad url from env", func(m *providerModel) { m.URL = types.StringNull() }, map[string]string{diagnostics.EnvURL: "sps.local"},
			[]string{"the " + diagnostics.EnvURL + " environment variable", "https://"}},
		{"bad insecure env", nil, map[string]string{diagnostics.EnvInsecure: "maybe"}, []string{diagnostics.EnvInsecure, "not a boolean"}},
		{"bad retries env", nil, map[string]string{diagnostics.EnvMaxRetries: "many"}, []string{diagnostics.EnvMaxRetries, "whole number"}},
		{"bad commit mode env", nil, map[string]string{diagnostics.EnvCommitMode: "batch"}, []string{diagnostics.EnvCommitMode, `"batch"`}},
		{"bad lock wait env", nil, map[string]string{diagnostics.EnvLockWaitTimeout: "5"}, []string{diagnostics.EnvLockWaitTimeout, "not a duration"}},
		{"bad pem text", func(m *providerModel) {
			m.CACertPEM = types.StringValue("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
		}, nil, []string{"no valid PEM-encoded certificate", diagnostics.EnvCACert}},
		{"ca and insecure", func(m *providerModel) {
			m.CACertPEM = types.StringValue(testCAPEM(t))
			m.InsecureSkipVerify = types.BoolValue(true)
		}, nil, []string{"cannot be used together"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := base()
			if tc.modify != nil {
				tc.modify(&m)
			}
			_, diags := resolveSettings(m, fakeEnv(tc.env))
			if !diags.HasError() {
				t.Fatalf("want an error, got none")
			}
			var details []string
			for _, d := range diags.Errors() {
				details = append(details, d.Detail())
			}
			all := strings.Join(details, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("diagnostics do not mention %q:\n%s", w, all)
				}
			}
		})
	}
}

func TestUserAgent(t *testing.T) {
	t.Parallel()
	if got, want := userAgent("1.2.3", "1.11.4"), "terraform-provider-sps/1.2.3 (+terraform 1.11.4)"; got != want {
		t.Errorf("userAgent = %q, want %q", got, want)
	}
	if got, want := userAgent("", ""), "terraform-provider-sps/dev (+terraform unknown)"; got != want {
		t.Errorf("userAgent = %q, want %q", got, want)
	}
}

// A redirect is refused with an error naming the target, not followed.
func TestAccProvider_redirectRefused(t *testing.T) {
	clearProviderEnv(t)
	env := mockspstest.Start(t, mockspstest.WithTLS())
	srv := env.Server
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, env.URL+r.URL.RequestURI(), http.StatusMovedPermanently)
	}))
	t.Cleanup(redirector.Close)
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: mockspstest.ProviderBlock(redirector.URL, mockspstest.AdminUser, mockspstest.AdminPassword, "ca_cert_pem = "+quote(string(env.CAPEM))) + `
data "sps_vnc_settings_policy" "default" {
  id = "-30211"
}
`,
			ExpectError: expectError(regexp.QuoteMeta("SPS answered with a redirect to " + env.URL + "; set url to that address")),
		}},
	})
	if n := srv.Counters().Total; n != 0 {
		t.Errorf("the redirect was followed: the HTTPS mock served %d requests", n)
	}
}

// An http:// url raises a warning at configure time; https:// does not.
func TestProvider_httpURLWarns(t *testing.T) {
	clearProviderEnv(t)
	attrs := func(url string) map[string]tftypes.Value {
		return map[string]tftypes.Value{
			"url":      tftypes.NewValue(tftypes.String, url),
			"username": tftypes.NewValue(tftypes.String, mockspstest.AdminUser),
			"password": tftypes.NewValue(tftypes.String, mockspstest.AdminPassword),
		}
	}
	client, diags := configureDirect(t, attrs("http://sps.example.com"))
	if client == nil || diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("http:// url: client %v, diags %v", client, diags)
	}
	w := diags.Warnings()[0]
	wp, ok := w.(diag.DiagnosticWithPath)
	if !ok || !wp.Path().Equal(path.Root("url")) {
		t.Errorf("the warning is not on the url attribute: %#v", w)
	}
	if w.Summary() != "The SPS password is sent in cleartext" || !strings.Contains(w.Detail(), "http://sps.example.com") ||
		!strings.Contains(w.Detail(), "https://") {
		t.Errorf("warning %q: %q", w.Summary(), w.Detail())
	}
	if _, diags := configureDirect(t, attrs("https://sps.example.com")); len(diags) != 0 {
		t.Errorf("https:// url: diags %v", diags)
	}
}

// lock_wait_timeout = "0s" fails at once on a held lock, naming the holder.
func TestAccProvider_lockWaitZero(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	const hold = 20 * time.Second
	var start time.Time
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				PreConfig: func() {
					if err := srv.HoldLock("alice", hold); err != nil {
						t.Fatal(err)
					}
					start = time.Now()
				},
				Config: env.AdminBlock(`lock_wait_timeout = "0s"`) + `
resource "sps_vnc_settings_policy" "p" {
  name = "no-wait"
}
`,
				ExpectError: expectError("SPS user alice holds the SPS configuration lock"),
			},
		},
	})
	if d := time.Since(start); d > hold/2 {
		t.Errorf("the failing apply took %v; lock_wait_timeout = 0s must not wait", d)
	}
	if _, _, err := mockPolicyByName(srv, "no-wait"); err == nil {
		t.Error("the policy was created despite the lock")
	}
	if h := srv.LockHolder(); h != "alice" {
		t.Errorf("lock holder = %q, want alice's lock left alone", h)
	}
}

// A rejected password is tried once per run: twenty data sources make one
// login attempt, not twenty.
func TestAccProvider_rejectedPasswordLogsInOnce(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: env.ProviderBlock(mockspstest.AdminUser, "wrong-password") + `
data "sps_vnc_settings_policy" "d" {
  count = 20
  id    = "-30211"
}
`,
			ExpectError: expectError("SPS rejected the login"),
		}},
	})
	if n := srv.Counters().Requests["GET /api/authentication"]; n != 1 {
		t.Errorf("the mock saw %d login attempts for 20 reads in one run, want 1", n)
	}
}

// max_retries = 0 means no retries (the client's zero would mean its
// default of 4).
func TestProvider_maxRetriesZero(t *testing.T) {
	clearProviderEnv(t)
	var hits atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(ts.Close)
	client, diags := configureDirect(t, map[string]tftypes.Value{
		"url":         tftypes.NewValue(tftypes.String, ts.URL),
		"username":    tftypes.NewValue(tftypes.String, mockspstest.AdminUser),
		"password":    tftypes.NewValue(tftypes.String, mockspstest.AdminPassword),
		"max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	if client == nil || diags.HasError() {
		t.Fatalf("configure: %v", diags)
	}
	if _, err := client.ListVNCSettingsPolicies(t.Context()); err == nil {
		t.Fatal("a 503 succeeded")
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the server saw %d attempts with max_retries = 0, want 1", n)
	}
}

// A redirect back to the configured address (a loop, or a trailing slash
// added by a proxy) must not advise setting url to the url already set.
func TestAccProvider_redirectToConfiguredURL(t *testing.T) {
	clearProviderEnv(t)
	var loop, slash *httptest.Server
	loop = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loop.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	t.Cleanup(loop.Close)
	slash = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, slash.URL+r.URL.Path+"/", http.StatusMovedPermanently)
	}))
	t.Cleanup(slash.Close)
	config := func(url string) string {
		return mockspstest.ProviderBlock(url, mockspstest.AdminUser, mockspstest.AdminPassword, "max_retries = 0") + `
data "sps_vnc_settings_policy" "default" {
  id = "-30211"
}
`
	}
	for _, ts := range []*httptest.Server{loop, slash} {
		tfresource.Test(t, tfresource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []tfresource.TestStep{{
				Config:      config(ts.URL),
				ExpectError: expectError("already names.* proxy or load balancer"),
			}},
		})
	}
}

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
	t.Setenv(diagnostics.EnvInsecure, "true")
	_, diags = configureDirect(t, base)
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("%s=true: diags %v", diagnostics.EnvInsecure, diags)
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
