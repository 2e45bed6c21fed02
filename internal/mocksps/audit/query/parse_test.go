package query

import (
	"errors"
	"strings"
	"testing"
)

func TestParseCanonicalForm(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", "*:*"},
		{"   ", "*:*"},
		{"protocol:ssh", "protocol:ssh"},
		{"protocol: ssh", "protocol:ssh"},
		{"protocol:ssh AND verdict:accept AND NOT name:admin", "(protocol:ssh AND verdict:accept AND NOT name:admin)"},
		{"a:1 OR b:2 AND c:3", "(a:1 OR (b:2 AND c:3))"},
		{"a:1 AND b:2 OR c:3", "((a:1 AND b:2) OR c:3)"},
		{"a:1 b:2", "(a:1 OR b:2)"},                     // implicit OR
		{"a:1 NOT b:2", "(a:1 AND NOT b:2)"},            // prohibit clause
		{"a:1 OR NOT b:2", "(a:1 OR NOT b:2)"},          // explicit OR keeps NOT unary
		{"a:1 && b:2 || c:3", "((a:1 AND b:2) OR c:3)"}, // symbol synonyms
		{"NOT NOT a:1", "NOT NOT a:1"},
		{"(client.address:10.20.30.40 OR target.address:10.20.30.40) AND verdict:accept",
			"((client.address:10.20.30.40 OR target.address:10.20.30.40) AND verdict:accept)"},
		{"protocol:(ssh rdp)", "(protocol:ssh OR protocol:rdp)"},
		{"protocol:(ssh OR rdp AND vnc)", "(protocol:ssh OR (protocol:rdp AND protocol:vnc))"},
		{"protocol:(ssh (rdp vnc))", "(protocol:ssh OR (protocol:rdp OR protocol:vnc))"},
		{"name:?dmi*", "name:?dmi*"},
		{`name:a\*b`, `name:a\*b`},
		{`name:a\ b`, `name:a\ b`},
		{`server_username:"Windows User"`, `server_username:"Windows User"`},
		{`server_username:\"Windows User\"`, `server_username:"Windows User"`},
		{`server_username:\"Windows`, `server_username:\"Windows`},
		{`content:"say \"hi\""`, `content:"say \"hi\""`},
		{"port:{21 TO 23}", "port:{21 TO 23}"},
		{"start_time:[* TO 1461654799]", "start_time:[* TO 1461654799]"},
		{"port:[1 TO *}", "port:[1 TO *}"},
		{`start_time:["2017-01-01" TO 2017-01-25T10:00]`, `start_time:[2017-01-01 TO 2017-01-25T10\:00]`},
		{"start_time:2017-01-25T10:00", `start_time:2017-01-25T10\:00`},
		{"client.address:\\:\\:1", `client.address:\:\:1`},
		{"verdict:accept-terminated", "verdict:accept-terminated"},
		{"name:ANDY", "name:ANDY"},
		{"((a:1))", "a:1"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			n, err := Parse(c.in, Options{})
			if err != nil {
				t.Errorf("Parse(%q): %v", c.in, err)
				return
			}
			if got := n.String(); got != c.want {
				t.Errorf("Parse(%q) = %s, want %s", c.in, got, c.want)
			}
			// The canonical form parses back to itself.
			n2, err := Parse(n.String(), Options{})
			if err != nil {
				t.Errorf("reparse %q: %v", n.String(), err)
			} else if n2.String() != n.String() {
				t.Errorf("reparse %q = %q", n.String(), n2.String())
			}
		})
	}
}

