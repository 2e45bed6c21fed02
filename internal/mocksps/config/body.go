// Package config holds what every configuration area of the mock shares:
// reading a JSON request body safely, the validation helpers that name the
// offending JSON path, and the error responses for them.
//
// Error types (UNCONFIRMED names, chosen because SPS's own table could not be
// read; see internal/mocksps/README.md):
//   - 400 SyntacticError: the body is not one well-formed JSON document, is
//     empty, is not valid UTF-8, or nests deeper than MaxDepth.
//   - 400 SemanticError: well-formed JSON that breaks a rule; details.path
//     names the JSON path ("body.inactivity_timeout.value").
//   - 413 PayloadTooLarge: the body exceeds MaxBodyBytes.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// MaxBodyBytes bounds every request body the configuration API reads.
const MaxBodyBytes = 1 << 20

// MaxDepth bounds JSON nesting; real configuration objects nest 4 deep.
const MaxDepth = 32

// FieldError is a validation failure at one JSON path.
type FieldError struct {
	Path    string // e.g. "body.timeout"
	Message string // what is wrong and what to send instead
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Message }

// Errorf builds a FieldError.
func Errorf(path, format string, args ...any) *FieldError {
	return &FieldError{Path: path, Message: fmt.Sprintf(format, args...)}
}

// WriteFieldError answers 400 SemanticError for a validation failure.
func WriteFieldError(w http.ResponseWriter, r *http.Request, fe *FieldError) {
	httpapi.WriteError(w, r, http.StatusBadRequest, "SemanticError", fe.Path+": "+fe.Message,
		map[string]any{"path": fe.Path})
}

// ReadJSON reads and decodes the request body (numbers kept as json.Number).
// On failure it writes the error response and returns ok=false.
func ReadJSON(w http.ResponseWriter, r *http.Request) (v any, ok bool) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			httpapi.WriteError(w, r, http.StatusRequestEntityTooLarge, "PayloadTooLarge",
				fmt.Sprintf("the request body is larger than %d bytes; configuration objects are far smaller", MaxBodyBytes), nil)
			return nil, false
		}
		httpapi.WriteError(w, r, http.StatusBadRequest, "SyntacticError", "the request body could not be read", nil)
		return nil, false
	}
	v, err = Decode(raw)
	if err != nil {
		httpapi.WriteError(w, r, http.StatusBadRequest, "SyntacticError", err.Error(), nil)
		return nil, false
	}
	return v, true
}

// Decode parses exactly one JSON document, refusing deep nesting before the
// decoder sees it.
func Decode(raw []byte) (any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, errors.New("the request body is empty; send a JSON object")
	}
	if depth(raw) > MaxDepth {
		return nil, fmt.Errorf("the JSON body nests deeper than %d levels", MaxDepth)
	}
	// JSON text is UTF-8; the decoder would silently turn invalid bytes
	// into U+FFFD and store something the client never sent.
	if !utf8.Valid(raw) {
		return nil, errors.New("the request body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the request body is not valid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("the request body has data after the JSON document; send exactly one JSON object")
	}
	return v, nil
}

// depth returns the deepest bracket nesting in raw, skipping strings. It is
// only a guard, so it need not judge validity.
func depth(raw []byte) int {
	d, maxD, inStr, esc := 0, 0, false, false
	for _, c := range raw {
		switch {
		case inStr && esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case inStr && c == '"':
			inStr = false
		case inStr:
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			d++
			maxD = max(maxD, d)
		case c == '}' || c == ']':
			d--
		}
	}
	return maxD
}

// Object checks that v is a JSON object whose keys are all in allowed.
func Object(v any, path string, allowed ...string) (map[string]any, *FieldError) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, Errorf(path, "must be a JSON object, not %s", KindOf(v))
	}
	var unknown []string
	for k := range m {
		if !contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, Errorf(Join(path, unknown[0]), "unknown field %q; the allowed fields here are: %s",
			unknown[0], strings.Join(allowed, ", "))
	}
	return m, nil
}

// Present reports whether key is set to something other than null.
func Present(m map[string]any, key string) bool {
	v, ok := m[key]
	return ok && v != nil
}

// Required checks that key is present and not null.
func Required(m map[string]any, path, key string) (any, *FieldError) {
	if !Present(m, key) {
		return nil, Errorf(Join(path, key), "is required")
	}
	return m[key], nil
}

// Bool reads a required boolean.
func Bool(m map[string]any, path, key string) (bool, *FieldError) {
	v, fe := Required(m, path, key)
	if fe != nil {
		return false, fe
	}
	b, ok := v.(bool)
	if !ok {
		return false, Errorf(Join(path, key), "must be true or false, not %s", KindOf(v))
	}
	return b, nil
}

// Int reads a required integer within [lo, hi].
func Int(m map[string]any, path, key string, lo, hi int64) (int64, *FieldError) {
	v, fe := Required(m, path, key)
	if fe != nil {
		return 0, fe
	}
	p := Join(path, key)
	n, ok := v.(json.Number)
	if !ok {
		return 0, Errorf(p, "must be an integer, not %s", KindOf(v))
	}
	i, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		return 0, Errorf(p, "must be a whole number without fraction or exponent, not %s", n)
	}
	if i < lo || i > hi {
		return 0, Errorf(p, "must be between %d and %d, not %d", lo, hi, i)
	}
	return i, nil
}

// String reads a required non-empty string.
func String(m map[string]any, path, key string) (string, *FieldError) {
	v, fe := Required(m, path, key)
	if fe != nil {
		return "", fe
	}
	s, ok := v.(string)
	if !ok {
		return "", Errorf(Join(path, key), "must be a string, not %s", KindOf(v))
	}
	if s == "" {
		return "", Errorf(Join(path, key), "must not be empty")
	}
	return s, nil
}

// Enum reads a required string that must be one of values.
func Enum(m map[string]any, path, key string, values ...string) (string, *FieldError) {
	s, fe := String(m, path, key)
	if fe != nil {
		return "", fe
	}
	if !contains(values, s) {
		return "", Errorf(Join(path, key), "must be one of %s, not %q", strings.Join(values, ", "), s)
	}
	return s, nil
}

// Forbid fails if key is present (non-null); why says when it is allowed.
func Forbid(m map[string]any, path, key, why string) *FieldError {
	if Present(m, key) {
		return Errorf(Join(path, key), "must be left out %s", why)
	}
	return nil
}

// Join appends a field name to a JSON path.
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// KindOf names a decoded JSON value's kind for an error message ("a string").
func KindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
