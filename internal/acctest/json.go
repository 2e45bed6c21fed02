package acctest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func jsonEqual(what string, got map[string]any, wantJSON string) error {
	var want map[string]any
	if err := json.Unmarshal([]byte(wantJSON), &want); err != nil {
		return fmt.Errorf("bad expected JSON in test: %w", err)
	}
	if !reflect.DeepEqual(got, want) {
		gotJSON, _ := json.Marshal(got)
		wantNorm, _ := json.Marshal(want)
		return fmt.Errorf("mock %s:\n got: %s\nwant: %s", what, gotJSON, wantNorm)
	}
	return nil
}

// MustJSON is for building out-of-band bodies in PreConfig functions.
func MustJSON(t *testing.T, s string) json.RawMessage {
	t.Helper()
	if !json.Valid([]byte(s)) {
		t.Fatalf("invalid JSON in test: %s", s)
	}
	return json.RawMessage(s)
}

// ExpectError builds an ExpectError pattern from a phrase. Terraform wraps
// diagnostics at about 80 columns, so every space in the phrase matches any
// run of whitespace, line breaks included.
func ExpectError(phrase string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(phrase, " ", `\s+`))
}

// MustMarshal renders v as JSON for a failure message.
func MustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	return string(b)
}

// NormJSON round-trips v through JSON (numbers become float64) and drops
// null object members, the way the mock stores bodies.
func NormJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return PruneNulls(out)
}

// PruneNulls drops the null members of every object in v, in place.
func PruneNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if x == nil {
				delete(t, k)
				continue
			}
			t[k] = PruneNulls(x)
		}
	case []any:
		for i := range t {
			t[i] = PruneNulls(t[i])
		}
	}
	return v
}
