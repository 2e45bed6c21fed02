package audit_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	auditds "github.com/terraform-sps/terraform-provider-sps/internal/service/audit"
)

// The golden files of this test were written by the reflection-based
// conversion (framework model -> state) that the streaming one replaced:
// every value a search returns must reach Terraform unchanged. Regenerate
// only for an intended change of the documented values:
//
//	go test ./internal/service/audit -run TestAuditSessionsStateGolden -update-golden
var updateGolden = flag.Bool("update-golden", false, "rewrite the golden files of TestAuditSessionsStateGolden")

// goldenInput holds the session documents the golden cases read, as the
// mock served them (fields=*) when the golden files were written: the
// vendor's sample sessions and 60 generated ones. The cases serve these
// frozen pages rather than asking the mock again, so a later change of the
// mock's generated data cannot invalidate the golden files.
const goldenInput = "testdata/golden/audit_sessions_input.json"

func TestAuditSessionsStateGolden(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(goldenInput)
	if err != nil {
		t.Fatal(err)
	}
	var input map[string][]json.RawMessage
	if err := json.Unmarshal(raw, &input); err != nil {
		t.Fatal(err)
	}
	// 1500 sessions from the 60 generated documents, renamed: three
	// pages (500 + 500 + 200 of 1500 matching) for the order and the
	// values across pages.
	var paged []json.RawMessage
	for i := range 1500 {
		var item map[string]json.RawMessage
		acctest.Must(t, json.Unmarshal(input["generated_60"][i%60], &item))
		item["key"] = json.RawMessage(fmt.Sprintf("%q", fmt.Sprintf("p-%04d", i)))
		b, err := json.Marshal(item)
		acctest.Must(t, err)
		paged = append(paged, b)
	}
	for _, tc := range []struct {
		name   string
		items  []json.RawMessage
		config map[string]tftypes.Value
		// digest keeps only a SHA-256 of the state in the golden file
		// (large results); the full JSON is written to the test's temp
		// dir when it differs.
		digest bool
	}{
		{name: "vendor_sample", items: input["vendor_sample"], config: map[string]tftypes.Value{
			"sort": stringList("start_time"),
		}},
		{name: "generated_60", items: input["generated_60"], config: map[string]tftypes.Value{
			"max_results": tftypes.NewValue(tftypes.Number, 100),
		}},
		{name: "generated_1200_of_1500", items: paged, digest: true, config: map[string]tftypes.Value{
			"max_results": tftypes.NewValue(tftypes.Number, 1200),
			"sort":        stringList("start_time"),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := httptest.NewServer(frozenSessions(tc.items))
			t.Cleanup(ts.Close)
			state := acctest.ReadDataSourceProto(t, ts.URL, "sps_audit_sessions", tc.config)
			got := canonicalJSON(t, state, "fields")
			if !tc.digest {
				checkEveryAttributeFilled(t, state, tc.name == "generated_60")
			}
			if tc.digest {
				sum := sha256.Sum256(got)
				got = []byte(hex.EncodeToString(sum[:]) + "\n")
			}
			compareGolden(t, filepath.Join("testdata", "golden", "audit_sessions_"+tc.name+".json"), got, canonicalJSON(t, state, "fields"))
		})
	}
}

// frozenSessions serves items as the session search, paged by limit and
// offset like SPS, behind a login that hands out a cookie.
func frozenSessions(items []json.RawMessage) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/authentication":
			http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "0123456789abcdef0123456789abcdef01234567"})
			fmt.Fprint(w, `{"meta":{"href":"/api/authentication"}}`)
			return
		case "/api/audit/sessions":
		default:
			http.NotFound(w, r)
			return
		}
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		if limit <= 0 || limit > 500 {
			limit = 500
		}
		offset = min(max(offset, 0), len(items))
		page := items[offset:min(offset+limit, len(items))]
		_ = json.NewEncoder(w).Encode(map[string]any{
			"items": page,
			"meta":  map[string]any{"match_count": len(items), "limit": limit, "offset": offset, "href": "/api/audit/sessions"},
		})
	})
}

