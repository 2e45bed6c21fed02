package query

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultMaxDepth bounds nesting of parentheses, value groups and NOT.
const DefaultMaxDepth = 32

// Options tune the parser for one endpoint.
type Options struct {
	// DefaultField is used for clauses written without "field:". When empty,
	// such clauses are a syntax error (session search needs explicit fields;
	// content search sets "content").
	DefaultField string
	// KnownField reports whether a field name may be used. nil accepts all.
	KnownField func(name string) bool
	// MaxDepth bounds nesting; 0 means DefaultMaxDepth.
	MaxDepth int
}

// Error is a syntax or validation error with the position of the offending
// token, so the API can point the caller at the problem.
type Error struct {
	Pos   int    // 1-based character (not byte) position in the query
	Token string // the offending token, "" at end of input
	Msg   string
}

func (e *Error) Error() string {
	if e.Token == "" {
		return fmt.Sprintf("%s at position %d", e.Msg, e.Pos)
	}
	return fmt.Sprintf("%s at position %d (near %q)", e.Msg, e.Pos, e.Token)
}

// Parse parses src. An empty or blank query yields MatchAll.
func Parse(src string, opts Options) (Node, error) {
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	p := &parser{src: src, opts: opts}
	p.skipSpace()
	if p.eof() {
		return MatchAll{}, nil
	}
	n, err := p.parseOr("")
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !p.eof() {
		tok := p.peekToken()
		if p.src[p.pos] == ')' {
			return nil, p.errAt(p.pos, tok, "unbalanced closing parenthesis")
		}
		return nil, p.errAt(p.pos, tok, "unexpected token")
	}
	return n, nil
}

