package configobject

import (
	"testing"
)

// FuzzBodyJSON feeds any bytes as an SPS answer: no panic; what Value
// accepts encodes back to the same document; and the answer, written as a
// configuration would write it, projects onto itself (a configuration made
// by -generate-config-out plans empty).
func FuzzBodyJSON(f *testing.F) {
	for _, seed := range []string{
		sshConnection,
		`{"a":{"key":"k","meta":{"href":"h"}},"b":[{"key":"k2","meta":{}}],"c":null,"d":1e-7}`,
		`{"":{"":[[],{}]},"\u0000":"\ud800","n":-0,"big":1e400}`,
		`[1,"2",[3],{"4":5}]`, `"x"`, `null`, `{"a":1,"a":2}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		remote, err := Decode(raw)
		if err != nil {
			return
		}
		held, err := Value(remote, AsSPSHoldsIt)
		if err != nil {
			return
		}
		out, err := Encode(held, "body")
		if err != nil {
			t.Fatalf("Encode of an accepted value: %v", err)
		}
		back, err := Decode(out)
		if err != nil {
			t.Fatalf("Decode of Encode's output %q: %v", out, err)
		}
		if !equalTrees(remote, back) {
			t.Fatalf("round trip changed %q into %q", raw, out)
		}
		written, err := Value(remote, AsWritten)
		if err != nil {
			t.Fatalf("AsWritten refused what AsSPSHoldsIt took: %v", err)
		}
		projected, err := Project(remote, written)
		if err != nil {
			t.Fatalf("Project onto its own written form: %v", err)
		}
		if !projected.Equal(written) {
			t.Fatalf("%q does not project onto its own written form:\n%v\n%v", raw, projected, written)
		}
	})
}
