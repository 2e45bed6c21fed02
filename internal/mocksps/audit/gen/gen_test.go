package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

var genNow = time.Date(2024, 5, 17, 15, 30, 0, 0, time.UTC)

var listKinds = []string{jsondoc.ListEvents, jsondoc.ListAlerts, jsondoc.ListChannels, jsondoc.ListIndexing, jsondoc.ListDownloads}

// dump renders every document and list of the sessions.
func dump(s *Sessions) []byte {
	var b bytes.Buffer
	for i := range s.Len() {
		fmt.Fprintf(&b, "%s %s\n", s.Key(i), s.Doc(i))
		for _, kind := range listKinds {
			for _, item := range s.List(i, kind) {
				fmt.Fprintf(&b, "  %s %s\n", kind, item)
			}
		}
	}
	return b.Bytes()
}

func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	a := dump(New(300, 42, genNow))
	b := dump(New(300, 42, genNow))
	if !bytes.Equal(a, b) {
		t.Fatal("same seed produced different data")
	}
	c := dump(New(300, 43, genNow))
	if bytes.Equal(a, c) {
		t.Fatal("different seeds produced identical data")
	}
	d := dump(New(300, 42, genNow.Add(time.Hour)))
	if bytes.Equal(a, d) {
		t.Fatal("a different now produced identical data")
	}
	// Session i does not depend on n.
	small := New(10, 42, genNow)
	big := New(300, 42, genNow)
	for i := range 10 {
		if !bytes.Equal(small.Doc(i), big.Doc(i)) {
			t.Fatalf("session %d differs between n=10 and n=300", i)
		}
	}
}

// The generator writes JSON by hand with keys in sorted order; it must equal
// what encoding/json produces for the same data.
func TestGeneratedJSONIsCanonical(t *testing.T) {
	t.Parallel()
	s := New(200, 7, genNow)
	check := func(what string, b []byte) {
		t.Helper()
		v, err := jsondoc.Decode(b)
		if err != nil {
			t.Fatalf("%s: invalid JSON: %v\n%s", what, err, b)
		}
		again, _ := json.Marshal(v)
		if !bytes.Equal(again, b) {
			t.Fatalf("%s: not canonical:\n got %s\nwant %s", what, b, again)
		}
	}
	for i := range s.Len() {
		check("doc "+s.Key(i), s.Doc(i))
		for _, kind := range listKinds {
			for _, item := range s.List(i, kind) {
				check(kind+" of "+s.Key(i), item)
			}
		}
	}
}

// Emit streams the same document Doc renders; the key is the REST form of
// its session id.
func TestEmitMatchesDocAndKey(t *testing.T) {
	t.Parallel()
	s := New(50, 5, genNow)
	for i := range s.Len() {
		w := jsondoc.NewWriter(0)
		s.Emit(i, w)
		if !bytes.Equal(w.Bytes(), s.Doc(i)) {
			t.Fatalf("session %d: Emit and Doc differ", i)
		}
		var doc struct {
			Recording struct {
				SessionID string `json:"session_id"`
			} `json:"recording"`
		}
		if err := json.Unmarshal(s.Doc(i), &doc); err != nil {
			t.Fatal(err)
		}
		if s.Key(i) != jsondoc.RESTForm(doc.Recording.SessionID) || s.Key(i) == "" {
			t.Fatalf("session %d: key %q, session id %q", i, s.Key(i), doc.Recording.SessionID)
		}
	}
}
