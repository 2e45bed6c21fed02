package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

type sample struct {
	Path   string          `json:"path"`
	Source string          `json:"source"`
	Body   json.RawMessage `json:"body"`
}

func samples(t testing.TB) map[string]sample {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "samples", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	out := map[string]sample{}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var s sample
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if s.Path == "" || s.Source == "" {
			t.Fatalf("%s: a sample names its path and where the vendor shows it", file)
		}
		out[filepath.Base(file)] = s
	}
	return out
}

// TestVendorSamplesPass: every body the vendor shows passes its family's
// check, without a warning.
func TestVendorSamplesPass(t *testing.T) {
	for name, s := range samples(t) {
		f := family(t, s.Path)
		if vs := f.CheckShape(decode(t, string(s.Body)), Whole); len(vs) > 0 {
			t.Errorf("%s (%s) fails: %v", name, s.Source, vs)
		}
	}
}

// TestTypedCandidatesHaveSamples: each family the provider can offer typed
// is checked against vendor samples, in every documented shape.
func TestTypedCandidatesHaveSamples(t *testing.T) {
	covered := map[string]bool{}
	for _, s := range samples(t) {
		f := family(t, s.Path)
		v, _ := f.variantFor(decode(t, string(s.Body)))
		covered[f.ID+"/"+v.name] = true
	}
	for _, f := range Families() {
		if f.Offer != OfferTyped {
			continue
		}
		for _, shape := range f.Shapes() {
			if !covered[f.ID+"/"+shape] {
				t.Errorf("%s (%s): no vendor sample", f.ID, shape)
			}
		}
	}
}
