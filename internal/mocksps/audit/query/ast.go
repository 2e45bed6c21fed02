package query

import (
	"strings"
	"unicode"
)

// Node is one element of a parsed query.
type Node interface {
	// String renders the node back in a canonical, fully parenthesised form
	// (used by tests and error messages).
	String() string
	node()
}

// MatchAll is the empty query: every document matches.
type MatchAll struct{}

// And matches documents matched by every child.
type And struct{ Nodes []Node }

// Or matches documents matched by at least one child.
type Or struct{ Nodes []Node }

// Not matches documents the child does not match.
type Not struct{ Node Node }

// Term is field:value, field:"phrase" or field:pat*tern.
type Term struct {
	Field  string // field name exactly as written (aliases are resolved by the caller)
	Text   string // the value with escapes removed; wildcard characters kept literally
	Glob   *Glob  // non-nil when the value has unescaped * or ? wildcards
	Phrase bool   // the value was quoted
	Pos    int    // 1-based character position of the value in the query
}

// Range is field:[lower TO upper] with inclusive ([ ]) or exclusive ({ }) ends.
type Range struct {
	Field                string
	Lower, Upper         string // bounds with escapes removed; empty when unbounded
	LowerOpen, UpperOpen bool   // the bound was *
	IncLower, IncUpper   bool
	Pos                  int // 1-based character position of the opening bracket
}

func (MatchAll) node() {}
func (*And) node()     {}
func (*Or) node()      {}
func (*Not) node()     {}
func (*Term) node()    {}
func (*Range) node()   {}

func (MatchAll) String() string { return "*:*" }

func (n *And) String() string { return joinNodes(n.Nodes, " AND ") }
func (n *Or) String() string  { return joinNodes(n.Nodes, " OR ") }
func (n *Not) String() string { return "NOT " + n.Node.String() }

func (t *Term) String() string {
	switch {
	case t.Phrase:
		return escapeValue(t.Field) + ":" + quotePhrase(t.Text)
	case t.Glob != nil:
		return escapeValue(t.Field) + ":" + t.Glob.String()
	default:
		return escapeValue(t.Field) + ":" + escapeValue(t.Text)
	}
}

func (r *Range) String() string {
	var b strings.Builder
	b.WriteString(escapeValue(r.Field))
	b.WriteString(":")
	if r.IncLower {
		b.WriteByte('[')
	} else {
		b.WriteByte('{')
	}
	if r.LowerOpen {
		b.WriteByte('*')
	} else {
		b.WriteString(escapeValue(r.Lower))
	}
	b.WriteString(" TO ")
	if r.UpperOpen {
		b.WriteByte('*')
	} else {
		b.WriteString(escapeValue(r.Upper))
	}
	if r.IncUpper {
		b.WriteByte(']')
	} else {
		b.WriteByte('}')
	}
	return b.String()
}

func joinNodes(nodes []Node, sep string) string {
	parts := make([]string, len(nodes))
	for i, n := range nodes {
		parts[i] = n.String()
	}
	return "(" + strings.Join(parts, sep) + ")"
}

// escapeValue backslash-escapes the characters that would otherwise be read
// as syntax, so String() output parses back to the same tree.
func escapeValue(s string) string {
	if s == "" {
		return `""` // only a quoted empty string reads back as an empty value
	}
	var b strings.Builder
	switch s {
	case "AND", "OR", "NOT", "&&", "||", "TO":
		b.WriteByte('\\') // a bare keyword would be read as an operator
	}
	for _, r := range s {
		if strings.ContainsRune(specialChars, r) || unicode.IsSpace(r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// specialChars are the characters that end a word or have a meaning of their own.
const specialChars = `()[]{}":\*?`

// quotePhrase quotes s the way the parser reads phrases back: only the quote
// and the backslash need escaping.
func quotePhrase(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
