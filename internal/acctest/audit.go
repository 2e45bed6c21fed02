package acctest

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// AuditNow is the mock's clock in audit tests: generated sessions and
// histogram defaults depend on it.
var AuditNow = time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)

// LoadAuditFixture loads the hand-written session database (auditFixture).
func LoadAuditFixture(t *testing.T) *audit.Store {
	t.Helper()
	st, err := audit.LoadFile(auditFixture)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// SessionIDs checks a sessions list by the ids it holds, in order.
func SessionIDs(ns ...int) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(ns))
	for _, n := range ns {
		checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(fixtureKey(n)),
		}))
	}
	return knownvalue.ListExact(checks)
}

func fixtureKey(n int) string {
	if n == 3 || n == 4 || n == 5 {
		return fmt.Sprintf("svc-Rd2-rdp_jump-%d", n)
	}
	return fmt.Sprintf("svc-Hx1-ssh_main-%d", n)
}

// EndpointCheck checks an endpoint object (client, server, target).
func EndpointCheck(ip string, port int64, name string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"ip":   knownvalue.StringExact(ip),
		"port": knownvalue.Int64Exact(port),
		"name": knownvalue.StringExact(name),
	})
}

// CheckCSV parses the csv attribute and compares header and rows.
func CheckCSV(header []string, rows [][]string) func(string) error {
	return func(v string) error {
		records, err := csv.NewReader(strings.NewReader(v)).ReadAll()
		if err != nil {
			return fmt.Errorf("csv does not parse: %w\n%s", err, v)
		}
		if len(records) == 0 || !slices.Equal(records[0], header) {
			return fmt.Errorf("csv header %v, want %v", records[:min(1, len(records))], header)
		}
		if got := records[1:]; len(got) != len(rows) {
			return fmt.Errorf("csv has %d rows, want %d:\n%s", len(got), len(rows), v)
		}
		for i, want := range rows {
			if !slices.Equal(records[i+1], want) {
				return fmt.Errorf("csv row %d is %v, want %v", i+1, records[i+1], want)
			}
		}
		return nil
	}
}

// OptStringCheck checks an optional string: null when s is empty.
func OptStringCheck(s string) knownvalue.Check {
	if s == "" {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(s)
}

// AuditRequests counts the requests the mock served under /api/audit.
func AuditRequests(srv *mocksps.Server) int {
	n := 0
	for k, v := range srv.Counters().Requests {
		if strings.Contains(k, "/api/audit") {
			n += v
		}
	}
	return n
}

// CountValue counts values equal to want ignoring case: SPS matches query
// terms case-insensitively (protocol:ssh finds "SSH", the samples' casing).
func CountValue(values []string, want string) int {
	n := 0
	for _, v := range values {
		if strings.EqualFold(v, want) {
			n++
		}
	}
	return n
}

// RawFieldValues reads one field of every session straight from the mock's
// HTTP API with plain net/http, as an independent reference for counts.
func RawFieldValues(t *testing.T, baseURL, field string) []string {
	t.Helper()
	cookie := auditorLogin(t, baseURL)
	var out []string
	for offset := 0; ; offset += 500 {
		resp := httpGet(t, fmt.Sprintf("%s/api/audit/sessions?fields=%s&limit=500&offset=%d", baseURL, field, offset),
			func(r *http.Request) { r.AddCookie(cookie) })
		var page struct {
			Items []struct {
				Body map[string]any `json:"body"`
			} `json:"items"`
		}
		err := json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			out = append(out, fmt.Sprint(it.Body[field]))
		}
		if len(page.Items) < 500 {
			return out
		}
	}
}

func auditorLogin(t *testing.T, baseURL string) *http.Cookie {
	t.Helper()
	resp := httpGet(t, baseURL+"/api/authentication", func(r *http.Request) {
		r.SetBasicAuth(mockspstest.AuditorUser, mockspstest.AuditorPassword)
	})
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "session_id" {
			return c
		}
	}
	t.Fatal("login set no session_id cookie")
	return nil
}

// SessionsAttr is the flat state attributes of the data source at addr.
func SessionsAttr(s *terraform.State, addr string) (map[string]string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s not in state", addr)
	}
	return rs.Primary.Attributes, nil
}

