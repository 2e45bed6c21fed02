package catalog

import (
	"regexp"
	"strconv"
	"strings"
)

// Kind says what a Violation is about, so a caller can word or route it
// (for example a read-only family onto the path attribute, not body).
type Kind int

const (
	// KindType: the value is not of the documented type.
	KindType Kind = iota + 1
	// KindEnum: the value is not one of the documented values.
	KindEnum
	// KindFormat: a string breaks a documented format ("cannot contain
	// whitespace", "hh:mm") or a list has the wrong documented length.
	KindFormat
	// KindUnknownField: a field not documented inside an object whose
	// fields the reference documents completely.
	KindUnknownField
	// KindShape: a field of another documented body shape of the family
	// (protocol options: audit vs channel_database_cleanup).
	KindShape
	// KindRule: a rule between fields ("required if selection is fix",
	// "must be greater than or equal to timeout", "applies only if ...").
	KindRule
	// KindReference: a reference to another family written in a form the
	// reference forbids (an object where the key string belongs).
	KindReference
	// KindReadOnly: the family cannot be written over the REST API.
	KindReadOnly
	// KindTruncated: more violations were found than are listed.
	KindTruncated
)

// Severity: errors are what SPS would refuse or what breaks a documented
// rule; warnings are values the reference says have no effect.
type Severity int

const (
	// Error: the plan must fail.
	Error Severity = iota + 1
	// Warning: the value is documented to have no effect where it is.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Step is one step of an attribute path: a field name or, when IsIndex, a
// list index.
type Step struct {
	Key     string
	Index   int
	IsIndex bool
}

// Violation is one documented rule a body breaks.
type Violation struct {
	// Steps lead from the body to the offending value (empty: the body
	// itself). Use them to build a framework path; Path renders them.
	Steps    []Step
	Kind     Kind
	Severity Severity
	// Rule is the documented rule in words, as the reference states it.
	Rule string
	// Detail says what the body holds instead (values quoted and escaped).
	Detail string
	// Suggestion is a near documented field name for a misspelled one.
	Suggestion string
	// Source is where the reference documents the rule.
	Source Source
	// RuleID names the rule in the catalog: the definition that holds it,
	// the field and the check, so one rule has one id wherever it applies.
	RuleID string
}

// Path renders the attribute path the way Terraform shows it:
// body.server_address.port, body.Mon[0][1], body["key with space"].
func (v Violation) Path() string { return PathString("body", v.Steps) }

// Text is the violation without its path: the rule, what was found, the
// suggestion and the source, in one sentence sequence.
func (v Violation) Text() string {
	var b strings.Builder
	b.WriteString(v.Rule)
	if v.Detail != "" {
		b.WriteString("; ")
		b.WriteString(v.Detail)
	}
	if v.Suggestion != "" {
		b.WriteString("; did you mean ")
		b.WriteString(strconv.Quote(v.Suggestion))
		b.WriteString("?")
	}
	if s := v.Source.String(); s != "" {
		b.WriteString(" (")
		b.WriteString(s)
		b.WriteString(")")
	}
	return b.String()
}

func (v Violation) String() string { return v.Path() + ": " + v.Text() }

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// PathString renders steps under root: identifier keys as .key, other keys
// as ["..."] with control characters and invalid UTF-8 escaped, indexes as
// [i].
func PathString(root string, steps []Step) string {
	var b strings.Builder
	b.WriteString(root)
	for _, s := range steps {
		switch {
		case s.IsIndex:
			b.WriteString("[")
			b.WriteString(strconv.Itoa(s.Index))
			b.WriteString("]")
		case identifier.MatchString(s.Key):
			b.WriteString(".")
			b.WriteString(s.Key)
		default:
			b.WriteString("[")
			b.WriteString(strconv.Quote(s.Key))
			b.WriteString("]")
		}
	}
	return b.String()
}

// with returns steps plus one more, never sharing the backing array with
// another branch of the walk.
func with(steps []Step, s Step) []Step {
	out := make([]Step, len(steps)+1)
	copy(out, steps)
	out[len(steps)] = s
	return out
}

func key(k string) Step { return Step{Key: k} }
func index(i int) Step  { return Step{Index: i, IsIndex: true} }
func steps(p []string) []Step {
	out := make([]Step, len(p))
	for i, k := range p {
		out[i] = key(k)
	}
	return out
}