// stringList is a list(string) configuration value.
func stringList(vs ...string) tftypes.Value {
	elems := make([]tftypes.Value, 0, len(vs))
	for _, v := range vs {
		elems = append(elems, tftypes.NewValue(tftypes.String, v))
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
}

// canonicalJSON renders a state value as indented JSON with sorted keys.
// The top-level attributes named in added (attributes added to the schema
// after the golden files were written) are left out when null, and must
// be null: the golden files stay what the old conversion produced.
func canonicalJSON(t *testing.T, v tftypes.Value, added ...string) []byte {
	t.Helper()
	plain := acctest.PlainValue(t, v)
	if top, ok := plain.(map[string]any); ok {
		for _, name := range added {
			if top[name] != nil {
				t.Fatalf("%s is %v, want null", name, top[name])
			}
			delete(top, name)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(plain); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// compareGolden compares got with the golden file (or rewrites it with
// -update-golden). full is what to write next to the test's temp files
// for a diff when only a digest is kept.
func compareGolden(t *testing.T, path string, got, full []byte) {
	t.Helper()
	if *updateGolden {
		acctest.Must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		acctest.Must(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-golden to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	out := filepath.Join(t.TempDir(), filepath.Base(path))
	_ = os.WriteFile(out, full, 0o644)
	t.Errorf("the state differs from %s (what the conversion produced before); got:\n%s", path, firstDiff(want, got))
}

// firstDiff shows the first differing line with some context.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n want %s\n got  %s", i+1, wl, gl)
		}
	}
	return "(equal lines, different length)"
}

// checkEveryAttributeFilled fails when a leaf attribute of the sessions is
// null in every session, so a conversion that drops a field cannot keep
// agreeing with a golden file that never had it. With all false, only the
// attributes the vendor sample documents are required.
func checkEveryAttributeFilled(t *testing.T, state tftypes.Value, all bool) {
	t.Helper()
	seen := map[string]bool{}
	paths := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(prefix+"."+k, e)
			}
		case []any:
			paths[prefix] = true
			if len(x) > 0 {
				seen[prefix] = true
			}
		default:
			paths[prefix] = true
			if x != nil {
				seen[prefix] = true
			}
		}
	}
	top, ok := acctest.PlainValue(t, state).(map[string]any)
	if !ok {
		t.Fatal("state is not an object")
	}
	sessions, _ := top["sessions"].([]any)
	if len(sessions) == 0 {
		t.Fatal("no sessions in state")
	}
	for _, s := range sessions {
		walk("", s)
	}
	var missing []string
	for p := range paths {
		if !seen[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	if all && len(missing) > 0 {
		t.Errorf("attributes null (or empty) in every session: %v", missing)
	}
	// The vendor's sample session documents everything except interesting
	// events (an empty list) and the user id of the search example.
	if !all {
		missing = slices.DeleteFunc(missing, func(p string) bool { return p == ".interesting_events" })
		if len(missing) > 0 {
			t.Errorf("attributes null in every session of the vendor sample: %v", missing)
		}
	}
}

// TestAuditSessionsFlatLegacyShape: a session stored in the flat legacy
// shape the search page lists for fields=* (name, server_username,
// client.address, connection_policy, target.port, ...) reaches the state
// with the same values as the nested document of the samples.
func TestAuditSessionsFlatLegacyShape(t *testing.T) {
	t.Parallel()
	st, err := audit.Load(strings.NewReader(`{
	  "nested": {"protocol": "ssh", "active": false, "verdict": "ACCEPT", "start_time": "2017-01-25T11:11:52.000+01:00",
	    "end_time": "2017-01-25T11:12:52.000+01:00", "duration": 60,
	    "user": {"gateway_username": "myname", "server_username": "root"},
	    "client": {"ip": "10.0.0.1", "port": 50001}, "server": {"ip": "10.0.0.2", "port": 22},
	    "recording": {"connection_policy": "cp", "channel_policy": "shell-only", "auth_method": "password",
	      "session_id": "svc/a/cp:1", "archived": true, "target": {"ip": "10.0.0.3", "port": 2222}}},
	  "flat": {"protocol": "ssh", "active": false, "verdict": "ACCEPT", "start_time": "2017-01-25T11:11:52.000+01:00",
	    "end_time": "2017-01-25T11:12:52.000+01:00", "duration": 60,
	    "name": "myname", "server_username": "root",
	    "client.address": "10.0.0.1", "client.port": 50001, "server.address": "10.0.0.2", "server.port": 22,
	    "connection_policy": "cp", "channel_policy": "shell-only", "auth_method": "password",
	    "session_id": "svc/a/cp:1", "archived": true, "target.address": "10.0.0.3", "target.port": 2222}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	ts := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(acctest.AuditNow))
	read := func(config map[string]tftypes.Value) map[string]map[string]any {
		t.Helper()
		state := acctest.ReadDataSourceProto(t, ts.URL, "sps_audit_sessions", config)
		top, _ := acctest.PlainValue(t, state).(map[string]any)
		sessions, _ := top["sessions"].([]any)
		if len(sessions) != 2 {
			t.Fatalf("%d sessions, want 2", len(sessions))
		}
		byID := map[string]map[string]any{}
		for _, s := range sessions {
			m, _ := s.(map[string]any)
			id, _ := m["id"].(string)
			delete(m, "id")
			delete(m, "rest_id")
			byID[id] = m
		}
		return byID
	}
	byID := read(nil)
	nested, flat := byID["nested"], byID["flat"]
	if nested == nil || flat == nil {
		t.Fatalf("sessions %v", byID)
	}
	n, _ := json.Marshal(nested)
	f, _ := json.Marshal(flat)
	if string(n) != string(f) {
		t.Errorf("flat legacy session differs from the nested one:\nflat   %s\nnested %s", f, n)
	}
	if user, _ := nested["user"].(map[string]any); user["name"] != "myname" || nested["connection_policy"] != "cp" {
		t.Errorf("nested session decoded as %s", n)
	}

	// With fields set the provider narrows SPS's ?fields= list; the flat
	// session must still come back whole. Every attribute but rest_id (so
	// the list is narrowed, not fields=*), then a few, one by one.
	all := slices.DeleteFunc(auditds.SessionFieldNames(), func(n string) bool { return n == "rest_id" })
	subsets := [][]string{all}
	for _, n := range []string{"client", "server", "user", "target", "connection_policy", "channel_policy", "auth_method", "session_id", "archived"} {
		subsets = append(subsets, []string{n})
	}
	for _, names := range subsets {
		elems := make([]tftypes.Value, 0, len(names))
		for _, n := range names {
			elems = append(elems, tftypes.NewValue(tftypes.String, n))
		}
		got := read(map[string]tftypes.Value{"fields": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elems)})
		for _, id := range []string{"nested", "flat"} {
			for _, n := range names {
				want, _ := json.Marshal(byID[id][n])
				have, _ := json.Marshal(got[id][n])
				if string(want) != string(have) {
					t.Errorf("fields = %q: %s session's %s is %s, without fields %s", names, id, n, have, want)
				}
			}
		}
	}
}
