package provider_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
)

// heredoc is an HCL heredoc holding text (a PEM).
func heredoc(text []byte) string { return "<<-EOT\n" + string(text) + "EOT" }

// certificateBlock is a provider block that logs in with a client
// certificate and no password.
func certificateBlock(env *mockspstest.Env, lines ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"sps\" {\n  url         = %q\n  ca_cert_pem = %s\n", env.URL, heredoc(env.CAPEM))
	for _, l := range lines {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	b.WriteString("  max_retries = 0\n}\n")
	return b.String()
}

// Client certificate login: a trusted certificate (PEM text in the block,
// its key from a file named by SPS_CLIENT_KEY) logs in with no password
// and applies; a certificate from another CA, and a certificate without
// its key, fail with an error naming what to fix.
func TestAccProvider_clientCertificate(t *testing.T) {
	clearProviderEnv(t)
	ca, err := mocksps.NewCertAuthority("client CA")
	if err != nil {
		t.Fatal(err)
	}
	env := mockspstest.Start(t, mockspstest.WithClientCertificates(ca.PEM, map[string]string{"terraform": mockspstest.AdminUser}))
	certPEM, keyPEM, err := ca.Issue("terraform")
	if err != nil {
		t.Fatal(err)
	}
	other, _ := mocksps.NewCertAuthority("someone else's CA")
	strangerPEM, strangerKey, _ := other.Issue("terraform")
	keyFile := filepath.Join(t.TempDir(), "client.key")
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(diagnostics.EnvClientKey, keyFile)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(env.Server),
		Steps: []resource.TestStep{
			{
				Config: certificateBlock(env, "client_cert_pem = "+heredoc(certPEM)) + anyPolicy,
				Check: func(*terraform.State) error {
					_, _, err := acctest.MockPolicyByName(env.Server, "cfg")
					return err
				},
			},
			{
				Config: certificateBlock(env, "client_cert_pem = "+heredoc(strangerPEM), "client_key_pem = "+heredoc(strangerKey)) + anyPolicy,
				ExpectError: acctest.ExpectError(`The SPS appliance refused the client certificate.*unknown certificate authority.*` +
					`CN=terraform.*client_cert_pem, SPS_CLIENT_CERT.*not signed by a CA the appliance trusts`),
			},
			{
				PreConfig:   func() { t.Setenv(diagnostics.EnvClientKey, "") },
				Config:      certificateBlock(env, "client_cert_pem = "+heredoc(certPEM)) + anyPolicy,
				ExpectError: acctest.ExpectError(`Missing SPS client key.*"client_key_pem" attribute.*SPS_CLIENT_KEY.*its private key`),
			},
			{
				// The key back, so the test can destroy.
				PreConfig: func() { t.Setenv(diagnostics.EnvClientKey, keyFile) },
				Config:    certificateBlock(env, "client_cert_pem = "+heredoc(certPEM)) + anyPolicy,
			},
		},
	})
	if n := env.Server.Counters().Requests["GET /api/authentication"]; n == 0 {
		t.Error("no certificate login reached the mock")
	}
}

// HTTPS_PROXY is honored on purpose: the provider reaches the appliance
// through a CONNECT proxy on loopback (the appliance's name is one only the
// proxy resolves), and the proxy's own failures are worded as proxy
// problems, not SPS's.
func TestAccProvider_proxy(t *testing.T) {
	clearProviderEnv(t)
	env := mockspstest.Start(t, mockspstest.WithTLSHosts("sps.test"))
	mockAddr := strings.TrimPrefix(env.URL, "https://")
	_, port, _ := net.SplitHostPort(mockAddr)
	proxy := mockspstest.StartProxy(t, mockAddr)
	strict := mockspstest.StartProxy(t, mockAddr, mockspstest.WithProxyAuth("u", "proxy-secret"))
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gone := "http://" + ln.Addr().String()
	ln.Close()
	block := fmt.Sprintf("provider \"sps\" {\n  url = %q\n  username = %q\n  password = %q\n  ca_cert_pem = %s\n  max_retries = 0\n}\n",
		"https://sps.test:"+port, mockspstest.AdminUser, mockspstest.AdminPassword, heredoc(env.CAPEM))
	t.Setenv("NO_PROXY", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(env.Server),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { t.Setenv("HTTPS_PROXY", proxy.URL) },
				Config:    block + anyPolicy,
				Check: func(*terraform.State) error {
					if _, _, err := acctest.MockPolicyByName(env.Server, "cfg"); err != nil {
						return err
					}
					if got := proxy.Targets(); len(got) == 0 || got[0] != "sps.test:"+port {
						return fmt.Errorf("CONNECT targets %v, want sps.test:%s", got, port)
					}
					return nil
				},
			},
			{
				PreConfig:   func() { t.Setenv("HTTPS_PROXY", strict.URL) },
				Config:      block + anyPolicy,
				ExpectError: acctest.ExpectError(`The proxy requires authentication.*` + strict.URL + `.*407 Proxy Authentication Required`),
			},
			{
				PreConfig:   func() { t.Setenv("HTTPS_PROXY", gone) },
				Config:      block + anyPolicy,
				ExpectError: acctest.ExpectError(`Cannot reach the proxy.*` + gone + `.*HTTPS_PROXY.*NO_PROXY`),
			},
			{
				// Back through the working proxy, so the test can destroy.
				PreConfig: func() { t.Setenv("HTTPS_PROXY", proxy.URL) },
				Config:    block + anyPolicy,
			},
		},
	})
}
