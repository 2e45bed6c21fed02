package faults

import (
	"net/http/httptest"
	"testing"
)

func TestMatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, method, path string
		want                  bool
	}{
		{"", "DELETE", "/anything/at/all", true},
		{"PUT /api/transaction", "PUT", "/api/transaction", true},
		{"PUT /api/transaction", "PUT", "/api/transaction/", true},
		{"PUT /api/transaction", "POST", "/api/transaction", false},
		{"PUT /api/transaction", "PUT", "/api/transaction/changes", false},
		{"* /api/configuration/vnc/*", "GET", "/api/configuration/vnc/options", true},
		{"* /api/configuration/vnc/*", "GET", "/api/configuration/vnc/settings_policies/abc", false},
		{"* /api/configuration/vnc/**", "GET", "/api/configuration/vnc/settings_policies/abc", true},
		{"* /api/configuration/vnc/**", "GET", "/api/configuration/vnc", true},
		{"* /api/**/options", "PUT", "/api/configuration/vnc/options", true},
		{"* /api/**/options", "PUT", "/api/configuration/vnc/option", false},
		{"/api/audit/sessions*", "GET", "/api/audit/sessions_stats", true},
		{"/api/audit/sessions*", "POST", "/api/audit/sessions", true},
		{"GET", "GET", "/api/info", true},
		{"GET", "PUT", "/api/info", false},
		{"* /api/configuration/vnc/settings_policies/?", "DELETE", "/api/configuration/vnc/settings_policies/7", true},
		{"* /api/configuration/vnc/settings_policies/[0-9]*", "DELETE", "/api/configuration/vnc/settings_policies/x7", false},
	} {
		t.Run(tc.method+" "+tc.path+" vs "+tc.pattern, func(t *testing.T) {
			m, err := compileMatch(tc.pattern)
			if err != nil {
				t.Fatalf("compile %q: %v", tc.pattern, err)
			}
			if got := m.matches(httptest.NewRequestWithContext(t.Context(), tc.method, tc.path, nil)); got != tc.want {
				t.Errorf("%q vs %s %s = %v, want %v", tc.pattern, tc.method, tc.path, got, tc.want)
			}
		})
	}
}