type parser struct {
	src   string
	pos   int // byte offset
	depth int
	opts  Options
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		r, w := utf8.DecodeRuneInString(p.src[p.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		p.pos += w
	}
}

// errAt builds an Error at byte offset off.
func (p *parser) errAt(off int, tok, msg string) error {
	if off > len(p.src) {
		off = len(p.src)
	}
	return &Error{Pos: utf8.RuneCountInString(p.src[:off]) + 1, Token: tok, Msg: msg}
}

func (p *parser) enter(off int) error {
	p.depth++
	if p.depth > p.opts.MaxDepth {
		return p.errAt(off, p.peekTokenAt(off), fmt.Sprintf("query nested too deeply (more than %d levels)", p.opts.MaxDepth))
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// isDelim reports whether r ends a bare word.
func isDelim(r rune, allowColon bool) bool {
	switch r {
	case '(', ')', '[', ']', '{', '}', '"':
		return true
	case ':':
		return !allowColon
	}
	return unicode.IsSpace(r)
}

// peekToken returns the raw text of the token at the current position (for
// error messages only).
func (p *parser) peekToken() string { return p.peekTokenAt(p.pos) }

func (p *parser) peekTokenAt(off int) string {
	if off >= len(p.src) {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(p.src[off:]); isDelim(r, false) && !unicode.IsSpace(r) {
		return string(r)
	}
	end := off
	for end < len(p.src) {
		r, w := utf8.DecodeRuneInString(p.src[end:])
		if isDelim(r, false) {
			break
		}
		if r == '\\' && end+w < len(p.src) {
			_, w2 := utf8.DecodeRuneInString(p.src[end+w:])
			w += w2
		}
		end += w
	}
	tok := p.src[off:end]
	if len(tok) > 40 {
		tok = tok[:40] + "…"
	}
	return tok
}

// keywordAt reports which operator keyword (AND, OR, NOT, &&, ||) starts at
// the current position, if any. A keyword must be a whole bare word.
func (p *parser) keywordAt() string {
	for _, kw := range [...]string{"AND", "OR", "NOT", "&&", "||"} {
		if !strings.HasPrefix(p.src[p.pos:], kw) {
			continue
		}
		end := p.pos + len(kw)
		if end == len(p.src) {
			return kw
		}
		r, _ := utf8.DecodeRuneInString(p.src[end:])
		if isDelim(r, false) {
			return kw
		}
	}
	return ""
}

// atClauseStart reports whether another clause follows (for implicit OR).
func (p *parser) atClauseStart() bool {
	if p.eof() {
		return false
	}
	if p.src[p.pos] == ')' {
		return false
	}
	kw := p.keywordAt()
	return kw == "" || kw == "NOT"
}

// parseList parses operands joined by one operator: operand parses each,
// joined consumes the operator after an operand (or recognizes an implicit
// one) and reports whether another operand follows. A single operand is
// returned as it is, several as combine(operands).
func (p *parser) parseList(field string, operand func(string) (Node, error), joined func(kw string) bool, combine func([]Node) Node) (Node, error) {
	first, err := operand(field)
	if err != nil {
		return nil, err
	}
	nodes := []Node{first}
	for {
		p.skipSpace()
		if !joined(p.keywordAt()) {
			if len(nodes) == 1 {
				return first, nil
			}
			return combine(nodes), nil
		}
		n, err := operand(field)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
}

func (p *parser) parseOr(field string) (Node, error) {
	return p.parseList(field, p.parseAnd, func(kw string) bool {
		if kw == "OR" || kw == "||" {
			p.pos += len(kw)
			return true
		}
		// implicit operator: OR, as in Lucene
		return p.atClauseStart()
	}, func(nodes []Node) Node { return &Or{Nodes: nodes} })
}

func (p *parser) parseAnd(field string) (Node, error) {
	return p.parseList(field, p.parseUnary, func(kw string) bool {
		switch kw {
		case "AND", "&&":
			p.pos += len(kw)
			return true
		case "NOT":
			// "a NOT b" means a AND NOT b, as Lucene's prohibit clause does;
			// parseUnary consumes the NOT.
			return true
		}
		return false
	}, func(nodes []Node) Node { return &And{Nodes: nodes} })
}

func (p *parser) parseUnary(field string) (Node, error) {
	p.skipSpace()
	if p.keywordAt() == "NOT" {
		start := p.pos
		p.pos += len("NOT")
		if err := p.enter(start); err != nil {
			return nil, err
		}
		n, err := p.parseUnary(field)
		p.leave()
		if err != nil {
			return nil, err
		}
		return &Not{Node: n}, nil
	}
	return p.parsePrimary(field)
}

func (p *parser) parsePrimary(field string) (Node, error) {
	p.skipSpace()
	if p.eof() {
		return nil, p.errAt(p.pos, "", "unexpected end of query, expected a clause")
	}
	switch c := p.src[p.pos]; c {
	case '(':
		return p.parseGroup(field)
	case ')':
		return nil, p.errAt(p.pos, ")", "unexpected closing parenthesis, expected a clause")
	case ']', '}':
		return nil, p.errAt(p.pos, string(c), "unexpected range bracket")
	}
	if kw := p.keywordAt(); kw != "" {
		return nil, p.errAt(p.pos, kw, "unexpected operator "+kw+", expected a clause")
	}
	if field != "" {
		// Inside a value group: only values for that field.
		return p.parseValue(field)
	}
	c := p.src[p.pos]
	if c == '"' || c == '[' || c == '{' || strings.HasPrefix(p.src[p.pos:], `\"`) {
		if p.opts.DefaultField == "" {
			return nil, p.errAt(p.pos, p.peekToken(), "value without a field name (write field:value)")
		}
		return p.parseValue(p.opts.DefaultField)
	}
	// A field name, or a bare value when the endpoint has a default field.
	start := p.pos
	w, err := p.readWord(false)
	if err != nil {
		return nil, err
	}
	if !p.eof() && p.src[p.pos] == ':' {
		if w.raw == "*" && strings.HasPrefix(p.src[p.pos:], ":*") &&
			(p.pos+2 == len(p.src) || isDelim(rune(p.src[p.pos+2]), false)) {
			p.pos += 2 // Lucene's match-all idiom *:*
			return MatchAll{}, nil
		}
		if w.wild || w.text == "" {
			return nil, p.errAt(start, w.raw, "invalid field name")
		}
		if p.opts.KnownField != nil && !p.opts.KnownField(w.text) {
			return nil, p.errAt(start, w.raw, fmt.Sprintf("unknown field %q", w.text))
		}
		p.pos++ // ':'
		p.skipSpace()
		if p.eof() {
			return nil, p.errAt(p.pos, "", fmt.Sprintf("missing value for field %q", w.text))
		}
		return p.parseValue(w.text)
	}
	if p.opts.DefaultField == "" {
		return nil, p.errAt(start, w.raw, "value without a field name (write field:value)")
	}
	// Re-read as a value (colons allowed) for the default field.
	p.pos = start
	return p.parseValue(p.opts.DefaultField)
}

func (p *parser) parseGroup(field string) (Node, error) {
	start := p.pos
	if err := p.enter(start); err != nil {
		return nil, err
	}
	defer p.leave()
	p.pos++ // '('
	p.skipSpace()
	if !p.eof() && p.src[p.pos] == ')' {
		return nil, p.errAt(p.pos, ")", "empty parentheses")
	}
	n, err := p.parseOr(field)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.eof() {
		return nil, p.errAt(start, "(", "unclosed parenthesis")
	}
	if p.src[p.pos] != ')' {
		return nil, p.errAt(p.pos, p.peekToken(), "expected closing parenthesis")
	}
	p.pos++
	return n, nil
}

// parseValue reads what follows "field:".
func (p *parser) parseValue(field string) (Node, error) {
	p.skipSpace()
	if p.eof() {
		return nil, p.errAt(p.pos, "", fmt.Sprintf("missing value for field %q", field))
	}
	start := p.pos
	switch c := p.src[p.pos]; c {
	case '(':
		return p.parseGroup(field)
	case '"':
		text, err := p.readPhrase()
		if err != nil {
			return nil, err
		}
		return &Term{Field: field, Text: text, Phrase: true, Pos: p.runePos(start)}, nil
	case '[', '{':
		return p.parseRange(field)
	case ')', ']', '}':
		return nil, p.errAt(p.pos, string(c), fmt.Sprintf("missing value for field %q", field))
	}
	if kw := p.keywordAt(); kw != "" {
		return nil, p.errAt(p.pos, kw, fmt.Sprintf("missing value for field %q (found operator %s)", field, kw))
	}
	if strings.HasPrefix(p.src[p.pos:], `\"`) {
		// The vendor docs write field:\"Windows User\" for a phrase; honor it
		// when a closing \" exists, otherwise it is a literal quote character.
		if end := strings.Index(p.src[p.pos+2:], `\"`); end >= 0 {
			text := p.src[p.pos+2 : p.pos+2+end]
			p.pos += 2 + end + 2
			return &Term{Field: field, Text: unescape(text), Phrase: true, Pos: p.runePos(start)}, nil
		}
	}
	w, err := p.readWord(true)
	if err != nil {
		return nil, err
	}
	if w.raw == "" {
		return nil, p.errAt(start, p.peekTokenAt(start), fmt.Sprintf("missing value for field %q", field))
	}
	if !p.eof() && p.src[p.pos] == '"' {
		return nil, p.errAt(p.pos, `"`, "unexpected quote inside a value (escape it as \\\")")
	}
	t := &Term{Field: field, Text: w.text, Pos: p.runePos(start)}
	if w.wild {
		t.Glob = w.glob
	}
	return t, nil
}

func (p *parser) runePos(off int) int { return utf8.RuneCountInString(p.src[:off]) + 1 }

func (p *parser) parseRange(field string) (Node, error) {
	start := p.pos
	r := &Range{Field: field, IncLower: p.src[p.pos] == '[', Pos: p.runePos(start)}
	p.pos++
	lower, lowerOpen, err := p.readBound(field)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !strings.HasPrefix(p.src[p.pos:], "TO") || (p.pos+2 < len(p.src) && !isDelim(rune(p.src[p.pos+2]), false)) {
		return nil, p.errAt(p.pos, p.peekToken(), "expected TO in range")
	}
	p.pos += 2
	upper, upperOpen, err := p.readBound(field)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.eof() {
		return nil, p.errAt(start, string(p.src[start]), "unclosed range")
	}
	switch p.src[p.pos] {
	case ']':
		r.IncUpper = true
	case '}':
	default:
		return nil, p.errAt(p.pos, p.peekToken(), "expected ] or } to close the range")
	}
	p.pos++
	r.Lower, r.LowerOpen, r.Upper, r.UpperOpen = lower, lowerOpen, upper, upperOpen
	return r, nil
}

func (p *parser) readBound(field string) (string, bool, error) {
	p.skipSpace()
	if p.eof() {
		return "", false, p.errAt(p.pos, "", "unexpected end of query inside range")
	}
	start := p.pos
	switch p.src[p.pos] {
	case '"':
		s, err := p.readPhrase()
		return s, false, err
	case ']', '}', '[', '{', '(', ')':
		return "", false, p.errAt(p.pos, string(p.src[p.pos]), "missing range bound")
	}
	w, err := p.readWord(true)
	if err != nil {
		return "", false, err
	}
	if w.raw == "*" {
		return "", true, nil
	}
	if w.wild {
		return "", false, p.errAt(start, w.raw, fmt.Sprintf("wildcards are not allowed in a range bound of %q", field))
	}
	if w.raw == "TO" {
		return "", false, p.errAt(start, w.raw, "missing range bound")
	}
	return w.text, false, nil
}

// readPhrase reads a double-quoted string starting at p.pos; backslash escapes
// any character inside.
func (p *parser) readPhrase() (string, error) {
	start := p.pos
	p.pos++ // opening quote
	var b strings.Builder
	for p.pos < len(p.src) {
		r, w := utf8.DecodeRuneInString(p.src[p.pos:])
		switch r {
		case '"':
			p.pos += w
			return b.String(), nil
		case '\\':
			if p.pos+w >= len(p.src) {
				return "", p.errAt(p.pos, `\`, "backslash at end of query escapes nothing")
			}
			r2, w2 := utf8.DecodeRuneInString(p.src[p.pos+w:])
			b.WriteRune(r2)
			p.pos += w + w2
			continue
		}
		b.WriteRune(r)
		p.pos += w
	}
	return "", p.errAt(start, `"`, "unterminated quoted phrase")
}

type word struct {
	raw  string // as written
	text string // escapes removed
	wild bool
	glob *Glob
}

// readWord reads a bare word. Unescaped * and ? are wildcards.
func (p *parser) readWord(allowColon bool) (word, error) {
	start := p.pos
	var text strings.Builder
	var gb globBuilder
	for p.pos < len(p.src) {
		r, w := utf8.DecodeRuneInString(p.src[p.pos:])
		if isDelim(r, allowColon) {
			break
		}
		switch r {
		case '\\':
			if p.pos+w >= len(p.src) {
				return word{}, p.errAt(p.pos, `\`, "backslash at end of query escapes nothing")
			}
			r2, w2 := utf8.DecodeRuneInString(p.src[p.pos+w:])
			text.WriteRune(r2)
			gb.literal(r2)
			p.pos += w + w2
			continue
		case '*', '?':
			text.WriteRune(r)
			gb.wildcard(r)
		default:
			text.WriteRune(r)
			gb.literal(r)
		}
		p.pos += w
	}
	raw := p.src[start:p.pos]
	wd := word{raw: raw, text: text.String(), wild: gb.wild}
	if gb.wild {
		wd.glob = gb.build(raw)
	}
	return wd, nil
}

// unescape removes backslash escapes.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	esc := false
	for _, r := range s {
		if !esc && r == '\\' {
			esc = true
			continue
		}
		esc = false
		b.WriteRune(r)
	}
	return b.String()
}
