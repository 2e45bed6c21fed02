package jsondoc

import (
	"strings"
	"testing"
	"time"
)

// AppendString escapes like encoding/json without HTML escaping, hostile
// text included.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain", `quote " and \ back`, "ctrl \x00\x01\x1f\t\n\r", "bad utf8 \xff\xfe", "sep \u2028\u2029",
		"<script>alert(1)</script> & co", "ünïcödé ✓", strings.Repeat("x", 300)} {
		want := string(Marshal(s))
		if got := string(AppendString(nil, s)); got != want {
			t.Errorf("%q: %s, want %s", s, got, want)
		}
	}
}

// Emit replays a decoded document with sorted keys and numbers as
// written, which Canonical relies on.
func TestCanonical(t *testing.T) {
	t.Parallel()
	v, err := Decode([]byte(`{"b": [1, 2.50, {"z": null, "a": true}], "a": "x", "n": 12345678901234567890}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(Canonical(v)), `{"a":"x","b":[1,2.50,{"a":true,"z":null}],"n":12345678901234567890}`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if err := Emit(NewWriter(0), "", int64(1)); err == nil {
		t.Fatal("an int64 (not a decoded value) was accepted")
	}
}

// FormatMillis writes SPS's layout; ParseMillis reads it back and refuses
// anything else.
func TestMillisRoundTrip(t *testing.T) {
	t.Parallel()
	for _, ms := range []int64{0, 1, 1_715_960_000_123, -1_000, 253_402_300_799_999} {
		s := FormatMillis(ms)
		if want := time.UnixMilli(ms).UTC().Format(Layout); s != want {
			t.Errorf("%d: %s, want %s", ms, s, want)
		}
		if back, ok := ParseMillis(s); !ok || back != ms {
			t.Errorf("%s: read back %d %v", s, back, ok)
		}
	}
	for _, s := range []string{"2024-02-30T00:00:00.000Z", "2024-05-17T15:30:00Z", "2024-05-17T15:30:00.000+01:00", "x"} {
		if _, ok := ParseMillis(s); ok {
			t.Errorf("%q was read", s)
		}
	}
}
