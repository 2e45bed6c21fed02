package audit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestLoadShapes(t *testing.T) {
	// Values are echoed as stored: epoch numbers, date-only strings, big and
	// fractional numbers, unicode; keys come back sorted.
	st, err := Load(strings.NewReader(`{"k1": {"start_time": 1485248400, "end_time": "2017-01-24", "z": 1.50, "big": 12345678901234567890, "a": "é<&>", "protocol": "SSH"}}`))
	if err != nil {
		t.Fatal(err)
	}
	rec := get(t, st.Handler(nil), "/api/audit/sessions/k1")
	want := `{"body":{"a":"é<&>","big":12345678901234567890,"end_time":"2017-01-24","protocol":"SSH","start_time":1485248400,"z":1.50},"key":"k1","meta":{"href":"/api/audit/sessions/k1","parent":"/api/audit/sessions","remaining_seconds":599}}` + "\n"
	if rec.Body.String() != want {
		t.Fatalf("got  %s\nwant %s", rec.Body.String(), want)
	}

	bad := []struct{ in, msg string }{
		{`[]`, "must be a JSON object"},
		{`{"a": 1}`, `session "a" must be a JSON object`},
		{`{"": {}}`, "empty session key"},
		{`{"a": {}} {"b": {}}`, "unexpected data after"},
		{`{"a": {`, "unexpected EOF"},
		{`{"sessions": {"a": {}}, "events": {"b": []}}`, `events for unknown session "b"`},
		{`{"sessions": {"a": {}}, "events": {"a": {}}}`, `events of "a" must be a list`},
		{`{"sessions": {"a": {}}, "alerts": {"a": [1]}}`, "item 0 must be an object"},
		{`{"sessions": {"a": {}}, "channels": []}`, `"channels" must map session keys to lists`},
	}
	for _, c := range bad {
		t.Run(c.in, func(t *testing.T) {
			if _, err := Load(strings.NewReader(c.in)); err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("Load(%s) = %v, want error containing %q", c.in, err, c.msg)
			}
		})
	}
	// A plain map whose documents happen to include a "sessions" key is not
	// mistaken for the extended shape.
	st, err = Load(strings.NewReader(`{"sessions": {"protocol": "ssh"}, "x": {"protocol": "rdp"}}`))
	if err != nil || st.Len() != 2 {
		t.Fatalf("plain map with a sessions key: %v, %d", err, st.Len())
	}
	// List keys may use the REST form of a session key.
	st, err = Load(strings.NewReader(`{"sessions": {"svc/X/p:1": {}}, "events": {"svc-X-p-1": [{"content": "hello"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(t, getJSON(t, st.Handler(nil), "/api/audit/sessions?content=hello", 200)); len(got) != 1 {
		t.Fatalf("content via REST-keyed events: %v", got)
	}
	if _, err := LoadFile("testdata/does-not-exist.json"); err == nil {
		t.Fatal("missing file must fail")
	}
}

func TestMerge(t *testing.T) {
	gen := Generate(50, 1, genNow)
	fix := loadFixture(t, "sessions_small.json")
	gen.Merge(fix)
	if gen.Len() != 62 {
		t.Fatalf("merged %d sessions", gen.Len())
	}
	h := gen.Handler(nil)
	if got := keys(t, getJSON(t, h, "/api/audit/sessions?q=name:%22john%20doe%22", 200)); len(got) != 1 || got[0] != "s10" {
		t.Fatalf("fixture session after merge: %v", got)
	}
	// A session with the same key replaces the old one.
	repl, _ := Load(strings.NewReader(`{"s10": {"protocol": "telnet"}}`))
	gen.Merge(repl)
	if gen.Len() != 62 {
		t.Fatalf("replacement changed the count: %d", gen.Len())
	}
	if p := getJSON(t, h, "/api/audit/sessions/s10", 200)["body"].(map[string]any)["protocol"]; p != "telnet" {
		t.Fatalf("replaced session protocol %v", p)
	}
	gen.Merge(nil)
	gen.Merge(gen)
	if gen.Len() != 62 || NewStore().Len() != 0 {
		t.Fatal("no-op merges changed the store")
	}
	if got := matchCount(t, getJSON(t, NewStore().Handler(nil), "/api/audit/sessions?q=protocol:ssh", 200)); got != 0 {
		t.Fatalf("empty store matched %d", got)
	}
}

// The concurrency contract: reads in parallel with Merge (run with -race).
func TestConcurrentReadsAndMerge(t *testing.T) {
	st := Generate(300, 2, genNow)
	h := st.Handler(nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 5 {
			st.Merge(Generate(10, int64(100+i), genNow))
		}
	}()
	for i := 0; ; i++ {
		select {
		case <-done:
			if st.Len() != 350 {
				t.Fatalf("len %d", st.Len())
			}
			return
		default:
		}
		for _, u := range []string{"/api/audit/sessions?q=protocol:ssh&sort=-duration&fields=user", "/api/audit/sessions/stats?field=protocol",
			"/api/audit/sessions/histogram?bin_size=day"} {
			if rec := get(t, h, u); rec.Code != 200 {
				t.Fatalf("%s: %d", u, rec.Code)
			}
		}
	}
}

// FuzzLoad feeds arbitrary bytes to the session-file loader: it must never
// panic, and whatever it accepts must be searchable and renderable.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"1": {"protocol": "ssh", "start_time": 1, "end_time": 5}}`))
	f.Add([]byte(`{"sessions": {"a": {"channel": [{"channel_id": 1}]}}, "events": {"a": [{"content": "x y", "record_id": 1}]}}`))
	f.Add([]byte(`{"a": {"start_time": "2017-01-25T10:00", "end_time": null, "active": true, "user": {"name": ["x", 1, true, null]}}}`))
	f.Add([]byte(`{"svc/X/p:1": {"recording": {"audit_trail": "/path"}}, "svc-X-p-1": {}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		h := st.Handler(func() time.Time { return genNow })
		for _, u := range []string{
			"/api/audit/sessions?fields=*&sort=start_time,-protocol",
			"/api/audit/sessions?format=csv&fields=*",
			"/api/audit/sessions/stats?field=protocol&sub_fields=user.name",
			"/api/audit/sessions/histogram?start=2016-12-01&bin_size=week",
		} {
			if rec := get(t, h, u); rec.Code != 200 && rec.Code != 400 {
				t.Fatalf("%s: %d %s", u, rec.Code, rec.Body.String())
			}
		}
		d := st.state()
		for i := range d.sessions {
			if !json.Valid(d.Doc(i)) {
				t.Fatalf("stored document %d is not valid JSON", i)
			}
		}
	})
}

func TestMergeIntoEmptyStoreSharesTheIndex(t *testing.T) {
	gen := Generate(200, 4, genNow)
	st := NewStore()
	st.Merge(gen)
	q := "/api/audit/sessions?q=protocol:ssh&sort=-duration&fields=duration"
	a, b := get(t, gen.Handler(nil), q).Body.String(), get(t, st.Handler(nil), q).Body.String()
	if a != b || st.Len() != 200 {
		t.Fatalf("merged copy answers differently")
	}
	// Growing the copy rebuilds its own index and leaves the source alone.
	extra, _ := Load(strings.NewReader(`{"x1": {"protocol": "ssh", "duration": 999999}}`))
	st.Merge(extra)
	if st.Len() != 201 || gen.Len() != 200 {
		t.Fatalf("lens %d %d", st.Len(), gen.Len())
	}
	if got := keys(t, getJSON(t, st.Handler(nil), q+"&limit=1", 200)); got[0] != "x1" {
		t.Fatalf("copy top %v", got)
	}
	if got := get(t, gen.Handler(nil), q).Body.String(); got != a {
		t.Fatal("source store changed")
	}
}
