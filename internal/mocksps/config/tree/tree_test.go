package tree

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

func TestReferences(t *testing.T) {
	const key, href = "k1", Root + "/policies/time_policies/k1"
	cases := []struct {
		body string
		want bool
	}{
		{`{"time_policy":"k1"}`, true},
		{`{"rules":[{"a":["x","k1"]}]}`, true},
		{`{"p":{"key":"k1","meta":{"href":"` + href + `"}}}`, true},
		{`{"p":{"key":"k1","meta":{"href":"` + href + `/"}}}`, true},
		// The same key in another list is another object.
		{`{"p":{"key":"k1","meta":{"href":"` + Root + `/policies/userlists/k1"}}}`, false},
		{`{"k1":"field names do not count"}`, false},
		{`{"name":"k10"}`, false},
		{`{"n":1}`, false},
		{`not json "k1"`, false},
	}
	for _, tc := range cases {
		if got := references(json.RawMessage(tc.body), key, href); got != tc.want {
			t.Errorf("references(%s) = %v, want %v", tc.body, got, tc.want)
		}
	}
}

func TestResolve(t *testing.T) {
	tab := TableFor("audit")
	cases := []struct{ path, family, key string }{
		{Root, "", ""},
		{Root + "/ssh", "ssh", ""},
		{Root + "/ssh/connections", "ssh/connections", ""},
		{Root + "/ssh/connections/abc", "ssh/connections", "abc"},
		{Root + "/aaa/local_database/groups/g", "aaa/local_database/groups", "g"},
		{Root + "/alerting", "alerting", ""},
	}
	for _, tc := range cases {
		f, key, ok := tab.resolve(tc.path)
		if !ok || f.Path != tc.family || key != tc.key {
			t.Errorf("resolve(%s) = %v %q %v", tc.path, f, key, ok)
		}
	}
	for _, p := range []string{"/api", Root + "x", Root + "/ssh/options/x", Root + "/ssh/connections/a/b", Root + "/ssh//x", Root + "//ssh", Root + "/nope", Root + "/"} {
		if f, key, ok := tab.resolve(p); ok {
			t.Errorf("resolve(%s) = %s %q, want nothing", p, f.Path, key)
		}
	}
	for _, p := range []string{"ssh/connections", "/api/configuration/ssh/connections/", Root + "/ssh/connections"} {
		if f, ok := tab.Lookup(p); !ok || f.Path != "ssh/connections" {
			t.Errorf("Lookup(%s)", p)
		}
	}
}

// Every family is reachable from the root, every list and singleton has a
// noun for its messages, and every seed is a valid body of its family.
func TestTableIsConsistent(t *testing.T) {
	for _, shape := range []string{"audit", "legacy"} {
		tab := TableFor(shape)
		st := transaction.NewState()
		Seed(st, shape)
		seen := 0
		var walk func(f *Family)
		walk = func(f *Family) {
			seen++
			for _, c := range f.Children() {
				walk(c)
			}
		}
		root, _ := tab.Lookup("")
		walk(root)
		if seen != len(tab.Families()) {
			t.Fatalf("%d families reachable from the root of %d", seen, len(tab.Families()))
		}
		for _, f := range tab.Families() {
			if (f.Kind == List || f.Kind == Singleton) && f.Noun == "" {
				t.Errorf("%s has no noun", f.Path)
			}
			if f.Kind == Directory && len(f.Children()) == 0 {
				t.Errorf("directory %s is empty", f.Path)
			}
			for _, e := range f.Seed {
				v, err := decodeBody(e.Body)
				if err != nil {
					t.Fatalf("%s seed %s: %v", f.Path, e.Key, err)
				}
				if _, fe := validate(f, v); fe != nil {
					t.Errorf("%s seed %q (%s) fails its own validation: %v", f.Path, e.Key, shape, fe)
				}
				if e.Key != "" && CheckKey(e.Key) != nil {
					t.Errorf("%s seed key %q is not a usable key", f.Path, e.Key)
				}
			}
			for _, r := range f.Refs {
				if tf, ok := tab.Lookup(r.Target); !ok || tf.Kind != List {
					t.Errorf("%s refers to %s, which is not a list", f.Path, r.Target)
				}
			}
		}
	}
}

func TestKeyGen(t *testing.T) {
	now := func() time.Time { return time.Unix(0x5707e257, 0) }
	a, b := newKeyGen(3, now), newKeyGen(3, now)
	never := func(string) bool { return false }
	for range 5 {
		ka, kb := a.next(false, never), b.next(false, never)
		if ka != kb || !strings.Contains(ka, "5707e257") || CheckKey(ka) != nil {
			t.Fatalf("keys %s %s", ka, kb)
		}
	}
	// A key in use is skipped.
	c := newKeyGen(3, now)
	first := c.next(false, never)
	d := newKeyGen(3, now)
	if got := d.next(false, func(k string) bool { return k == first }); got == first {
		t.Fatal("a used key was handed out")
	}
	if u := a.next(true, never); len(u) != 36 || CheckKey(u) != nil {
		t.Fatalf("uuid %s", u)
	}
}

func decodeBody(b json.RawMessage) (any, error) {
	var v any
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	return v, dec.Decode(&v)
}
