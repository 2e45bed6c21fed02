package provider_test

import (
	"net"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
)

// An appliance that cannot be reached, as a user sees it from the real
// CLI: the error names url and SPS_URL, the host and port tried, whether
// the name did not resolve or the connection was refused, and that the
// provider retried and how often (instead of a generic "SPS API error"
// after seconds of silent retries).
func TestAccCLIUnreachableAppliance(t *testing.T) {
	t.Parallel()
	h := buildCLIHarness(t)
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	config := acctest.RequiredProvidersBlock + `
data "sps_vnc_settings_policies" "all" {}
`
	for _, tc := range []struct {
		name, url string
		want      []string
	}{
		{"refused", "https://" + closed, []string{
			"The SPS appliance refused the connection", "nothing accepted a connection at " + closed,
			"url (SPS_URL)", "The provider tried 5 times over", "max_retries",
		}},
		{"unknown host", "https://sps.invalid:8443", []string{
			"Cannot resolve the SPS appliance's host name", "the host name sps.invalid of url (SPS_URL) does not resolve",
			"Check the host name in url",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := h.workdir(t, config)
			code, out := h.run(t, dir, tc.url, []string{"SPS_REQUEST_TIMEOUT=5s"}, "plan", "-input=false")
			if code == 0 {
				t.Fatalf("plan against an unreachable appliance succeeded:\n%s", out)
			}
			flat := strings.Join(strings.Fields(strings.ReplaceAll(out, "│", " ")), " ")
			for _, w := range tc.want {
				if !strings.Contains(flat, w) {
					t.Errorf("the CLI's output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(flat, "SPS API error") {
				t.Errorf("still the generic summary:\n%s", out)
			}
		})
	}
}
