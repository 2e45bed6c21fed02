package query

import (
	"strings"
	"unicode/utf8"
)

// Glob is a compiled wildcard pattern: * matches any run of characters
// (including none), ? exactly one character. Matching is case-insensitive: the
// pattern is stored lower-cased and Match expects a lower-cased subject.
type Glob struct {
	parts []globPart
	src   string // the pattern as written, escapes preserved, for String()
}

type globKind uint8

const (
	globLit globKind = iota
	globOne
	globAny
)

type globPart struct {
	kind globKind
	lit  string // lower-cased literal for globLit
}

// String renders the pattern back with escapes.
func (g *Glob) String() string { return g.src }

// LeadingWildcard reports whether the pattern starts with * (content search
// refuses those, as SPS does).
func (g *Glob) LeadingWildcard() bool { return len(g.parts) > 0 && g.parts[0].kind == globAny }

// Literals returns the literal runs of the pattern (lower-cased), used to
// decide how a content-search pattern should be applied.
func (g *Glob) Literals() []string {
	var out []string
	for _, p := range g.parts {
		if p.kind == globLit {
			out = append(out, p.lit)
		}
	}
	return out
}

// Match reports whether the lower-cased subject s matches the whole pattern.
func (g *Glob) Match(s string) bool {
	parts := g.parts
	pi, si := 0, 0
	starPi, starSi := -1, 0
	for {
		if pi < len(parts) {
			p := parts[pi]
			switch p.kind {
			case globAny:
				starPi, starSi = pi, si
				pi++
				continue
			case globOne:
				if si < len(s) {
					_, w := utf8.DecodeRuneInString(s[si:])
					si += w
					pi++
					continue
				}
			case globLit:
				if strings.HasPrefix(s[si:], p.lit) {
					si += len(p.lit)
					pi++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		// Mismatch: let the most recent * absorb one more character. Earlier
		// stars never need revisiting (classic wildcard-matching argument).
		if starPi < 0 || starSi >= len(s) {
			return false
		}
		_, w := utf8.DecodeRuneInString(s[starSi:])
		starSi += w
		si = starSi
		pi = starPi + 1
	}
}

// globBuilder accumulates a pattern while the lexer reads a word.
type globBuilder struct {
	parts []globPart
	lit   strings.Builder
	wild  bool
}

func (b *globBuilder) literal(r rune) { b.lit.WriteRune(r) }

func (b *globBuilder) flush() {
	if b.lit.Len() > 0 {
		b.parts = append(b.parts, globPart{kind: globLit, lit: strings.ToLower(b.lit.String())})
		b.lit.Reset()
	}
}

func (b *globBuilder) wildcard(r rune) {
	b.flush()
	b.wild = true
	if r == '*' {
		// Collapse runs of * (a** == a*): keeps matching linear-ish.
		if n := len(b.parts); n > 0 && b.parts[n-1].kind == globAny {
			return
		}
		b.parts = append(b.parts, globPart{kind: globAny})
		return
	}
	b.parts = append(b.parts, globPart{kind: globOne})
}

func (b *globBuilder) build(src string) *Glob {
	b.flush()
	return &Glob{parts: b.parts, src: src}
}

// NewGlob compiles a pattern where every * and ? is a wildcard (no escapes);
// handy for callers and tests.
func NewGlob(pattern string) *Glob {
	var b globBuilder
	for _, r := range pattern {
		if r == '*' || r == '?' {
			b.wildcard(r)
		} else {
			b.literal(r)
		}
	}
	return b.build(pattern)
}

// MatchAnywhere reports whether the pattern matches some substring of the
// lower-cased subject s (as if it were wrapped in *...*).
func (g *Glob) MatchAnywhere(s string) bool {
	parts := make([]globPart, 0, len(g.parts)+2)
	parts = append(parts, globPart{kind: globAny})
	parts = append(parts, g.parts...)
	parts = append(parts, globPart{kind: globAny})
	return (&Glob{parts: parts}).Match(s)
}
