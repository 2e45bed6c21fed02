// Package query parses the SPS session-search query language: the Lucene-like
// syntax accepted by the ?q= parameter of /api/audit/sessions, its stats and
// histogram siblings, the per-session events filter and the content search.
//
// Supported syntax:
//
//	field:value                 a term; values compare case-insensitively
//	field:"a phrase"            a quoted phrase (no wildcards inside)
//	field:\"a phrase\"          the vendor docs' escaped-quote spelling of the same
//	field:(a b)                 value group: a OR b (AND / OR / NOT allowed inside)
//	field:ab*  field:?dmin      * (any run) and ? (one character) wildcards
//	field:[a TO b] field:{a TO b}   inclusive / exclusive ranges, * = unbounded,
//	                            mixed brackets ([a TO b}) allowed
//	x AND y, x OR y, x AND NOT y, NOT x, (x), && and || as synonyms
//	\c                          backslash escapes any character
//
// Precedence is NOT over AND over OR; two clauses side by side with no operator
// are ORed (Lucene's default operator). Keywords must be upper case. A colon
// inside a value needs no escape (times such as 2017-01-25T10:00 and IPv6
// addresses are common values); only the first colon of a clause separates the
// field name. Nesting of parentheses and NOT is limited (Options.MaxDepth) so a
// hostile query cannot exhaust the stack.
//
// The parser only builds the tree; evaluating it against documents is the
// caller's job (the audit store evaluates against its inverted index, the
// events endpoint against single event objects).
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
