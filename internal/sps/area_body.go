package sps

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
)

// Bodies are handled as decoded JSON (map[string]any, []any, string,
// bool, json.Number, nil): numbers stay exactly as SPS sent them, so a
// read-modify-write hands back what it read.

// decodeFields decodes a JSON object, keeping numbers exact.
func decodeFields(b []byte) (map[string]any, error) {
	out := map[string]any{}
	if len(bytes.TrimSpace(b)) == 0 || string(bytes.TrimSpace(b)) == "null" {
		return out, nil
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("the body is not a JSON object")
	}
	return m, nil
}

// FieldsOf turns v (a map, or a struct with JSON tags) into the decoded
// JSON form the area functions take, through its JSON encoding: a typed
// model becomes the fields it declares.
func FieldsOf(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	m, err := decodeFields(b)
	if err != nil {
		return nil, fmt.Errorf("%T: %w", v, err)
	}
	return m, nil
}

// CopyBody copies a decoded body deeply, so an overlay or an Edit's Apply
// (which may run more than once) never changes the body it was given.
func CopyBody(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = copyValue(v)
	}
	return out
}

func copyValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return CopyBody(t)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = copyValue(e)
		}
		return out
	}
	return v
}

// Overlay returns current with declared written over it: objects merge key
// by key, lists and scalars replace whole (SPS's reference says lists are
// replaced, never patched). Fields declared does not name keep current's
// value. Neither argument is modified.
func Overlay(current, declared map[string]any) map[string]any {
	out := CopyBody(current)
	overlayInto(out, declared)
	return out
}

func overlayInto(dst, src map[string]any) {
	for k, v := range src {
		sub, isObj := v.(map[string]any)
		cur, curObj := dst[k].(map[string]any)
		if isObj && curObj && !isReference(cur) {
			overlayInto(cur, sub)
			continue
		}
		dst[k] = copyValue(v)
	}
}

// OverlayTopLevel returns current with declared's top-level fields
// replacing current's whole: for typed models that declare every field of
// the object, so nothing stale lingers inside a field they set (a custom
// cipher string after switching to the recommended one). Top-level fields
// the model does not know (added by newer firmware) survive.
func OverlayTopLevel(current, declared map[string]any) (map[string]any, error) {
	out := CopyBody(current)
	for k, v := range declared {
		out[k] = copyValue(v)
	}
	return out, nil
}

// Covers reports whether got carries every field of declared: objects
// compare key by key (got may hold more), lists element by element (same
// length), numbers by value, and a reference SPS returns ({"key": K,
// "meta": {"href": ...}}) equals its key K, which is how a reference is
// written. A declared null matches an absent or null field.
func Covers(declared, got map[string]any) bool {
	for k, want := range declared {
		have, ok := got[k]
		if !ok {
			if want == nil {
				continue
			}
			return false
		}
		if !covers(want, have) {
			return false
		}
	}
	return true
}

func covers(want, have any) bool {
	if k, ok := referenceKey(want); ok {
		hk, hok := referenceKey(have)
		return hok && hk == k
	}
	if k, ok := referenceKey(have); ok {
		s, isStr := want.(string)
		return isStr && s == k
	}
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		return ok && Covers(w, h)
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return false
		}
		for i := range w {
			if !covers(w[i], h[i]) {
				return false
			}
		}
		return true
	case json.Number:
		h, ok := have.(json.Number)
		return ok && numbersEqual(w, h)
	case nil:
		return have == nil
	}
	return want == have
}

// numbersEqual compares JSON numbers by value ("10" and "10.0" are equal).
func numbersEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, okA := new(big.Rat).SetString(string(a))
	y, okB := new(big.Rat).SetString(string(b))
	return okA && okB && x.Cmp(y) == 0
}

// isReference reports a reference to another object as SPS returns it in a
// body: exactly {"key": "<id>", "meta": {"href": "..."}}.
func isReference(m map[string]any) bool {
	if len(m) != 2 {
		return false
	}
	if _, ok := m["key"].(string); !ok {
		return false
	}
	meta, ok := m["meta"].(map[string]any)
	if !ok {
		return false
	}
	_, ok = meta["href"].(string)
	return ok
}

// referenceKey returns the key of a reference.
func referenceKey(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok || !isReference(m) {
		return "", false
	}
	return m["key"].(string), true
}

// Writable returns body with every reference replaced by its key: SPS
// returns references as objects but takes the key string on write, so a
// body read back from SPS (the fields a caller did not declare included)
// can be written again. body is not modified.
func Writable(body map[string]any) map[string]any {
	out, _ := writableValue(body).(map[string]any)
	return out
}

func writableValue(v any) any {
	if k, ok := referenceKey(v); ok {
		return k
	}
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = writableValue(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = writableValue(e)
		}
		return out
	}
	return v
}
