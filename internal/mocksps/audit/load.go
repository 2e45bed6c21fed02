package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// LoadFile reads a session file; see Load for the format.
func LoadFile(path string) (*Store, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer f.Close()
	st, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return st, nil
}

// wrapperKeys are the top-level keys of the extended file format.
var wrapperKeys = map[string]string{
	"sessions":        "",
	"events":          jsondoc.ListEvents,
	"alerts":          jsondoc.ListAlerts,
	"channels":        jsondoc.ListChannels,
	"indexing":        jsondoc.ListIndexing,
	"trail_downloads": jsondoc.ListDownloads,
}

// Load reads sessions from JSON. Two shapes are accepted:
//
//   - the vendor examples' shape: an object mapping session key to session
//     document, {"1": {"protocol": "ssh", ...}, "2": {...}};
//   - an extended shape with per-session lists:
//     {"sessions": {key: doc}, "events": {key: [...]}, "alerts": {key: [...]},
//     "channels": {key: [...]}, "indexing": {key: [...]},
//     "trail_downloads": {key: [...]}}.
//
// Documents may lack any field; values (dates as ISO strings, date-only
// strings or epoch numbers) are stored and echoed as written, with object
// keys sorted. Keys of the lists may be session keys or their REST form.
func Load(r io.Reader) (*Store, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("audit: session file: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("audit: session file: unexpected data after the top-level object")
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, errors.New("audit: session file: the top level must be a JSON object")
	}
	docs, lists := obj, map[string]map[string]any{}
	if isWrapped(obj) {
		docs = obj["sessions"].(map[string]any)
		for k, kind := range wrapperKeys {
			if kind == "" || obj[k] == nil {
				continue
			}
			m, ok := obj[k].(map[string]any)
			if !ok {
				return nil, fmt.Errorf("audit: session file: %q must map session keys to lists", k)
			}
			lists[kind] = m
		}
	}
	src, err := loadDocs(docs)
	if err != nil {
		return nil, err
	}
	if err := src.loadLists(lists); err != nil {
		return nil, err
	}
	return newStore(newState(sessionsOf(src))), nil
}

// isWrapped tells the extended shape from a plain key -> document map: it
// has a "sessions" object and no key outside the wrapper's.
func isWrapped(obj map[string]any) bool {
	if _, ok := obj["sessions"].(map[string]any); !ok {
		return false
	}
	for k := range obj {
		if _, ok := wrapperKeys[k]; !ok {
			return false
		}
	}
	return true
}

// loaded are sessions read from a file (or changed through the store):
// canonical JSON documents and the lists given for them. It is a
// jsondoc.Source.
type loaded struct {
	keys  []string
	docs  [][]byte
	lists []map[string][][]byte // per session; nil when the file gave none
	texts [][]string            // per session: the content of its events
	pos   map[string]int        // key and its REST form -> session
}

// loadDocs reads the documents, in key order.
func loadDocs(docs map[string]any) (*loaded, error) {
	keys := make([]string, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	src := &loaded{pos: map[string]int{}}
	for _, k := range keys {
		if k == "" {
			return nil, errors.New("audit: session file: empty session key")
		}
		doc, ok := docs[k].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("audit: session file: session %q must be a JSON object", k)
		}
		src.add(k, jsondoc.Canonical(doc))
	}
	for k, i := range src.pos {
		if r := jsondoc.RESTForm(k); r != k {
			if _, taken := src.pos[r]; !taken {
				src.pos[r] = i
			}
		}
	}
	return src, nil
}

func (l *loaded) add(key string, doc []byte) int {
	l.pos[key] = len(l.keys)
	l.keys = append(l.keys, key)
	l.docs = append(l.docs, doc)
	l.lists = append(l.lists, nil)
	l.texts = append(l.texts, nil)
	return len(l.keys) - 1
}

// loadLists attaches the per-session lists of the extended shape.
func (l *loaded) loadLists(lists map[string]map[string]any) error {
	kinds := make([]string, 0, len(lists))
	for kind := range lists {
		kinds = append(kinds, kind)
	}
	slices.Sort(kinds)
	for _, kind := range kinds {
		for k, v := range lists[kind] {
			i, ok := l.pos[k]
			if !ok {
				i, ok = l.pos[jsondoc.RESTForm(k)]
			}
			if !ok {
				return fmt.Errorf("audit: session file: %s for unknown session %q", kind, k)
			}
			items, ok := v.([]any)
			if !ok && v != nil {
				return fmt.Errorf("audit: session file: %s of %q must be a list", kind, k)
			}
			if err := l.setList(i, kind, k, items); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loaded) setList(i int, kind, key string, items []any) error {
	raws := [][]byte{}
	for n, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			return fmt.Errorf("audit: session file: %s of %q: item %d must be an object", kind, key, n)
		}
		raws = append(raws, jsondoc.Canonical(m))
		if kind == jsondoc.ListEvents {
			if c, ok := m["content"].(string); ok {
				l.texts[i] = append(l.texts[i], c)
			}
		}
	}
	if l.lists[i] == nil {
		l.lists[i] = map[string][][]byte{}
	}
	l.lists[i][kind] = raws
	return nil
}

var _ jsondoc.Source = (*loaded)(nil)

func (l *loaded) Len() int         { return len(l.keys) }
func (l *loaded) Key(i int) string { return l.keys[i] }
func (l *loaded) Doc(i int) []byte { return l.docs[i] }

func (l *loaded) Emit(i int, w jsondoc.Sink) {
	if v, err := jsondoc.Decode(l.docs[i]); err == nil {
		_ = jsondoc.Emit(w, "", v)
	}
}

func (l *loaded) Contents(i int, fn func([]byte)) {
	for _, c := range l.texts[i] {
		fn([]byte(c))
	}
}

// List is a list the file gave; without a channels list, the channels are
// read from a "channel" (or "channels") array inside the document itself,
// as in the vendor's CSV example.
func (l *loaded) List(i int, kind string) [][]byte {
	items, ok := l.lists[i][kind]
	if !ok && kind == jsondoc.ListChannels {
		return embeddedChannels(l.docs[i])
	}
	return items
}

// embeddedChannels reads a "channel" (or "channels") array stored inside the
// document itself.
func embeddedChannels(raw []byte) [][]byte {
	v, err := jsondoc.Decode(raw)
	if err != nil {
		return nil
	}
	m, _ := v.(map[string]any)
	for _, k := range []string{"channel", "channels"} {
		list, ok := m[k].([]any)
		if !ok {
			continue
		}
		var out [][]byte
		for _, e := range list {
			if _, isObj := e.(map[string]any); isObj {
				out = append(out, jsondoc.Canonical(e))
			}
		}
		return out
	}
	return nil
}
