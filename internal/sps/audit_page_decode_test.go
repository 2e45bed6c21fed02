package sps

import (
	"context"
	"encoding/json"
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

// referenceSessionPage decodes a page with encoding/json, the behavior the
// faster decoder must match.
func referenceSessionPage(t testing.TB, body []byte) ([]Session, pageMeta) {
	t.Helper()
	var page sessionPage
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	out := make([]Session, 0, len(page.Items))
	for _, it := range page.Items {
		out = append(out, it.Body.session(string(it.Key)))
	}
	return out, page.Meta
}

func TestDecodeSessionPageMatchesEncodingJSON(t *testing.T) {
	for name, page := range generatedPages(t) {
		got, gotMeta, err := decodeSessionPage(page, 0)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, wantMeta := referenceSessionPage(t, page)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: sessions differ from encoding/json\ngot  %+v\nwant %+v", name, got, want)
		}
		if !reflect.DeepEqual(gotMeta, wantMeta) {
			t.Errorf("%s: meta differs: got %+v, want %+v", name, gotMeta, wantMeta)
		}
	}
	all, _, _ := decodeSessionPage(generatedPages(t)["all_fields"], 0)
	if len(all) != 500 || all[0].ID == "" || all[0].Protocol == "" || all[0].StartTime == "" {
		t.Fatalf("decoded page looks wrong: %d sessions, first %+v", len(all), all[0])
	}
}

func TestDecodeSessionPageVariants(t *testing.T) {
	// Numbers as strings and back, user.name vs user.gateway_username, and
	// unknown elements: what the vendor samples show across versions.
	body := []byte(`{"items":[
	  {"key":"a","body":{"protocol":"ssh","duration":"42","user":{"gateway_username":"bob"},"client":{"ip":"10.0.0.1","port":"22"},"extra":{"x":[1,2]}}},
	  {"key":7,"body":{"protocol":"rdp","duration":5,"user":{"name":"eve"},"recording":{"verdict":"DENY","session_id":"svc/1/x:1"}}}
	],"meta":{"match_count":2,"limit":500,"offset":0}}`)
	got, meta, err := decodeSessionPage(body, 0)
	if err != nil {
		t.Fatal(err)
	}
	want, wantMeta := referenceSessionPage(t, body)
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(meta, wantMeta) {
		t.Fatalf("differs from encoding/json:\ngot  %+v %+v\nwant %+v %+v", got, meta, want, wantMeta)
	}
	if got[0].Duration != 42 || got[0].User.Name != "bob" || got[0].Client.Port != 22 || got[1].ID != "7" || got[1].User.Name != "eve" {
		t.Fatalf("decoded %+v", got)
	}
	if _, _, err := decodeSessionPage([]byte(`{"items":[{"key":"a","body":`), 0); err == nil {
		t.Fatal("truncated page decoded without error")
	}
}

// BenchmarkSessionPageDecode compares goccy/go-json with encoding/json on a
// 500-session fields=* page:
//
//	go test -run '^$' -bench SessionPageDecode ./internal/sps
func BenchmarkSessionPageDecode(b *testing.B) {
	page := generatedPages(b)["all_fields"]
	b.Run("goccy", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			if s, _, err := decodeSessionPage(page, 500); err != nil || len(s) != 500 {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			if s, _ := referenceSessionPage(b, page); len(s) != 500 {
				b.Fatal(len(s))
			}
		}
	})
}

// TestDecodeSessionFlatLegacyNames: the search page lists the elements
// that fields=* returns under flat, legacy names (client.address,
// connection_policy, name, server_username, target.port, ...), while the
// session samples are nested documents (client.ip,
// recording.connection_policy, user.gateway_username). Each attribute is
// filled from whichever shape arrives; the three bodies below describe the
// same session and must decode alike.
func TestDecodeSessionFlatLegacyNames(t *testing.T) {
	nested := `{"protocol":"ssh","active":false,"start_time":"2017-01-25T11:11:52.000+01:00","end_time":"2017-01-25T11:12:52.000+01:00","duration":60,
	  "user":{"gateway_username":"myname","server_username":"root"},
	  "client":{"ip":"10.0.0.1","port":50001},"server":{"ip":"10.0.0.2","port":22},
	  "recording":{"connection_policy":"cp","channel_policy":"shell-only","auth_method":"password","session_id":"svc/a/cp:1","archived":true,
	    "target":{"ip":"10.0.0.3","port":2222},"server_local":{"ip":"10.0.0.4","port":22}}}`
	// Flat names as objects (fields=client.address nests as {"client": {"address": ...}}).
	flatNested := `{"protocol":"ssh","active":false,"start_time":"2017-01-25T11:11:52.000+01:00","end_time":"2017-01-25T11:12:52.000+01:00","duration":60,
	  "name":"myname","server_username":"root",
	  "client":{"address":"10.0.0.1","port":50001},"server":{"address":"10.0.0.2","port":22},
	  "connection_policy":"cp","channel_policy":"shell-only","auth_method":"password","session_id":"svc/a/cp:1","archived":true,
	  "target":{"address":"10.0.0.3","port":2222},"server_local":{"address":"10.0.0.4","port":22}}`
	// Flat names as dotted keys, exactly as the page spells them.
	dotted := `{"protocol":"ssh","active":false,"start_time":"2017-01-25T11:11:52.000+01:00","end_time":"2017-01-25T11:12:52.000+01:00","duration":60,
	  "name":"myname","server_username":"root",
	  "client.address":"10.0.0.1","client.port":50001,"server.address":"10.0.0.2","server.port":"22",
	  "connection_policy":"cp","channel_policy":"shell-only","auth_method":"password","session_id":"svc/a/cp:1","archived":true,
	  "target.address":"10.0.0.3","target.port":2222,"server_local.address":"10.0.0.4","server_local.port":22}`
	// The older "psm" element in place of "recording".
	psm := `{"protocol":"ssh","active":false,"start_time":"2017-01-25T11:11:52.000+01:00","end_time":"2017-01-25T11:12:52.000+01:00","duration":60,
	  "psm":{"gateway_username":"myname","server_username":"root","connection_policy":"cp","channel_policy":"shell-only","auth_method":"password",
	    "session_id":"svc/a/cp:1","archived":true,"target":{"address":"10.0.0.3","port":2222},"server_local":{"address":"10.0.0.4","port":22}},
	  "client":{"address":"10.0.0.1","port":50001},"server":{"address":"10.0.0.2","port":22}}`
	page := func(body string) []byte {
		return []byte(`{"items":[{"key":"k1","body":` + body + `}],"meta":{"match_count":1,"limit":500,"offset":0}}`)
	}
	want, _, err := decodeSessionPage(page(nested), 0)
	if err != nil {
		t.Fatal(err)
	}
	w := want[0]
	if w.User.Name != "myname" || w.Client.IP != "10.0.0.1" || w.Target.Port != 2222 || w.ConnectionPolicy != "cp" || !w.Archived || w.ServerLocal.IP != "10.0.0.4" {
		t.Fatalf("nested shape decoded wrong: %+v", w)
	}
	for name, body := range map[string]string{"flat_nested": flatNested, "dotted": dotted, "psm": psm} {
		got, _, err := decodeSessionPage(page(body), 0)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded differently from the nested shape\ngot  %+v\nwant %+v", name, got[0], w)
		}
		ref, _ := referenceSessionPage(t, page(body))
		if !reflect.DeepEqual(got, ref) {
			t.Errorf("%s: goccy and encoding/json disagree\ngot  %+v\nwant %+v", name, got[0], ref[0])
		}
	}
}
