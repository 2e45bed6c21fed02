package index

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/query"
)

// MatchObject evaluates a query against one decoded object (an event).
// "content" is full-text, other fields compare like session fields.
func MatchObject(n query.Node, obj map[string]any) (bool, error) {
	switch x := n.(type) {
	case query.MatchAll:
		return true, nil
	case *query.And:
		for _, k := range x.Nodes {
			ok, err := MatchObject(k, obj)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case *query.Or:
		for _, k := range x.Nodes {
			ok, err := MatchObject(k, obj)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *query.Not:
		ok, err := MatchObject(x.Node, obj)
		return !ok, err
	case *query.Term:
		if x.Field == FieldContent {
			lower := lowerText(obj[FieldContent])
			return compileText(x)(lower, Tokenize(lower)), nil
		}
		m := compileTerm(x, isTimePath(x.Field))
		return matchValues(obj[x.Field], x.Field, m), nil
	case *query.Range:
		m, err := compileRange(x, isTimePath(x.Field))
		if err != nil {
			return false, err
		}
		return matchValues(obj[x.Field], x.Field, m), nil
	}
	return false, nil
}

func lowerText(v any) string {
	s, _ := v.(string)
	return strings.ToLower(s)
}

// matchValues applies a matcher to a decoded value (each element of a list).
func matchValues(v any, field string, m matcher) bool {
	if list, ok := v.([]any); ok {
		for _, e := range list {
			if matchValues(e, field, m) {
				return true
			}
		}
		return false
	}
	t, ok := termOf(v)
	if !ok {
		return false
	}
	c := &column{terms: []term{t}, isTime: isTimePath(field)}
	c.prepare()
	view := valueView{lower: c.lower[0], num: c.num[0], tim: NoTime}
	if c.isTime {
		view.tim = termTime(&t)
	}
	return m(&view)
}

// termOf converts a decoded scalar to a term.
func termOf(v any) (term, bool) {
	switch x := v.(type) {
	case string:
		return term{kind: kString, s: x}, true
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return term{kind: kInt, i: i}, true
		}
		return term{kind: kNum, s: string(x)}, true
	case bool:
		return term{kind: kBool, s: strconv.FormatBool(x)}, true
	}
	return term{}, false
}
