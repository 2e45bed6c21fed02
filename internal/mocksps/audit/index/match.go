package index

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/query"
)

// valueView is one value as the matchers see it.
type valueView struct {
	lower string  // lower-cased text
	num   float64 // NaN when not a number
	tim   int64   // UNIX ns, NoTime when not a date (or not a time field)
}

type matcher func(v *valueView) bool

// queryError points at the part of the query that cannot be evaluated.
func queryError(pos int, tok, msg string) error {
	return &query.Error{Pos: pos, Token: tok, Msg: msg}
}

// compileTerm builds the matcher for field:value. Strings compare
// case-insensitively on the whole value; numbers also compare numerically
// (port:22 matches 22 and "22"); on time fields a date-only value matches
// the whole day and a timestamp the same instant.
func compileTerm(t *query.Term, isTime bool) matcher {
	if t.Glob != nil {
		g := t.Glob
		return func(v *valueView) bool { return g.Match(v.lower) }
	}
	want := strings.ToLower(t.Text)
	wantNum := math.NaN()
	if f, err := strconv.ParseFloat(want, 64); err == nil {
		wantNum = f
	}
	lo, hi := int64(NoTime), int64(NoTime)
	if isTime {
		if tm, form, ok := ParseTime(t.Text, time.UTC); ok {
			lo, hi = tm.UnixNano(), tm.UnixNano()+1
			if form == FormDateOnly {
				hi = tm.AddDate(0, 0, 1).UnixNano()
			}
		}
	}
	return func(v *valueView) bool {
		if v.lower == want || v.num == wantNum {
			return true
		}
		return lo != NoTime && v.tim != NoTime && v.tim >= lo && v.tim < hi
	}
}

// compileRange builds the matcher for field:[a TO b]. Time fields compare
// instants (bounds may be ISO dates, date-only, or epoch seconds; a date-only
// inclusive upper bound covers its whole day); otherwise numbers compare
// numerically when both bounds are numbers, and anything else compares as
// lower-cased text.
func compileRange(r *query.Range, isTime bool) (matcher, error) {
	if isTime {
		lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
		if !r.LowerOpen {
			tm, form, ok := ParseTime(r.Lower, time.UTC)
			if !ok {
				return nil, queryError(r.Pos, r.Lower, fmt.Sprintf("invalid date %q in range on %s", r.Lower, r.Field))
			}
			lo = tm.UnixNano()
			switch {
			case !r.IncLower && form == FormDateOnly:
				lo = tm.AddDate(0, 0, 1).UnixNano()
			case !r.IncLower:
				lo++
			}
		}
		if !r.UpperOpen {
			tm, form, ok := ParseTime(r.Upper, time.UTC)
			if !ok {
				return nil, queryError(r.Pos, r.Upper, fmt.Sprintf("invalid date %q in range on %s", r.Upper, r.Field))
			}
			hi = tm.UnixNano() // exclusive
			switch {
			case r.IncUpper && form == FormDateOnly:
				hi = tm.AddDate(0, 0, 1).UnixNano()
			case r.IncUpper:
				hi++
			}
		}
		return func(v *valueView) bool { return v.tim != NoTime && v.tim >= lo && v.tim < hi }, nil
	}
	loNum, loErr := strconv.ParseFloat(r.Lower, 64)
	hiNum, hiErr := strconv.ParseFloat(r.Upper, 64)
	if (r.LowerOpen || loErr == nil) && (r.UpperOpen || hiErr == nil) {
		return func(v *valueView) bool {
			if math.IsNaN(v.num) {
				return false
			}
			if !r.LowerOpen && (v.num < loNum || !r.IncLower && v.num == loNum) {
				return false
			}
			return r.UpperOpen || v.num < hiNum || r.IncUpper && v.num == hiNum
		}, nil
	}
	lo, hi := strings.ToLower(r.Lower), strings.ToLower(r.Upper)
	return func(v *valueView) bool {
		if !r.LowerOpen {
			if c := strings.Compare(v.lower, lo); c < 0 || c == 0 && !r.IncLower {
				return false
			}
		}
		if !r.UpperOpen {
			if c := strings.Compare(v.lower, hi); c > 0 || c == 0 && !r.IncUpper {
				return false
			}
		}
		return true
	}, nil
}

