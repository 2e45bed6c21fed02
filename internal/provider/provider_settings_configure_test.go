package provider_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

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
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: mockspstest.ProviderBlock(redirector.URL, mockspstest.AdminUser, mockspstest.AdminPassword, "ca_cert_pem = "+quote(string(env.CAPEM))) + `
data "sps_vnc_settings_policy" "default" {
  id = "-30211"
}
`,
			ExpectError: acctest.ExpectError(regexp.QuoteMeta("SPS answered with a redirect to " + env.URL + "; set url to that address")),
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
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
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
				ExpectError: acctest.ExpectError("SPS user alice holds the SPS configuration lock"),
			},
		},
	})
	if d := time.Since(start); d > hold/2 {
		t.Errorf("the failing apply took %v; lock_wait_timeout = 0s must not wait", d)
	}
	if _, _, err := acctest.MockPolicyByName(srv, "no-wait"); err == nil {
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
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: env.ProviderBlock(mockspstest.AdminUser, "wrong-password") + `
data "sps_vnc_settings_policy" "d" {
  count = 20
  id    = "-30211"
}
`,
			ExpectError: acctest.ExpectError("SPS rejected the login"),
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
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []tfresource.TestStep{{
				Config:      config(ts.URL),
				ExpectError: acctest.ExpectError("already names.* proxy or load balancer"),
			}},
		})
	}
}

// configureDirect runs the provider's Configure with the given attributes
// (the rest null) and returns the client it built and its diagnostics.
func configureDirect(t *testing.T, attrs map[string]tftypes.Value) (*sps.Client, diag.Diagnostics) {
	t.Helper()
	ctx := context.Background()
	p := provider.New("test")()
	var sr fwprovider.SchemaResponse
	p.Schema(ctx, fwprovider.SchemaRequest{}, &sr)
	typ, ok := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("provider schema is not an object")
	}
	var resp fwprovider.ConfigureResponse
	p.Configure(ctx, fwprovider.ConfigureRequest{
		Config:           tfsdk.Config{Schema: sr.Schema, Raw: acctest.ObjectValue(t, typ, attrs)},
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
