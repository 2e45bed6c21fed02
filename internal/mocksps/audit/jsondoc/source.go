package jsondoc

import "strings"

// Source is a set of recorded sessions the store serves: generated ones
// (package gen, derived from a seed on demand) or ones loaded from a file.
// A session is a position in its source; what it holds is asked of the
// source, so no caller needs to know which kind it is.
type Source interface {
	// Len is the number of sessions.
	Len() int
	// Key is session i's key.
	Key(i int) string
	// Emit streams session i's document into w, object keys sorted.
	Emit(i int, w Sink)
	// Doc is session i's document as canonical JSON. The result is shared:
	// callers must not modify it.
	Doc(i int) []byte
	// Contents feeds the text of each of session i's events to fn, for the
	// content index. fn must copy what it keeps.
	Contents(i int, fn func(text []byte))
	// List is one of session i's lists (ListEvents, ...) as canonical JSON
	// objects.
	List(i int, kind string) [][]byte
}

// The per-session lists a Source serves.
const (
	ListEvents    = "events"
	ListAlerts    = "alerts"
	ListChannels  = "channels"
	ListIndexing  = "indexing"
	ListDownloads = "trail_downloads"
)

// RESTForm converts a session id to the form REST paths use: every
// character other than a letter, digit, '_' or '-' becomes '-'
// (svc/X/name:2 -> svc-X-name-2).
func RESTForm(id string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		}
		return '-'
	}, id)
}
