package audit

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/index"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// The session database changes while clients read it: connections close,
// the cleanup removes old sessions. These changes let tests (and demos)
// do that to the mock, each building a new state (store.go), so a
// snapshot taken before still sees the sessions as they were.

// RemoveSessions deletes the sessions with the given keys, as the cleanup
// does, and returns how many there were.
func (st *Store) RemoveSessions(keys ...string) int {
	removed := 0
	st.change(func(d *state) *state {
		gone := map[string]bool{}
		for _, k := range keys {
			gone[k] = true
		}
		kept := slices.DeleteFunc(slices.Clone(d.sessions), func(s session) bool { return gone[s.key] })
		if removed = len(d.sessions) - len(kept); removed == 0 {
			return nil
		}
		return newState(kept)
	})
	return removed
}

// CloseSession ends the active session key at end, as SPS records a
// connection closing: active becomes false, end_time end, and duration
// the seconds from start_time to end. Its lists stay as they are.
func (st *Store) CloseSession(key string, end time.Time) error {
	var err error
	st.change(func(d *state) *state {
		i, ok := d.byKey[key]
		if !ok {
			err = fmt.Errorf("audit: no session %q", key)
			return nil
		}
		v, derr := jsondoc.Decode(d.Doc(int(i)))
		doc, isObj := v.(map[string]any)
		if derr != nil || !isObj {
			err = fmt.Errorf("audit: session %q: its document is not an object", key)
			return nil
		}
		doc["active"] = false
		doc["end_time"] = jsondoc.FormatMillis(end.UnixMilli())
		if start, _, ok := index.ParseTime(fmt.Sprint(doc["start_time"]), time.UTC); ok {
			doc["duration"] = json.Number(strconv.FormatInt(int64(end.Sub(start).Seconds()), 10))
		}
		sessions := slices.Clone(d.sessions)
		sessions[i] = session{key: key, src: replaced(d, int(i), jsondoc.Canonical(doc)), i: 0}
		return newState(sessions)
	})
	return err
}

// replaced is session i of src with another document, as a loaded
// session of its own: its lists and event texts are copied.
func replaced(src jsondoc.Source, i int, doc []byte) *loaded {
	l := &loaded{pos: map[string]int{}}
	l.add(src.Key(i), doc)
	l.lists[0] = map[string][][]byte{}
	for _, kind := range []string{jsondoc.ListEvents, jsondoc.ListAlerts, jsondoc.ListChannels, jsondoc.ListIndexing, jsondoc.ListDownloads} {
		l.lists[0][kind] = src.List(i, kind)
	}
	src.Contents(i, func(b []byte) { l.texts[0] = append(l.texts[0], string(b)) })
	return l
}
