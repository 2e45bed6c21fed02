package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var genNow = time.Date(2024, 5, 17, 15, 30, 0, 0, time.UTC)

// dumpStore renders every document and sub-resource list of a store.
func dumpStore(st *Store) []byte {
	var b bytes.Buffer
	for i := range st.sessions {
		s := int32(i)
		fmt.Fprintf(&b, "%s %s\n", st.sessions[i].key, st.doc(s))
		for _, kind := range []string{subEvents, subAlerts, subChannels, subIndexing, subDownloads} {
			for _, item := range st.subList(s, kind) {
				fmt.Fprintf(&b, "  %s %s\n", kind, item)
			}
		}
	}
	return b.Bytes()
}

func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	a := dumpStore(Generate(300, 42, genNow))
	b := dumpStore(Generate(300, 42, genNow))
	if !bytes.Equal(a, b) {
		t.Fatal("same seed produced different data")
	}
	c := dumpStore(Generate(300, 43, genNow))
	if bytes.Equal(a, c) {
		t.Fatal("different seeds produced identical data")
	}
	d := dumpStore(Generate(300, 42, genNow.Add(time.Hour)))
	if bytes.Equal(a, d) {
		t.Fatal("a different now produced identical data")
	}
	// Session i does not depend on n.
	small := Generate(10, 42, genNow)
	big := Generate(300, 42, genNow)
	for i := range 10 {
		if !bytes.Equal(small.doc(int32(i)), big.doc(int32(i))) {
			t.Fatalf("session %d differs between n=10 and n=300", i)
		}
	}
}

// The generator writes JSON by hand with keys in sorted order; it must equal
// what encoding/json produces for the same data.
func TestGeneratedJSONIsCanonical(t *testing.T) {
	t.Parallel()
	st := Generate(200, 7, genNow)
	check := func(what string, b []byte) {
		t.Helper()
		v, err := decodeJSON(b)
		if err != nil {
			t.Fatalf("%s: invalid JSON: %v\n%s", what, err, b)
		}
		again, _ := json.Marshal(v)
		if !bytes.Equal(again, b) {
			t.Fatalf("%s: not canonical:\n got %s\nwant %s", what, b, again)
		}
	}
	for i := range st.sessions {
		s := int32(i)
		check("doc "+st.sessions[i].key, st.doc(s))
		for _, kind := range []string{subEvents, subAlerts, subChannels, subIndexing, subDownloads} {
			for _, item := range st.subList(s, kind) {
				check(kind+" of "+st.sessions[i].key, item)
			}
		}
	}
}

// Indexing a generated store straight from the generator must give the same
// columns as loading its rendered documents from a file.
func TestGeneratedIndexMatchesLoadedIndex(t *testing.T) {
	t.Parallel()
	gen := Generate(300, 9, genNow)
	docs := map[string]json.RawMessage{}
	events := map[string][]json.RawMessage{}
	for i := range gen.sessions {
		k := gen.sessions[i].key
		docs[k] = gen.doc(int32(i))
		for _, e := range gen.subList(int32(i), subEvents) {
			events[k] = append(events[k], e)
		}
	}
	file, _ := json.Marshal(map[string]any{"sessions": docs, "events": events})
	loaded, err := Load(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Len() != gen.Len() {
		t.Fatalf("loaded %d sessions, generated %d", loaded.Len(), gen.Len())
	}
	if len(loaded.cols) != len(gen.cols) {
		t.Fatalf("columns: loaded %d, generated %d", len(loaded.cols), len(gen.cols))
	}
	for path, gc := range gen.cols {
		lc := loaded.cols[path]
		if lc == nil {
			t.Fatalf("column %s missing after load", path)
		}
		for i := range gen.sessions {
			li := loaded.byKey[gen.sessions[i].key]
			gv, lv := termTexts(gc, int32(i)), termTexts(lc, li)
			if !slices.Equal(gv, lv) {
				t.Fatalf("column %s session %s: generated %v, loaded %v", path, gen.sessions[i].key, gv, lv)
			}
		}
	}
	if len(loaded.text.texts) != len(gen.text.texts) {
		t.Fatalf("content texts: loaded %d, generated %d", len(loaded.text.texts), len(gen.text.texts))
	}
}

func termTexts(c *column, s int32) []string {
	var out []string
	for _, t := range c.values(s, nil) {
		out = append(out, fmt.Sprintf("%d:%s", c.terms[t].kind, c.terms[t].text()))
	}
	return out
}

// Item 8: generated session ids follow the search page's documented format
// svc/<hash>/<policy>:<n>/<protocol> for some sessions (the details
// sample's form, without /<protocol>, for the others), and every session
// is found by the REST form of its id and by the URL-escaped logged form.
func TestGeneratedSessionIDForms(t *testing.T) {
	t.Parallel()
	st := Generate(40, 3, genNow)
	h := st.Handler(func() time.Time { return genNow })
	withProto := regexp.MustCompile(`^svc/[0-9A-Za-z]{22}/[a-z_]+:[0-9]+/(ssh|rdp|vnc|telnet|http|ica)$`)
	without := regexp.MustCompile(`^svc/[0-9A-Za-z]{22}/[a-z_]+:[0-9]+$`)
	var nWith, nWithout int
	for i := range st.sessions {
		sid := st.fieldTexts("recording.session_id", int32(i))[0]
		proto := strings.ToLower(st.fieldTexts("protocol", int32(i))[0])
		switch {
		case withProto.MatchString(sid) && strings.HasSuffix(sid, "/"+proto):
			nWith++
		case without.MatchString(sid):
			nWithout++
		default:
			t.Fatalf("session id %q (protocol %s) has neither documented form", sid, proto)
		}
		key := st.sessions[i].key
		if key != restForm(sid) {
			t.Errorf("key %q is not the REST form of %q", key, sid)
		}
		for _, id := range []string{restForm(sid), url.PathEscape(sid)} {
			if got := getJSON(t, h, "/api/audit/sessions/"+id, 200)["key"]; got != key {
				t.Errorf("GET by %s: key %v, want %s", id, got, key)
			}
		}
	}
	if nWith == 0 || nWithout == 0 {
		t.Fatalf("%d ids with /<protocol>, %d without: want both forms", nWith, nWithout)
	}
}

// Item 12: generated values use the samples' casing ("protocol": "SSH"),
// while queries match case-insensitively as documented (?q=protocol:ssh).
func TestGeneratedCasingAndCaseInsensitiveMatching(t *testing.T) {
	t.Parallel()
	st := Generate(500, 2, genNow)
	h := st.Handler(func() time.Time { return genNow })
	stats := getJSON(t, h, "/api/audit/sessions/stats?field=protocol&size=10", 200)["items"].([]any)
	counts := map[string]int{}
	for _, it := range stats {
		m := it.(map[string]any)
		counts[m["value"].(string)] = int(m["count"].(float64))
	}
	if counts["SSH"] == 0 || counts["ssh"] != 0 {
		t.Fatalf("protocol values %v, want upper case (SSH)", counts)
	}
	for _, q := range []string{"protocol:ssh", "protocol:SSH", "protocol:Ssh", "protocol:(ssh%20rdp)"} {
		t.Run(q, func(t *testing.T) {
			want := counts["SSH"]
			if strings.Contains(q, "rdp") {
				want += counts["RDP"]
			}
			if n := matchCount(t, getJSON(t, h, "/api/audit/sessions?limit=0&q="+q, 200)); n != want {
				t.Errorf("q=%s matches %d sessions, want %d", q, n, want)
			}
		})
	}
}
