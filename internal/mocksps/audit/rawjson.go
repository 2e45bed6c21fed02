package audit

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/index"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// Reading single values out of stored documents without decoding them:
// search results and CSV rows need a handful of fields from up to 500
// documents per request, and a full encoding/json decode of each was most
// of the request's cost. The documents are always valid JSON (they are
// written by jsonWriter), so the scanner can be simple.

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"'.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue returns the index after the value starting at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipString(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	}
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\n' && b[i] != '\t' && b[i] != '\r' {
		i++
	}
	return i
}

// eachMember calls fn for every member of the object b (b[0] == '{') until
// fn returns false.
func eachMember(b []byte, fn func(key, val []byte) bool) {
	i := skipWS(b, 1)
	for i < len(b) && b[i] == '"' {
		kEnd := skipString(b, i)
		key := b[i:kEnd]
		i = skipWS(b, kEnd)
		if i >= len(b) || b[i] != ':' {
			return
		}
		i = skipWS(b, i+1)
		vEnd := skipValue(b, i)
		if !fn(key, b[i:vEnd]) {
			return
		}
		i = skipWS(b, vEnd)
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
		}
	}
}

// eachElement calls fn for every element of the array b (b[0] == '[').
func eachElement(b []byte, fn func(val []byte)) {
	i := skipWS(b, 1)
	for i < len(b) && b[i] != ']' {
		end := skipValue(b, i)
		fn(b[i:end])
		i = skipWS(b, end)
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
		}
	}
}

// keyText returns a member key (quoted JSON) as text.
func keyText(q []byte) string {
	if !bytes.ContainsRune(q, '\\') {
		return string(q[1 : len(q)-1])
	}
	var s string
	_ = json.Unmarshal(q, &s)
	return s
}

// rawLookup returns the JSON at a dotted path, like lookupPath: arrays on the
// way collect their elements' values (flattened) into a new array, and a key
// containing dots matches as a whole too. A path that names no member but
// is the head of flat dotted keys (the legacy shape stores "client.address"
// and "client.port", no "client") is answered with those keys as one
// object ({"address": ..., "port": ...}), so a request for the parent
// finds a flat-stored document as it finds a nested one.
func rawLookup(b []byte, path string) ([]byte, bool) {
	b = b[skipWS(b, 0):]
	if path == "" {
		return b, true
	}
	if len(b) == 0 {
		return nil, false
	}
	switch b[0] {
	case '{':
		var out []byte
		found := false
		head := path + "."
		var flat *rawTree
		eachMember(b, func(kq, val []byte) bool {
			key := keyText(kq)
			if key == path {
				out, found = val, true
				return false
			}
			if rest, ok := strings.CutPrefix(path, key+"."); ok {
				if v, ok := rawLookup(val, rest); ok {
					out, found = v, true
					return false
				}
			}
			if rest, ok := strings.CutPrefix(key, head); ok && rest != "" {
				if flat == nil {
					flat = &rawTree{}
				}
				flat.set(rest, val)
			}
			return true
		})
		if !found && flat != nil {
			return flat.appendJSON(nil), true
		}
		return out, found
	case '[':
		parts := [][]byte{}
		found := false
		eachElement(b, func(e []byte) {
			v, ok := rawLookup(e, path)
			if !ok {
				return
			}
			found = true
			if len(v) > 0 && v[0] == '[' {
				eachElement(v, func(x []byte) { parts = append(parts, x) })
			} else {
				parts = append(parts, v)
			}
		})
		if !found {
			return nil, false
		}
		return append(append([]byte{'['}, bytes.Join(parts, []byte{','})...), ']'), true
	}
	return nil, false
}

// rawField is a field's raw value in a document: the first alias path
// present and not null.
func rawField(doc []byte, field string) []byte {
	for _, p := range index.ResolvePaths(field) {
		if v, ok := rawLookup(doc, p); ok && string(v) != "null" {
			return v
		}
	}
	return nil
}

// rawTree assembles a body from raw values under dotted names, written with
// sorted keys.
type rawTree struct {
	raw  []byte
	kids map[string]*rawTree
}

// When a whole value and parts of it are both set (fields=client,
// client.address), the whole value wins whichever comes first, unless it
// is null (raw nil): then the parts are kept. A flat-stored document thus
// answers client.address even where "client" finds nothing.
func (t *rawTree) set(name string, raw []byte) {
	head, rest, more := strings.Cut(name, ".")
	if t.kids == nil {
		t.kids = map[string]*rawTree{}
	}
	k := t.kids[head]
	if !more {
		if k == nil || k.kids != nil && raw != nil {
			t.kids[head] = &rawTree{raw: raw}
		}
		return
	}
	switch {
	case k == nil || k.kids == nil && k.raw == nil:
		k = &rawTree{}
		t.kids[head] = k
	case k.kids == nil:
		return // a whole value was set already
	}
	k.set(rest, raw)
}

func (t *rawTree) appendJSON(b []byte) []byte {
	if t.kids == nil {
		if t.raw == nil {
			return append(b, "null"...)
		}
		return append(b, t.raw...)
	}
	keys := make([]string, 0, len(t.kids))
	for k := range t.kids {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsondoc.AppendString(b, k)
		b = append(b, ':')
		b = t.kids[k].appendJSON(b)
	}
	return append(b, '}')
}

// rawText is a scalar as CSV text: strings unquoted, null empty, anything
// else as its JSON.
func rawText(raw []byte) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		return keyText(raw)
	}
	return string(raw)
}

// rawCells turns a value into CSV cells: one per list element (an empty
// list gives one empty cell), otherwise one.
func rawCells(raw []byte) []string {
	if len(raw) == 0 || raw[0] != '[' {
		return []string{rawText(raw)}
	}
	var out []string
	eachElement(raw, func(e []byte) { out = append(out, rawText(e)) })
	if len(out) == 0 {
		return []string{""}
	}
	return out
}
