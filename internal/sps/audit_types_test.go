package sps

import (
	"encoding/json"
	"fmt"
	"testing"
)

// jsonString's fast path must agree with encoding/json on every input it
// accepts, and hand everything else to encoding/json.
func TestJSONStringMatchesEncodingJSON(t *testing.T) {
	cases := []string{
		`""`,
		`"ssh"`,
		`"svc/5GcQ/ssh:2"`,
		`"2024-05-10T12:00:00.000+00:00"`,
		`"Gáspár"`,             // valid UTF-8: fast path
		`"a\"b"`,               // escaped quote
		`"C:\\temp\\x"`,        // escaped backslashes
		`"line\nbreak"`,        // escape sequence
		`"\u00e9t\u00e9"`,      // unicode escapes
		"\"bad \xff utf8\"",    // invalid UTF-8 → U+FFFD, as encoding/json does
		"\"tab\there\"",        // raw control character: invalid JSON
		`"unterminated`,        // invalid JSON
		`"\ud83d\ude00 emoji"`, // surrogate pair
	}
	for _, in := range cases {
		t.Run(fmt.Sprintf("%q", in), func(t *testing.T) {
			var want string
			wantErr := json.Unmarshal([]byte(in), &want)
			got, err := jsonString([]byte(in))
			if (err != nil) != (wantErr != nil) {
				t.Errorf("jsonString(%q) error = %v, encoding/json error = %v", in, err, wantErr)
				return
			}
			if err == nil && got != want {
				t.Errorf("jsonString(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

// The fast path also serves flexString and flexInt inside documents.
func TestFlexDecodingWithJSONString(t *testing.T) {
	var v struct {
		A flexString `json:"a"`
		B flexString `json:"b"`
		N flexInt    `json:"n"`
	}
	if err := json.Unmarshal([]byte(`{"a": "plain", "b": "esc\"aped\u0021", "n": "42"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != "plain" || v.B != `esc"aped!` || v.N != 42 {
		t.Fatalf("decoded %+v", v)
	}
}
