package diagnostics

import (
	"context"
	"errors"
	"iter"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// wording is one diagnostic's words.
type wording struct {
	summary, advice string
	attr            string // the attribute at fault, "" for none
}

// The table: one entry per error type of the client (and per sentinel
// error it wraps), each a small function of the operation and the error.
// Adding a failure kind to the client is one type there and one entry
// here; TestEveryClientErrorTypeIsWorded finds a type without one. (Set in
// init: otherAnswer consults the table for a bare SPS answer.)
var table wordingTable

func init() {
	table = entries(
		// What happened to the operation: outermost in a chain, so first.
		on(commitOutcomeUnknown),
		onMaybe(committedNotReadBack),
		is(context.Canceled, canceledBeforeCommit),
		on(leftoverTransaction),
		is(sps.ErrEarlierCommitRunning, earlierCommitRunning),
		on(lockTimeout),
		on(nameTaken),
		on(rateLimited),
		// Requests without an answer from SPS.
		on(connection),
		on(certificate),
		on(clientCertificate),
		on(proxy),
		on(stall),
		on(redirect),
		// SPS's answers, by class.
		on(forbidden),
		on(authentication),
		on(locked),
		on(validation),
		on(invalidQuery),
		on(notFound),
		on(builtinObject),
		on(readOnly),
		on(referencedObject),
		on(tooManyBuckets),
		on(searchUnavailable),
		onMaybe(otherAnswer),
		// Facts of particular areas.
		is(sps.ErrTimestampingUnsupported, timestampingUnsupported),
		on(histogramMismatch),
		on(snapshotExpired),
		is(sps.ErrSortNotSliceable, sortNotSliceable),
		is(sps.ErrOneSecondOverflow, oneSecondOverflow),
		on(configError),
	)
}

// rule words one node of an error chain; false lets a node deeper in the
// chain decide.
type rule func(op Operation, node error) (wording, bool)

type entry struct {
	typ      reflect.Type // the node's type; nil for a sentinel
	sentinel error
	word     rule
}

// on is the entry of the error type E.
func on[E error](word func(Operation, E) wording) entry {
	return onMaybe(func(op Operation, e E) (wording, bool) { return word(op, e), true })
}

// onMaybe is the entry of the error type E whose function may decline.
func onMaybe[E error](word func(Operation, E) (wording, bool)) entry {
	return entry{typ: reflect.TypeFor[E](), word: func(op Operation, node error) (wording, bool) {
		var e E
		errors.As(node, &e) // node is an E: As takes it as it is
		return word(op, e)
	}}
}

// is is the entry of a sentinel error.
func is(sentinel error, word func(Operation) wording) entry {
	return entry{sentinel: sentinel, word: func(op Operation, _ error) (wording, bool) { return word(op), true }}
}

type wordingTable struct {
	byType    map[reflect.Type]rule
	sentinels []entry
}

func entries(es ...entry) wordingTable {
	t := wordingTable{byType: map[reflect.Type]rule{}}
	for _, e := range es {
		if e.typ == nil {
			t.sentinels = append(t.sentinels, e)
			continue
		}
		if _, dup := t.byType[e.typ]; dup {
			panic("diagnostics: two entries for " + e.typ.String())
		}
		t.byType[e.typ] = e.word
	}
	return t
}

// word words err: the outermost node of its chain (in errors.As order)
// that has an entry decides, so what happened to the operation (a commit
// of unknown outcome) wins over what caused it (a timeout).
func word(op Operation, err error) wording {
	op.named = sps.AreaOf(err)
	for node := range chain(err) {
		if w, ok := table.word(op, node); ok {
			return w
		}
	}
	return otherFailure(op)
}

func (t wordingTable) word(op Operation, node error) (wording, bool) {
	if r := t.byType[reflect.TypeOf(node)]; r != nil {
		if w, ok := r(op, node); ok {
			return w, true
		}
	}
	for _, s := range t.sentinels {
		// Comparing interfaces is safe here: a sentinel is a pointer, so a
		// node of another (maybe uncomparable) type is simply unequal.
		if node == s.sentinel { //nolint:errorlint // the chain is walked node by node
			return s.word(op, node)
		}
	}
	return wording{}, false
}

// chain yields err and every error it wraps, depth first, in the order
// errors.As visits them.
func chain(err error) iter.Seq[error] {
	return func(yield func(error) bool) { walk(err, yield) }
}

func walk(err error, yield func(error) bool) bool {
	if err == nil {
		return true
	}
	if !yield(err) {
		return false
	}
	switch u := err.(type) { //nolint:errorlint // unwrapping by hand, as errors.As does
	case interface{ Unwrap() error }:
		return walk(u.Unwrap(), yield)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if !walk(e, yield) {
				return false
			}
		}
	}
	return true
}

// otherFailure words an error no entry words: a network failure below
// the client's types, or a plain error.
func otherFailure(op Operation) wording {
	if op.Area == AreaProvider {
		return wording{summary: "Unable to create the SPS API client", advice: "The provider settings were accepted " +
			"but the client could not be built."}
	}
	return wording{summary: "SPS API error", advice: "Could not " + op.Verb + "."}
}

// configuration names the part of SPS's configuration a failed operation
// concerned: the area the error names, else the operation's own.
func configuration(op Operation) *sps.Area {
	if op.named != nil {
		return op.named
	}
	return op.Area.config
}

// pages names, for a 403's advice, what an SPS admin grants access to.
func pages(a *sps.Area) string {
	if a == nil {
		return "the configuration"
	}
	return "the " + fact(a.Noun) + " configuration (" + fact(a.Endpoint()) + ")"
}

// fact is a value someone else controls (SPS's answer, a certificate, the
// environment), as the advice quotes it: as it is when it is one line of
// printable text, otherwise quoted with escapes, so it cannot add lines to
// the advice or act on the terminal.
func fact(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) < 0 {
		return s
	}
	return strconv.Quote(s)
}

func capitalized(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// joinWords lists words as "a", "a and b", "a, b and c".
func joinWords(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
