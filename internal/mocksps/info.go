package mocksps

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// DefaultFirmware is the firmware version a mock reports when Config.Firmware
// is empty: a 7.x appliance, with the advanced (snapshot) session search.
const DefaultFirmware = "7.5.0"

// Firmware is an SPS firmware version, major.minor[.patch...] as
// /api/info's firmware_version writes it ("5.7.0" in the vendor's sample).
type Firmware struct {
	Major, Minor int
	text         string
}

// ParseFirmware reads a firmware version such as 6.0.12, 7.5.0 or 8.0.
func ParseFirmware(s string) (Firmware, error) {
	parts := strings.Split(s, ".")
	bad := fmt.Errorf("firmware %q: want a version such as 6.0.12, 7.5.0 or 8.0.0", s)
	if len(parts) < 2 {
		return Firmware{}, bad
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p != strconv.Itoa(n) {
			return Firmware{}, bad
		}
		nums[i] = n
	}
	if nums[0] < 5 || nums[0] > 99 {
		return Firmware{}, bad
	}
	return Firmware{Major: nums[0], Minor: nums[1], text: s}, nil
}

func (f Firmware) String() string { return f.text }

// AdvancedSearch reports whether the firmware has the advanced session
// search (snapshots, _count): the vendor documents it for SPS 7.x and 8.x.
func (f Firmware) AdvancedSearch() bool { return f.Major >= 7 }

// version is /api/info's "version": the vendor's one sample pairs
// firmware_version 5.7.0 with version "5 F7", read here as the major
// version and the feature release.
func (f Firmware) version() string { return fmt.Sprintf("%d F%d", f.Major, f.Minor) }

// pluginSDK is plugin_sdk_version, which the 6.9 pages show and the 6.0.1
// page does not: nil before 6.9.
func (f Firmware) pluginSDK() map[string]any {
	if f.Major < 6 || f.Major == 6 && f.Minor < 9 {
		return nil
	}
	return map[string]any{"feature": "1.4", "full": "1.4.4"}
}

// serveInfo answers /api/info as the vendor's samples show it: a short body
// for anonymous callers; for logged-in ones also the firmware version, the
// version, build date, configuration hash, roles and analytics flag, with
// remaining_seconds.
func (s *Server) serveInfo(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	body := map[string]any{
		"hostname": "mocksps", "domainname": "example.invalid", "nickname": "mock SPS",
		"support_link": "mailto:sps-administrator@example.invalid",
	}
	if sdk := s.firmware.pluginSDK(); sdk != nil {
		body["plugin_sdk_version"] = sdk
	}
	meta := map[string]any{"href": infoPath, "parent": "/api"}
	if c, ok := httpapi.CallerFrom(r.Context()); ok {
		body["firmware_version"] = s.firmware.String()
		body["version"] = s.firmware.version()
		body["build_date"] = "2024-01-01T00:00:00+00:00"
		body["config_hash"] = s.configHash()
		body["roles"] = []string{"central-management", "search-master"}
		body["analytics_enabled"] = false
		meta["remaining_seconds"] = c.RemainingSeconds
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": "about_info", "body": body, "meta": meta})
}

// auditOptions are what the session database serves on this firmware.
func (s *Server) auditOptions() []audit.HandlerOption {
	if s.firmware.AdvancedSearch() {
		return []audit.HandlerOption{audit.AdvancedSearch()}
	}
	return nil
}
