package audit

import (
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// Every audit trail downloaded through the REST API is listed afterwards in
// the session's trail_downloads with from_api true, as the vendor's
// trail_downloads page describes ("True, if the audit trail was not
// downloaded from the GUI, but through SOAP or REST API"). Generated and
// loaded downloads come first; API downloads follow in the order they
// happened. They live in memory only, like the rest of the mock.

// downloads are the API downloads of audit trails, by session key, as
// trail_downloads items.
type downloads struct {
	mu    sync.Mutex
	byKey map[string][][]byte
}

// record adds one API download of session key's audit trail.
func (dl *downloads) record(key string, r *http.Request, at time.Time) {
	user := ""
	if c, ok := httpapi.CallerFrom(r.Context()); ok {
		user = c.User
	}
	ip := r.RemoteAddr
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		ip = host
	}
	w := jsondoc.NewWriter(128)
	w.Object("")
	w.Boolean("from_api", true)
	w.Str("ip_address", ip)
	w.TimeMs("time", at.UnixMilli())
	w.Str("username", user)
	w.EndObject()

	dl.mu.Lock()
	defer dl.mu.Unlock()
	if dl.byKey == nil {
		dl.byKey = map[string][][]byte{}
	}
	dl.byKey[key] = append(dl.byKey[key], w.Bytes())
}

// of returns the API downloads of session key.
func (dl *downloads) of(key string) [][]byte {
	dl.mu.Lock()
	defer dl.mu.Unlock()
	return slices.Clone(dl.byKey[key])
}
