package mocksps

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

// /api/info reports the configured firmware to logged-in callers, and the
// advanced session search is served from 7.x on.
func TestInfoReportsFirmware(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		firmware, version string
		sdk, advanced     bool
	}{
		{"", "7 F5", true, true}, // DefaultFirmware
		{"6.0.12", "6 F0", false, false},
		{"6.9.3", "6 F9", true, false},
		{"8.0.0", "8 F0", true, true},
	} {
		_, ts := start(t, Config{Firmware: tc.firmware, Audit: audit.Generate(3, 1, time.Now())})
		c := login(t, ts, "viewer")
		want := tc.firmware
		if want == "" {
			want = DefaultFirmware
		}
		info := c.do(http.MethodGet, "/api/info", nil)
		body, _ := info.json["body"].(map[string]any)
		_, hasSDK := body["plugin_sdk_version"]
		if info.status != 200 || info.json["key"] != "about_info" || body["firmware_version"] != want || body["version"] != tc.version || hasSDK != tc.sdk {
			t.Errorf("%s: %d %s", want, info.status, info.raw)
		}
		public := anon(t, ts).do(http.MethodGet, "/api/info", nil)
		if public.status != 200 || strings.Contains(string(public.raw), "firmware_version") {
			t.Errorf("%s: anonymous /api/info: %d %s", want, public.status, public.raw)
		}
		snap := c.do(http.MethodGet, "/api/audit/sessions/_snapshot", nil)
		if got := snap.status == 200; got != tc.advanced {
			t.Errorf("%s: _snapshot answers %d", want, snap.status)
		}
	}
}

func TestParseFirmware(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"6.0.12", "7.5.0", "8.0", "8.2.1.3"} {
		if _, err := ParseFirmware(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "7", "7.x", "v7.5", "7.5.0-mock", "4.0", "7..5", "07.5"} {
		if _, err := ParseFirmware(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