func TestParseTermDetails(t *testing.T) {
	n, err := Parse(`name:"ad*min"`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	term := n.(*Term)
	if !term.Phrase || term.Glob != nil || term.Text != "ad*min" || term.Pos != 6 {
		t.Fatalf("phrase term = %+v", term)
	}
	n, _ = Parse(`x:1 AND name:ad\*m*`, Options{})
	term = n.(*And).Nodes[1].(*Term)
	if term.Glob == nil || term.Text != "ad*m*" || term.Pos != 14 {
		t.Fatalf("glob term = %+v", term)
	}
	if !term.Glob.Match("ad*min") || term.Glob.Match("admin") {
		t.Fatalf("escaped * must be literal, trailing * a wildcard")
	}
	r := mustParse(t, "port:{21 TO 23]").(*Range)
	if r.IncLower || !r.IncUpper || r.Lower != "21" || r.Upper != "23" || r.LowerOpen || r.UpperOpen {
		t.Fatalf("range = %+v", r)
	}
}

func TestParseDefaultField(t *testing.T) {
	n, err := Parse(`sudo "man iptables" exam* content:ls`, Options{DefaultField: "content"})
	if err != nil {
		t.Fatal(err)
	}
	want := `(content:sudo OR content:"man iptables" OR content:exam* OR content:ls)`
	if n.String() != want {
		t.Fatalf("got %s want %s", n, want)
	}
}

func TestParseErrors(t *testing.T) {
	known := func(f string) bool { return f != "bogus" }
	cases := []struct {
		in      string
		pos     int
		msgPart string
	}{
		{"protocol", 1, "without a field"},
		{"protocol:", 10, "missing value"},
		{"protocol:ssh AND", 17, "expected a clause"},
		{"protocol:ssh)", 13, "unbalanced closing"},
		{"(protocol:ssh", 1, "unclosed parenthesis"},
		{"()", 2, "empty parentheses"},
		{"bogus:1", 1, `unknown field "bogus"`},
		{"a:1 AND bogus:1", 9, `unknown field "bogus"`},
		{`name:"abc`, 6, "unterminated"},
		{`name:abc\`, 9, "backslash"},
		{"port:[1 TO", 11, "unexpected end"},
		{"port:[1 2]", 9, "expected TO"},
		{"port:[1 TO 2", 6, "unclosed range"},
		{"port:[1* TO 2]", 7, "wildcards are not allowed"},
		{"name:AND", 6, "missing value"},
		{"OR name:x", 1, "unexpected operator OR"},
		{"na*me:x", 1, "invalid field name"},
		{`name:ab"c"`, 8, "unexpected quote"},
		{"\"x\"", 1, "without a field"},
		{"é:1 AND )", 9, "unexpected closing"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, err := Parse(c.in, Options{KnownField: known})
			var qe *Error
			if !errors.As(err, &qe) {
				t.Errorf("Parse(%q) err = %v, want *Error", c.in, err)
				return
			}
			if qe.Pos != c.pos || !strings.Contains(qe.Msg, c.msgPart) {
				t.Errorf("Parse(%q) = %v (pos %d), want pos %d containing %q", c.in, qe, qe.Pos, c.pos, c.msgPart)
			}
		})
	}
}

func TestParseDepthLimit(t *testing.T) {
	deep := strings.Repeat("(", 40) + "a:1" + strings.Repeat(")", 40)
	_, err := Parse(deep, Options{})
	if err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Fatalf("deep parentheses: err = %v", err)
	}
	ok := strings.Repeat("(", 10) + "a:1" + strings.Repeat(")", 10)
	if _, err := Parse(ok, Options{}); err != nil {
		t.Fatalf("10 levels must parse: %v", err)
	}
	nots := strings.Repeat("NOT ", 100) + "a:1"
	if _, err := Parse(nots, Options{}); err == nil {
		t.Fatalf("100 NOTs must hit the depth limit")
	}
	huge := strings.Repeat("(", 1_000_000)
	if _, err := Parse(huge, Options{}); err == nil {
		t.Fatalf("a million parentheses must be rejected")
	}
}

func TestGlob(t *testing.T) {
	cases := []struct {
		pat, s string
		want   bool
	}{
		{"?dmi*", "admin", true},
		{"?dmi*", "admi", true},
		{"?dmi*", "dmin", false},
		{"*", "", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"a*bc", "abcbc", true},
		{"*ab*ab", "xabyab", true},
		{"??", "éa", true},
		{"?", "éa", false},
		{"ADM*", "admin", true}, // pattern lower-cased; subject given lower-cased
		{"a**b", "ab", true},
	}
	for _, c := range cases {
		t.Run(c.pat+" "+c.s, func(t *testing.T) {
			if got := NewGlob(c.pat).Match(c.s); got != c.want {
				t.Errorf("glob %q match %q = %v, want %v", c.pat, c.s, got, c.want)
			}
		})
	}
	if !NewGlob("*x").LeadingWildcard() || NewGlob("x*").LeadingWildcard() {
		t.Errorf("LeadingWildcard wrong")
	}
}

func mustParse(t *testing.T, s string) Node {
	t.Helper()
	n, err := Parse(s, Options{})
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return n
}
