package sps

import (
	"encoding/json"
	"testing"
)

func mustFields(t *testing.T, s string) map[string]any {
	t.Helper()
	m, err := decodeFields([]byte(s))
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return m
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Declared fields merge into objects key by key; lists and scalars replace
// whole; what is not declared keeps SPS's value, references included (as
// keys, the form SPS takes on write); the inputs stay as they were.
func TestOverlayMergesObjectsReplacesListsAndScalars(t *testing.T) {
	t.Parallel()
	cur := mustFields(t, `{"name":"a","network":{"port":22,"ip":"0.0.0.0","extra":{"x":1}},"targets":[1,2,3],`+
		`"policy":{"key":"-100","meta":{"href":"/api/configuration/policies/x/-100"}},"big":12345678901234567890}`)
	declared := mustFields(t, `{"network":{"port":2222,"extra":{"y":2}},"targets":[9],"policy":"7"}`)
	out := Writable(Overlay(cur, declared))
	want := `{"big":12345678901234567890,"name":"a","network":{"extra":{"x":1,"y":2},"ip":"0.0.0.0","port":2222},"policy":"7","targets":[9]}`
	if got := jsonText(t, out); got != want {
		t.Errorf("overlay\n got %s\nwant %s", got, want)
	}
	untouched := Writable(Overlay(cur, mustFields(t, `{"name":"b"}`)))
	if got := jsonText(t, untouched["policy"]); got != `"-100"` {
		t.Errorf("an undeclared reference is written back as %s, want its key", got)
	}
	if cur["network"].(map[string]any)["port"] != json.Number("22") || len(declared) != 3 {
		t.Error("overlay changed its inputs")
	}
}

func TestCovers(t *testing.T) {
	t.Parallel()
	got := mustFields(t, `{"name":"a","timeout":600,"n":{"a":1,"b":[1,{"c":2}]},"ref":{"key":"k1","meta":{"href":"/x/k1"}},"nul":null}`)
	for _, tc := range []struct {
		declared string
		want     bool
	}{
		{`{}`, true},
		{`{"name":"a"}`, true},
		{`{"timeout":600.0}`, true},
		{`{"timeout":601}`, false},
		{`{"n":{"a":1}}`, true},
		{`{"n":{"b":[1,{"c":2}]}}`, true},
		{`{"n":{"b":[1]}}`, false},
		{`{"n":{"b":[1,{"c":3}]}}`, false},
		{`{"ref":"k1"}`, true},
		{`{"ref":"k2"}`, false},
		{`{"ref":{"key":"k1","meta":{"href":"/elsewhere"}}}`, true},
		{`{"missing":null}`, true},
		{`{"nul":null}`, true},
		{`{"missing":1}`, false},
		{`{"name":"A"}`, false},
		{`{"name":1}`, false},
	} {
		if got := Covers(mustFields(t, tc.declared), got); got != tc.want {
			t.Errorf("Covers(%s) = %v, want %v", tc.declared, got, tc.want)
		}
	}
}

// Only the exact shape SPS uses for references becomes a key on write.
func TestWritableTouchesOnlyReferences(t *testing.T) {
	t.Parallel()
	in := mustFields(t, `{"a":{"key":"1","meta":{"href":"/x/1"},"other":true},"b":{"key":1,"meta":{"href":"/x"}},`+
		`"c":{"key":"2","meta":{}},"d":[{"key":"3","meta":{"href":"/x/3"}}]}`)
	want := `{"a":{"key":"1","meta":{"href":"/x/1"},"other":true},"b":{"key":1,"meta":{"href":"/x"}},"c":{"key":"2","meta":{}},"d":["3"]}`
	if got := jsonText(t, Writable(in)); got != want {
		t.Errorf("Writable\n got %s\nwant %s", got, want)
	}
}
