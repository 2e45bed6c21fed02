package catalog

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// timeOfDay is "hh:mm" as the time-policy reference writes it; its own
// sample writes "0:00", so a one-digit hour is documented too.
var timeOfDay = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):[0-5][0-9]$`)

// formatRule is a format or length check in words.
func (n *node) formatRule() string {
	switch {
	case n.format == "no_whitespace":
		return "cannot contain whitespace"
	case n.format == "time_of_day":
		return `a time of day "hh:mm", as in each interval ["hh:mm", "hh:mm"]`
	case n.length == 2 && n.items != nil && n.items.format == "time_of_day":
		return `each interval is ["hh:mm", "hh:mm"]`
	case n.length > 0:
		return "must have exactly " + strconv.Itoa(n.length) + " elements"
	}
	return ""
}

// text checks a string's enum and format.
func (c *checker) text(n *node, s string, at []Step) {
	if len(n.enum) > 0 && !contains(n.enum, s) {
		c.add(Violation{
			Steps: at, Kind: KindEnum, Severity: Error, RuleID: n.id + ":enum",
			Rule: "must be one of: " + strings.Join(n.enum, ", "), Detail: "got " + describe(s),
			Suggestion: suggest(s, n.enum), Source: n.src,
		})
	}
	var bad bool
	switch n.format {
	case "no_whitespace":
		bad = strings.IndexFunc(s, unicode.IsSpace) >= 0
	case "time_of_day":
		bad = !timeOfDay.MatchString(s)
	}
	if bad {
		c.add(Violation{
			Steps: at, Kind: KindFormat, Severity: Error, RuleID: n.id + ":format",
			Rule: n.formatRule(), Detail: "got " + describe(s), Source: n.src,
		})
	}
}

type presence int

const (
	absent presence = iota
	unknown
	known
)

// lookup follows a relative path of field names from m. An Unknown on the
// way makes the result unknown; a missing field, a null or a non-object
// on the way makes it absent (a wrong type is reported where it is).
func lookup(m map[string]any, path []string) (any, presence) {
	cur := m
	for i, name := range path {
		v, ok := cur[name]
		switch {
		case !ok || v == nil:
			return nil, absent
		case IsUnknown(v):
			return nil, unknown
		case i == len(path)-1:
			return v, known
		}
		next, isObject := v.(map[string]any)
		if !isObject {
			return nil, absent
		}
		cur = next
	}
	return nil, absent
}

type truth int

const (
	indeterminate truth = iota
	yes
	no
)

// condition evaluates a rule's "when": indeterminate when the field is
// absent (SPS may hold it), unknown, or of the wrong type.
func (r *rule) condition(m map[string]any) truth {
	if r.whenField == nil {
		return yes
	}
	v, p := lookup(m, r.whenField)
	if p != known {
		return indeterminate
	}
	switch want := r.whenEquals.(type) {
	case string:
		if s, ok := v.(string); ok {
			return truthOf(s == want)
		}
	case bool:
		if b, ok := v.(bool); ok {
			return truthOf(b == want)
		}
	}
	return indeterminate
}

func truthOf(b bool) truth {
	if b {
		return yes
	}
	return no
}

func (c *checker) rule(r *rule, m map[string]any, at []Step, whole bool) {
	where := append(append([]Step(nil), at...), steps(r.field)...)
	v := Violation{Steps: where, Kind: KindRule, Severity: r.severity(), Rule: r.text, Source: r.src, RuleID: r.id}
	switch r.kind {
	case ruleRequiredIf:
		if !whole || r.condition(m) != yes {
			return
		}
		if _, p := lookup(m, r.field); p == absent {
			v.Detail = strings.Join(r.whenField, ".") + " is " + describeWant(r.whenEquals) + " and " + strings.Join(r.field, ".") + " is missing"
			c.add(v)
		}
	case ruleAppliesOnlyIf:
		val, p := lookup(m, r.field)
		if p != known || r.condition(m) != no {
			return
		}
		v.Detail = "it is set (" + describe(val) + ") while " + strings.Join(r.whenField, ".") + " is not " + describeWant(r.whenEquals)
		c.add(v)
	case ruleAtLeast:
		if r.condition(m) != yes {
			return
		}
		a, pa := lookup(m, r.field)
		b, pb := lookup(m, r.other)
		if pa != known || pb != known {
			return
		}
		fa, okA := number(a)
		fb, okB := number(b)
		if okA && okB && fa.Cmp(fb) < 0 {
			v.Detail = strings.Join(r.field, ".") + " is " + cut(fa.Text('g', 20)) + ", " + strings.Join(r.other, ".") + " is " + cut(fb.Text('g', 20))
			c.add(v)
		}
	}
}

func describeWant(v any) string {
	if s, ok := v.(string); ok {
		return quote(s)
	}
	if b, ok := v.(bool); ok && b {
		return "true"
	}
	return "false"
}
