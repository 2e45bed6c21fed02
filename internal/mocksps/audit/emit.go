package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"
)

// sink receives a JSON document as a stream of events. The same document
// source (the generator, or a decoded file) drives two sinks: jsonWriter
// renders canonical JSON, indexer feeds the search columns. Keys are "" for
// array elements and for the root object.
type sink interface {
	object(key string)
	endObject()
	array(key string)
	endArray()
	str(key, v string)
	integer(key string, v int64)
	number(key, text string) // any JSON number, as written
	boolean(key string, v bool)
	null(key string)
	// timeMs writes UNIX milliseconds as a 2006-01-02T15:04:05.000Z string;
	// the indexer stores such times without keeping the string.
	timeMs(key string, ms int64)
}

// jsonWriter renders compact JSON. Callers emit object keys in sorted order,
// so the output is canonical (what encoding/json produces for a map).
type jsonWriter struct {
	buf   []byte
	comma []bool // per open container: an element was written already
}

func (w *jsonWriter) sep(key string) {
	if n := len(w.comma); n > 0 {
		if w.comma[n-1] {
			w.buf = append(w.buf, ',')
		}
		w.comma[n-1] = true
	}
	if key != "" {
		w.buf = appendJSONString(w.buf, key)
		w.buf = append(w.buf, ':')
	}
}

func (w *jsonWriter) open(key string, c byte) {
	w.sep(key)
	w.buf = append(w.buf, c)
	w.comma = append(w.comma, false)
}

func (w *jsonWriter) close(c byte) {
	w.buf = append(w.buf, c)
	w.comma = w.comma[:len(w.comma)-1]
}

func (w *jsonWriter) object(key string)    { w.open(key, '{') }
func (w *jsonWriter) endObject()           { w.close('}') }
func (w *jsonWriter) array(key string)     { w.open(key, '[') }
func (w *jsonWriter) endArray()            { w.close(']') }
func (w *jsonWriter) str(key, v string)    { w.sep(key); w.buf = appendJSONString(w.buf, v) }
func (w *jsonWriter) number(key, t string) { w.sep(key); w.buf = append(w.buf, t...) }
func (w *jsonWriter) null(key string)      { w.sep(key); w.buf = append(w.buf, "null"...) }
func (w *jsonWriter) integer(key string, v int64) {
	w.sep(key)
	w.buf = strconv.AppendInt(w.buf, v, 10)
}

func (w *jsonWriter) timeMs(key string, ms int64) { w.str(key, isoMs(ms)) }

func (w *jsonWriter) boolean(key string, v bool) {
	w.sep(key)
	w.buf = strconv.AppendBool(w.buf, v)
}

const hexDigits = "0123456789abcdef"

// appendJSONString escapes s the way encoding/json does (without HTML
// escaping): quotes, backslashes, control characters, invalid UTF-8 and the
// JavaScript line separators.
func appendJSONString(b []byte, s string) []byte {
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
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
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
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// emitValue replays a value decoded with json.Decoder.UseNumber into a sink,
// object keys sorted.
func emitValue(s sink, key string, v any) error {
	switch x := v.(type) {
	case nil:
		s.null(key)
	case bool:
		s.boolean(key, x)
	case string:
		s.str(key, x)
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil && strconv.FormatInt(i, 10) == string(x) {
			s.integer(key, i)
		} else {
			s.number(key, string(x))
		}
	case map[string]any:
		s.object(key)
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
			if err := emitValue(s, k, x[k]); err != nil {
				return err
			}
		}
		s.endObject()
	case []any:
		s.array(key)
		for _, e := range x {
			if err := emitValue(s, "", e); err != nil {
				return err
			}
		}
		s.endArray()
	default:
		return fmt.Errorf("unexpected JSON value %T", v)
	}
	return nil
}

// canonicalJSON re-encodes a decoded value with sorted keys, numbers as written.
func canonicalJSON(v any) []byte {
	w := &jsonWriter{}
	_ = emitValue(w, "", v)
	return w.buf
}

// marshal encodes v like json.Marshal but without escaping <, > and &, as
// SPS (and httpapi.WriteJSON) send them.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