// CheckSessionList checks that addr holds n distinct sessions in start_time
// order, which only holds if the pages were put back in order.
func CheckSessionList(addr string, n int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		a, err := SessionsAttr(s, addr)
		if err != nil {
			return err
		}
		if a["sessions.#"] != strconv.Itoa(n) {
			return fmt.Errorf("%s holds %s sessions, want %d", addr, a["sessions.#"], n)
		}
		seen := map[string]bool{}
		prev := time.Time{}
		for i := range n {
			id := a[fmt.Sprintf("sessions.%d.id", i)]
			if seen[id] {
				return fmt.Errorf("session %s appears twice (index %d)", id, i)
			}
			seen[id] = true
			ts, err := time.Parse(time.RFC3339, a[fmt.Sprintf("sessions.%d.start_time", i)])
			if err != nil {
				return fmt.Errorf("session %d: %w", i, err)
			}
			if ts.Before(prev) {
				return fmt.Errorf("sessions out of order at index %d: %s after %s", i, ts, prev)
			}
			prev = ts
		}
		return nil
	}
}

// StartRewritingMock starts the audit fixture behind a middleware that
// passes each request through rewrite before the mock sees it.
func StartRewritingMock(t *testing.T, rewrite func(r *http.Request)) (*mocksps.Server, string) {
	t.Helper()
	env := mockspstest.Start(t, mockspstest.WithAudit(LoadAuditFixture(t)), mockspstest.WithNow(AuditNow),
		mockspstest.WithMiddleware(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			rewrite(r)
			next.ServeHTTP(w, r)
		}))
	return env.Server, env.AuditorBlock()
}

// DropParams removes query parameters from histogram requests, as an
// appliance that does not know them would ignore them.
func DropParams(names ...string) func(r *http.Request) {
	return func(r *http.Request) {
		if r.URL.Path != "/api/audit/sessions/histogram" {
			return
		}
		q := r.URL.Query()
		for _, n := range names {
			q.Del(n)
		}
		r.URL.RawQuery = q.Encode()
	}
}

// DownloadTrail logs in as the auditor and downloads an audit trail, as a
// user following audit_trail_url would.
func DownloadTrail(t *testing.T, trailURL string) {
	t.Helper()
	cookie := auditorLogin(t, trailURL[:strings.Index(trailURL, "/api/")])
	resp := httpGet(t, trailURL, func(r *http.Request) { r.AddCookie(cookie) })
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download: %s", resp.Status)
	}
}

// VendorSessionFixture is the mock's fixture built from the vendor's
// samples: session rUhhQZ3jYsY1NDWYp9DEpq with the pages' sample alerts,
// events, indexing details, trail downloads and SSH channels (epoch times,
// flat originator.address keys).
var VendorSessionFixture = filepath.Join(sourceDir, "..", "mocksps", "audit", "testdata", "session_details.json")

// auditFixture is a small hand-written session database. Its eight
// sessions reproduce the vendor's worked stats example (gateway users
// user-Alpha ×5, user-Bravo, user-Charlie, user-Delta; protocols ssh ×5,
// rdp ×3), so stats results can be checked against the documentation, and
// session svc/Hx1/ssh_main:1 carries events, alerts and channels.
//
//	n  protocol user          verdict    start (UTC)        duration
//	1  ssh      user-Alpha    ACCEPT     05-06 08:15        600
//	2  ssh      user-Bravo    DENY       05-06 09:05        1
//	3  rdp      user-Charlie  ACCEPT     05-06 09:40        3600  server_username "Windows User"
//	4  rdp      user-Alpha    FAIL       05-07 10:00        2
//	5  rdp      user-Alpha    ACCEPT     05-07 10:30        1800
//	6  ssh      user-Alpha    ACCEPT     05-08 13:00        900
//	7  ssh      user-Alpha    AUTH-FAIL  05-08 13:20        0
//	8  ssh      user-Delta    ACCEPT     05-09 07:45        (active)
var auditFixture = filepath.Join(sourceDir, "testdata", "audit_sessions.json")

// httpGet sends GET url with plain net/http (prep adds credentials) and
// returns the response; the caller closes its body.
func httpGet(t *testing.T, url string, prep func(*http.Request)) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	prep(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
