package query

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzParseQuery checks that the parser never panics, reports errors as
// *Error with a position inside the query, and that every accepted query's
// canonical form parses back to the same canonical form.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"protocol:ssh",
		"protocol:ssh AND verdict:accept AND NOT name:admin",
		"(client.address:10.20.30.40 OR target.address:10.20.30.40) AND verdict:accept",
		"protocol:(ssh rdp)",
		"name:?dmi*",
		`server_username:\"Windows User\"`,
		"port:{21 TO 23}",
		"start_time:[* TO 1461654799]",
		`a:"x \" y" OR b:[1 TO *}`,
		"((((a:1))))",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s, Options{MaxDepth: 8})
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("error is %T, want *Error", err)
			}
			if qe.Pos < 1 || qe.Pos > utf8.RuneCountInString(s)+1 {
				t.Fatalf("position %d outside query of %d characters", qe.Pos, utf8.RuneCountInString(s))
			}
			return
		}
		if !utf8.ValidString(s) {
			return // invalid UTF-8 is read as U+FFFD and does not round-trip byte for byte
		}
		canon := n.String()
		n2, err := Parse(canon, Options{MaxDepth: 64})
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", canon, s, err)
		}
		if n2.String() != canon {
			t.Fatalf("canonical form not stable: %q -> %q", canon, n2.String())
		}
	})
}
