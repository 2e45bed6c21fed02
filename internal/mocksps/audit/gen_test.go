package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
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
