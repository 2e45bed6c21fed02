package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
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
	"events":          subEvents,
	"alerts":          subAlerts,
	"channels":        subChannels,
	"indexing":        subIndexing,
	"trail_downloads": subDownloads,
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

	keys := make([]string, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	st := &Store{sessions: make([]session, 0, len(keys))}
	pos := map[string]int{}
	for _, k := range keys {
		if k == "" {
			return nil, errors.New("audit: session file: empty session key")
		}
		doc, ok := docs[k].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("audit: session file: session %q must be a JSON object", k)
		}
		pos[k] = len(st.sessions)
		st.sessions = append(st.sessions, session{key: k, raw: canonicalJSON(doc)})
	}
	for k, i := range pos {
		if r := restForm(k); r != k {
			if _, taken := pos[r]; !taken {
				pos[r] = i
			}
		}
	}

	kinds := make([]string, 0, len(lists))
	for kind := range lists {
		kinds = append(kinds, kind)
	}
	slices.Sort(kinds)
	for _, kind := range kinds {
		for k, v := range lists[kind] {
			i, ok := pos[k]
			if !ok {
				i, ok = pos[restForm(k)]
			}
			if !ok {
				return nil, fmt.Errorf("audit: session file: %s for unknown session %q", kind, k)
			}
			items, ok := v.([]any)
			if !ok && v != nil {
				return nil, fmt.Errorf("audit: session file: %s of %q must be a list", kind, k)
			}
			ss := &st.sessions[i]
			if ss.sub == nil {
				ss.sub = &subResources{}
			}
			var raws [][]byte
			for n, item := range items {
				m, ok := item.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("audit: session file: %s of %q: item %d must be an object", kind, k, n)
				}
				raws = append(raws, canonicalJSON(m))
				if kind == subEvents {
					if c, ok := m["content"].(string); ok {
						ss.sub.contents = append(ss.sub.contents, c)
					}
				}
			}
			switch kind {
			case subEvents:
				ss.sub.events = raws
			case subAlerts:
				ss.sub.alerts = raws
			case subChannels:
				ss.sub.channels, ss.sub.hasChannels = raws, true
			case subIndexing:
				ss.sub.indexing = raws
			case subDownloads:
				ss.sub.downloads = raws
			}
		}
	}
	st.rebuild()
	return st, nil
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
