package configobject

import (
	"fmt"
	"sort"
)

// MergeSensitive returns body with the fields of sensitive (both from
// Tree) merged in, objects key by key: what a write sends. A field both
// declare is an error naming it on both sides, because which one wins
// would be a guess, and a secret must not silently lose to a plain value.
// Neither input is changed.
func MergeSensitive(body, sensitive any) (any, error) {
	switch {
	case sensitive == nil:
		return body, nil
	case body == nil:
		return sensitive, nil
	}
	return merge(body, sensitive, "body", "sensitive_body")
}

func merge(a, b any, atA, atB string) (any, error) {
	ma, okA := a.(map[string]any)
	mb, okB := b.(map[string]any)
	if !okA || !okB {
		return nil, &OverlapError{Body: atA, Sensitive: atB}
	}
	out := make(map[string]any, len(ma)+len(mb))
	for k, v := range ma {
		out[k] = v
	}
	// Sorted, so the error names the same field on every run.
	keys := make([]string, 0, len(mb))
	for k := range mb {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		va, ok := ma[k]
		if !ok {
			out[k] = mb[k]
			continue
		}
		v, err := merge(va, mb[k], attrPath(atA, k), attrPath(atB, k))
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

// OverlapError is a field declared both in body and in sensitive_body.
type OverlapError struct {
	Body, Sensitive string // the two places, as body.x and sensitive_body.x
}

func (e *OverlapError) Error() string {
	return fmt.Sprintf("%s and %s both declare the same field; declare it in one of them only (secrets in sensitive_body)",
		e.Body, e.Sensitive)
}
