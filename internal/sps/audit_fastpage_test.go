package sps

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// generatedPages returns real search pages from the mock's generator.
func generatedPages(t testing.TB) map[string][]byte {
	t.Helper()
	now := time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)
	h := audit.Generate(600, 3, now).Handler(func() time.Time { return now })
	pages := map[string][]byte{}
	for name, target := range map[string]string{
		"all_fields":  "/api/audit/sessions?fields=*&limit=500",
		"tail_page":   "/api/audit/sessions?fields=*&limit=500&offset=500",
		"some_fields": "/api/audit/sessions?fields=protocol,user,client.ip,recording.session_id,analytics,duration&limit=50",
		"no_body":     "/api/audit/sessions?limit=20",
		"empty":       "/api/audit/sessions?q=protocol:nosuch&fields=*",
	} {
		ctx := httpapi.WithCaller(context.Background(), httpapi.Caller{User: "admin", Role: "admin", RemainingSeconds: 600})
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1"+target, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", target, rec.Code, rec.Body.String())
		}
		pages[name] = rec.Body.Bytes()
	}
	return pages
}

// assertSameAsSlow fails when the fast path accepted b but decoded it
// differently from encoding/json (or encoding/json rejects it).
func assertSameAsSlow(t *testing.T, name string, b []byte) (fastOK bool) {
	t.Helper()
	fast, fastMeta, ok := fastSessionPage(b, 0)
	if !ok {
		return false
	}
	slow, slowMeta, err := slowSessionPage(b, 0)
	if err != nil {
		t.Errorf("%s: fast path accepted what encoding/json rejects (%v): %.200q", name, err, b)
		return true
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("%s: sessions differ\nfast %+v\nslow %+v", name, fast, slow)
	}
	if !reflect.DeepEqual(fastMeta, slowMeta) {
		t.Errorf("%s: meta differs\nfast %+v\nslow %+v", name, fastMeta, slowMeta)
	}
	return true
}

func TestFastSessionPageOnGeneratedPages(t *testing.T) {
	t.Parallel()
	for name, b := range generatedPages(t) {
		// The mock's pages are the plain shape: the fast path must take
		// them, or the optimization silently stops working.
		if !assertSameAsSlow(t, name, b) {
			t.Errorf("%s: fast path declined a plain page", name)
		}
	}
	slow, _, _ := slowSessionPage(generatedPages(t)["all_fields"], 0)
	if len(slow) != 500 || slow[0].ID == "" || slow[0].Protocol == "" || slow[0].StartTime == "" {
		t.Fatalf("reference decoding looks wrong: %d sessions, first %+v", len(slow), slow[0])
	}
}

