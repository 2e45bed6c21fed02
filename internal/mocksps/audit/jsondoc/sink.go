// Package jsondoc is what the rooms of the mock's session database share:
// a session document streamed as events (Sink), the canonical JSON writer,
// the time format SPS answers with, and Source, the sessions a store
// serves (generated or loaded) as the index and the handlers see them.
//
// It imports nothing of the mock: the generator (package gen), the index
// (package index) and the HTTP handlers (package audit) all import it, and
// none of them the other way.
package jsondoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Sink receives a JSON document as a stream of events. One document source
// (the generator, or a decoded file) drives two sinks: Writer renders
// canonical JSON, the index feeds its search columns. Keys are "" for
// array elements and for the root object.
type Sink interface {
	Object(key string)
	EndObject()
	Array(key string)
	EndArray()
	Str(key, v string)
	Integer(key string, v int64)
	Number(key, text string) // any JSON number, as written
	Boolean(key string, v bool)
	Null(key string)
	// TimeMs writes UNIX milliseconds as a 2006-01-02T15:04:05.000Z string;
	// the index stores such times without keeping the string.
	TimeMs(key string, ms int64)
	// Links reports whether the sink keeps links ({"href": ...} objects
	// derived from the session key): the index does not, so a source can
	// skip building them.
	Links() bool
}

// Writer renders compact JSON. Callers emit object keys in sorted order,
// so the output is canonical (what encoding/json produces for a map).
type Writer struct {
	buf   []byte
	comma []bool // per open container: an element was written already
}

// NewWriter starts a document in a buffer of the given capacity.
func NewWriter(capacity int) *Writer { return &Writer{buf: make([]byte, 0, capacity)} }

// Bytes is the JSON written so far.
func (w *Writer) Bytes() []byte { return w.buf }

func (w *Writer) sep(key string) {
	if n := len(w.comma); n > 0 {
		if w.comma[n-1] {
			w.buf = append(w.buf, ',')
		}
		w.comma[n-1] = true
	}
	if key != "" {
		w.buf = AppendString(w.buf, key)
		w.buf = append(w.buf, ':')
	}
}

func (w *Writer) open(key string, c byte) {
	w.sep(key)
	w.buf = append(w.buf, c)
	w.comma = append(w.comma, false)
}

func (w *Writer) close(c byte) {
	w.buf = append(w.buf, c)
	w.comma = w.comma[:len(w.comma)-1]
}

func (w *Writer) Object(key string)    { w.open(key, '{') }
func (w *Writer) EndObject()           { w.close('}') }
func (w *Writer) Array(key string)     { w.open(key, '[') }
func (w *Writer) EndArray()            { w.close(']') }
func (w *Writer) Str(key, v string)    { w.sep(key); w.buf = AppendString(w.buf, v) }
func (w *Writer) Number(key, t string) { w.sep(key); w.buf = append(w.buf, t...) }
func (w *Writer) Null(key string)      { w.sep(key); w.buf = append(w.buf, "null"...) }
func (w *Writer) Links() bool          { return true }
func (w *Writer) Integer(key string, v int64) {
	w.sep(key)
	w.buf = strconv.AppendInt(w.buf, v, 10)
}

func (w *Writer) TimeMs(key string, ms int64) { w.Str(key, FormatMillis(ms)) }

func (w *Writer) Boolean(key string, v bool) {
	w.sep(key)
	w.buf = strconv.AppendBool(w.buf, v)
}

// HexDigits are the lower-case hexadecimal digits.
const HexDigits = "0123456789abcdef"

// AppendString escapes s the way encoding/json does (without HTML
// escaping): quotes, backslashes, control characters, invalid UTF-8 and the
// JavaScript line separators.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', HexDigits[c>>4], HexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', HexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Emit replays a value decoded with json.Decoder.UseNumber into a sink,
// object keys sorted.
func Emit(s Sink, key string, v any) error {
	switch x := v.(type) {
	case nil:
		s.Null(key)
	case bool:
		s.Boolean(key, x)
	case string:
		s.Str(key, x)
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil && strconv.FormatInt(i, 10) == string(x) {
			s.Integer(key, i)
		} else {
			s.Number(key, string(x))
		}
	case map[string]any:
		s.Object(key)
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if k == "" {
				// The empty key cannot be told apart from an array element
				// by the sink protocol; SPS documents never use it.
				continue
			}
			if err := Emit(s, k, x[k]); err != nil {
				return err
			}
		}
		s.EndObject()
	case []any:
		s.Array(key)
		for _, e := range x {
			if err := Emit(s, "", e); err != nil {
				return err
			}
		}
		s.EndArray()
	default:
		return fmt.Errorf("unexpected JSON value %T", v)
	}
	return nil
}

// Canonical re-encodes a decoded value with sorted keys, numbers as written.
func Canonical(v any) []byte {
	w := &Writer{}
	_ = Emit(w, "", v)
	return w.buf
}

// Decode decodes one JSON value keeping numbers as written.
func Decode(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// Marshal encodes v like json.Marshal but without escaping <, > and &, as
// SPS (and httpapi.WriteJSON) send them.
func Marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