// textMatcher is a content-search term applied to one piece of text
// (lower-cased, with its words).
type textMatcher func(lower string, tokens []string) bool

// compileText builds the content-search matcher: a single word (wildcards
// allowed) must equal a word of the text; a phrase, or a value with
// punctuation (24hrs.txt, /etc/passwd), must occur in the text.
func compileText(t *query.Term) textMatcher {
	switch {
	case t.Phrase:
		want := strings.ToLower(t.Text)
		return func(lower string, _ []string) bool { return strings.Contains(lower, want) }
	case t.Glob != nil && onlyTokenRunes(t.Text):
		g := t.Glob
		return func(_ string, tokens []string) bool {
			for _, tok := range tokens {
				if g.Match(tok) {
					return true
				}
			}
			return false
		}
	case t.Glob != nil:
		g := t.Glob
		return func(lower string, _ []string) bool { return g.MatchAnywhere(lower) }
	case onlyTokenRunes(t.Text):
		want := strings.ToLower(t.Text)
		return func(_ string, tokens []string) bool {
			for _, tok := range tokens {
				if tok == want {
					return true
				}
			}
			return false
		}
	default:
		want := strings.ToLower(t.Text)
		return func(lower string, _ []string) bool { return strings.Contains(lower, want) }
	}
}

// TextQuery is a content-search expression compiled for evaluation against
// many texts.
type TextQuery func(lower string, tokens []string) bool

// CompileTextQuery compiles a content expression (fields other than
// "content" are refused by the parser's KnownField).
func CompileTextQuery(n query.Node) (TextQuery, error) {
	switch x := n.(type) {
	case query.MatchAll:
		return func(string, []string) bool { return true }, nil
	case *query.Term:
		return TextQuery(compileText(x)), nil
	case *query.Range:
		return nil, queryError(x.Pos, "", "ranges are not supported in content search")
	case *query.Not:
		inner, err := CompileTextQuery(x.Node)
		if err != nil {
			return nil, err
		}
		return func(l string, t []string) bool { return !inner(l, t) }, nil
	case *query.And, *query.Or:
		subs, and, err := compileOperands(x, CompileTextQuery)
		if err != nil {
			return nil, err
		}
		return func(l string, t []string) bool {
			for _, q := range subs {
				if q(l, t) != and {
					return !and
				}
			}
			return and
		}, nil
	}
	return nil, fmt.Errorf("unexpected query node %T", n)
}

// compileOperands compiles the operands of an And or Or node x, in order,
// with compile; and tells which of the two x is.
func compileOperands[Q any](x query.Node, compile func(query.Node) (Q, error)) (subs []Q, and bool, err error) {
	var kids []query.Node
	if a, ok := x.(*query.And); ok {
		kids, and = a.Nodes, true
	} else {
		kids = x.(*query.Or).Nodes
	}
	subs = make([]Q, len(kids))
	for i, k := range kids {
		if subs[i], err = compile(k); err != nil {
			return nil, false, err
		}
	}
	return subs, and, nil
}

// ParseContent parses a content-search expression: bare words search the
// content, and the expression must not begin with a * wildcard (SPS refuses
// those).
func ParseContent(expr string) (query.Node, error) {
	if trimmed := strings.TrimSpace(expr); strings.HasPrefix(trimmed, "*") {
		return nil, queryError(strings.Index(expr, "*")+1, "*", "content search must not begin with the * wildcard")
	}
	n, err := query.Parse(expr, query.Options{
		DefaultField: FieldContent,
		KnownField:   func(f string) bool { return f == FieldContent },
	})
	if err != nil {
		return nil, err
	}
	// Compiling checks what parsing cannot (ranges).
	if _, err := CompileTextQuery(n); err != nil {
		return nil, err
	}
	return n, nil
}
