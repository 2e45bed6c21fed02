package tree

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
)

// keyPattern is what the mock accepts as the key of an object written
// through /_mock (the API makes its own keys): the characters of every key
// the reference shows (hex, UUIDs, negative numbers, "posix-simple"), never
// "." or ".." or a path separator.
var keyPattern = regexp.MustCompile(`^-?[A-Za-z0-9_][A-Za-z0-9_.-]{0,126}$`)

// CheckKey refuses a key that could not be addressed as one path segment.
func CheckKey(key string) *config.FieldError {
	if !keyPattern.MatchString(key) {
		return config.Errorf("key", "%q is not a usable object key: use up to 128 letters, digits, '_', '-' or '.', starting with a letter, a digit or '_' (or '-' and one of them, for a built-in)", key)
	}
	return nil
}

// genericBody accepts any JSON object whose numbers a client can read back
// (finite float64), and returns it canonical: keys sorted, numbers as sent.
func genericBody(v any) (json.RawMessage, *config.FieldError) {
	if _, ok := v.(map[string]any); !ok {
		return nil, config.Errorf("body", "must be a JSON object (the fields of the object), not %s", config.KindOf(v))
	}
	if fe := finiteNumbers(v, "body"); fe != nil {
		return nil, fe
	}
	return mustJSON(v), nil
}

// finiteNumbers refuses numbers outside float64's range anywhere in v:
// stored as sent, they would break every client that reads them back.
func finiteNumbers(v any, path string) *config.FieldError {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(x.String(), 64)
		if err != nil || math.IsInf(f, 0) {
			return config.Errorf(path, "is a number out of range (%s); SPS stores numbers a 64-bit float can hold", truncate(x.String()))
		}
	case map[string]any:
		for k, e := range x {
			if fe := finiteNumbers(e, config.Join(path, k)); fe != nil {
				return fe
			}
		}
	case []any:
		for i, e := range x {
			if fe := finiteNumbers(e, path+"["+strconv.Itoa(i)+"]"); fe != nil {
				return fe
			}
		}
	}
	return nil
}

// nameWithoutWhitespace is the rule the reference states for the names of
// time policies (and VNC settings policies): a name "cannot contain
// whitespace".
func nameWithoutWhitespace(v any) (json.RawMessage, *config.FieldError) {
	b, fe := genericBody(v)
	if fe != nil {
		return nil, fe
	}
	m := v.(map[string]any)
	name, fe := config.String(m, "body", "name")
	if fe != nil {
		return nil, fe
	}
	if strings.IndexFunc(name, unicode.IsSpace) >= 0 {
		return nil, config.Errorf("body.name", "must not contain whitespace (got %q); use e.g. underscores instead", name)
	}
	return b, nil
}

// at returns the value at the object path in m, if every step is an object.
func at(m map[string]any, path []string) (parent map[string]any, v any, ok bool) {
	for i, k := range path {
		if i == len(path)-1 {
			v, ok = m[k]
			return m, v, ok
		}
		next, isObj := m[k].(map[string]any)
		if !isObj {
			return nil, nil, false
		}
		m = next
	}
	return nil, nil, false
}

// refKey returns the key a reference value names: the key string itself,
// or the key of its read form {"key", "meta": {"href"}}.
func refKey(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case map[string]any:
		k, ok := x["key"].(string)
		return k, ok
	}
	return "", false
}

// references reports whether body refers to the object at href with key:
// a string value equal to key anywhere (in objects and lists, never a
// field name), or an object {"key", "meta": {"href"}} whose href is
// href (such an object is judged by its href alone, so the same key in
// another list is not this object).
func references(body json.RawMessage, key, href string) bool {
	quoted, _ := json.Marshal(key)
	if !bytes.Contains(body, quoted) {
		return false // the cheap test settles almost every object
	}
	v, err := config.Decode(body)
	if err != nil {
		return false
	}
	return refersTo(v, key, href)
}

func refersTo(v any, key, href string) bool {
	switch x := v.(type) {
	case string:
		return x == key
	case map[string]any:
		if _, hasKey := x["key"].(string); hasKey {
			if meta, ok := x["meta"].(map[string]any); ok {
				if h, ok := meta["href"].(string); ok {
					return strings.TrimRight(h, "/") == href
				}
			}
		}
		for _, e := range x {
			if refersTo(e, key, href) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if refersTo(e, key, href) {
				return true
			}
		}
	}
	return false
}

// nameOf returns the body's "name", if it is a string.
func nameOf(body json.RawMessage) (string, bool) {
	var o struct {
		Name *string `json:"name"`
	}
	if json.Unmarshal(body, &o) != nil || o.Name == nil {
		return "", false
	}
	return *o.Name, true
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only decoded JSON values reach here
	}
	return b
}
