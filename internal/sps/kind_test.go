package sps

import (
	"errors"
	"testing"
)

// Every kind has a sample, and KindOf decides each sample's kind; wrapping
// does not change it.
func TestKindOf(t *testing.T) {
	t.Parallel()
	samples := SampleErrors()
	for _, k := range Kinds() {
		err, ok := samples[k]
		if !ok {
			t.Errorf("no sample error of kind %v", k)
			continue
		}
		if got := KindOf(err); got != k {
			t.Errorf("KindOf(%q) = %v, want %v", err, got, k)
		}
		if got := KindOf(errors.Join(errors.New("context"), err)); got != k {
			t.Errorf("KindOf(wrapped %q) = %v, want %v", err, got, k)
		}
		if k.String() == "unknown" {
			t.Errorf("kind %d has no name", k)
		}
	}
	if len(samples) != len(Kinds()) {
		t.Errorf("%d samples for %d kinds", len(samples), len(Kinds()))
	}
	if KindOf(nil) != KindOther || KindOf(errors.New("EOF")) != KindOther {
		t.Error("plain errors are KindOther")
	}
}