// Each case either decodes exactly as encoding/json does (accept) or is
// left to encoding/json (decline).
func TestFastSessionPageEdgeCases(t *testing.T) {
	t.Parallel()
	item := func(body string) string {
		return `{"items": [{"key": "k1", "body": ` + body + `, "meta": {"href": "/x"}}], "meta": {"match_count": 1, "limit": 500, "next": null}}`
	}
	cases := []struct {
		name   string
		page   string
		accept bool
	}{
		{"whitespace everywhere", " {\n\t\"items\" : [ { \"key\" : \"k\" , \"body\" : { \"protocol\" : \"ssh\" , \"duration\" : 5 } } ] , \"meta\" : { } } ", true},
		{"trailing data ignored like decodeList", `{"items": []}garbage`, true},
		{"items null", `{"items": null, "meta": {"match_count": "3"}}`, true},
		{"no items", `{"meta": {"match_count": 0}}`, true},
		{"duplicate items keys", `{"items": [{"key": "a"}], "items": [{"key": "b"}]}`, true},
		{"numbers as strings and back", item(`{"duration": "42", "recording": {"session_id": 7, "content_reference_id": "9"}, "verdict": true}`), true},
		{"nulls keep zero values", item(`{"protocol": null, "active": null, "duration": null, "user": null, "analytics": {"tags": null, "interesting_events": []}}`), true},
		{"null inside string list", item(`{"analytics": {"tags": ["a", null, "b"]}}`), true},
		{"reference object as flexString", item(`{"recording": {"connection_policy": {"key": "pol-1", "meta": {"href": "/p"}}}}`), true},
		{"duplicate nested objects merge", item(`{"user": {"id": "u1"}, "user": {"name": "bob"}}`), true},
		{"unknown fields of every kind", item(`{"x": [1, {"y": [true, false, null, -1.5e+3]}], "z": "\u00e9\n"}`), true},
		{"utf-8 values", item(`{"user": {"name": "Gáspár"}, "client": {"name": "hôte"}}`), true},
		{"escaped flexString value", item(`{"user": {"name": "a\"b"}}`), true},
		{"float duration truncates", item(`{"duration": 12.9}`), true},
		{"empty object and array", item(`{"analytics": {}, "recording": {}}`), true},

		{"escaped key", item(`{"prot\u006fcol": "ssh"}`), false},
		{"key differing in case", item(`{"Protocol": "ssh"}`), false},
		{"non-ASCII key that folds (Kelvin sign)", item("{\"\u212aey\": 1}"), false},
		{"escaped plain string", item(`{"protocol": "s\\sh"}`), false},
		{"invalid UTF-8 in a value", item("{\"protocol\": \"s\xffh\"}"), false},
		{"string field given a number", item(`{"protocol": 22}`), false},
		{"bool field given a string", item(`{"active": "yes"}`), false},
		{"object field given a string", item(`{"user": "bob"}`), false},
		{"list given a string", item(`{"analytics": {"tags": "a"}}`), false},
		{"flexInt given garbage", item(`{"duration": "soon"}`), false},
		{"item is not an object", `{"items": [1]}`, false},
		{"item null", `{"items": [null]}`, false},
		{"items not a list", `{"items": {}}`, false},
		{"bad meta", `{"items": [], "meta": {"limit": "x"}}`, false},
		{"truncated", `{"items": [{"key": "a"`, false},
		{"leading zero", item(`{"duration": 01}`), false},
		{"bad literal", item(`{"active": tru}`), false},
		{"control character in string", item("{\"protocol\": \"s\th\"}"), false},
		{"empty body", ``, false},
		{"not an object", `[]`, false},
	}
	for _, c := range cases {
		ok := assertSameAsSlow(t, c.name, []byte(c.page))
		if ok != c.accept {
			t.Errorf("%s: fast path accepted = %v, want %v", c.name, ok, c.accept)
		}
	}
}

// The fast path must never disagree with encoding/json: whenever it
// accepts a page, encoding/json accepts it too and decodes the same.
func FuzzFastSessionPage(f *testing.F) {
	for _, b := range generatedPages(f) {
		if len(b) > 4096 {
			b = b[:4096] // truncated pages are interesting too
		}
		f.Add(b)
	}
	f.Add([]byte(`{"items": [{"key": 1, "body": {"duration": "5", "user": {"name": {"key": "x"}}, "analytics": {"tags": ["a", null]}}}], "meta": {"match_count": 1}}`))
	f.Add([]byte(`{"items": [{"key": "k", "body": {"active": true, "recording": {"target": {"port": "22"}}}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		assertSameAsSlow(t, "fuzz", b)
	})
}

// A page only encoding/json can read (escaped keys, a key in another
// case) still comes through SearchSessions, by the fallback.
func TestSearchSessionsFallsBackToEncodingJSON(t *testing.T) {
	t.Parallel()
	page := `{"items": [{"key": "a", "body": {"prot\u006fcol": "ssh", "User": {"name": "bob"}}}], "meta": {"match_count": 1}}`
	if _, _, ok := fastSessionPage([]byte(page), 0); ok {
		t.Fatal("fast path accepted an escaped key")
	}
	c := newAuditTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/authentication" {
			http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "s1"})
			_, _ = w.Write([]byte(`{"meta": {"href": "/api/authentication"}}`))
			return
		}
		_, _ = w.Write([]byte(page))
	}))
	res, err := c.SearchSessions(ctxT(t), SessionQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != 1 || res.Sessions[0].Protocol != "ssh" || res.Sessions[0].User.Name != "bob" || res.MatchCount != 1 {
		t.Fatalf("got %+v", res)
	}
}

// BenchmarkSessionPageDecode compares the two decoders on a 500-session
// fields=* page:
//
//	go test -run '^$' -bench SessionPageDecode ./internal/sps
func BenchmarkSessionPageDecode(b *testing.B) {
	page := generatedPages(b)["all_fields"]
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			if s, _, ok := fastSessionPage(page, 500); !ok || len(s) != 500 {
				b.Fatal("fast path declined")
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			if s, _, err := slowSessionPage(page, 500); err != nil || len(s) != 500 {
				b.Fatal(err)
			}
		}
	})
}
