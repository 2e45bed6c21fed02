package audit

import (
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// Every audit trail downloaded through the REST API is listed afterwards in
// the session's trail_downloads with from_api true, as the vendor's
// trail_downloads page describes ("True, if the audit trail was not
// downloaded from the GUI, but through SOAP or REST API"). Generated and
// loaded downloads come first; API downloads follow in the order they
// happened. They live in memory only, like the rest of the mock.

// recordDownload adds one API download of session key's audit trail.
func (st *Store) recordDownload(key string, r *http.Request, at time.Time) {
	user := ""
	if c, ok := httpapi.CallerFrom(r.Context()); ok {
		user = c.User
	}
	ip := r.RemoteAddr
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		ip = host
	}
	w := &jsonWriter{}
	w.object("")
	w.boolean("from_api", true)
	w.str("ip_address", ip)
	w.timeMs("time", at.UnixMilli())
	w.str("username", user)
	w.endObject()

	st.dlMu.Lock()
	defer st.dlMu.Unlock()
	if st.apiDownls == nil {
		st.apiDownls = map[string][][]byte{}
	}
	st.apiDownls[key] = append(st.apiDownls[key], w.buf)
}

// recordedDownloads returns the API downloads of session key.
func (st *Store) recordedDownloads(key string) [][]byte {
	st.dlMu.Lock()
	defer st.dlMu.Unlock()
	return slices.Clone(st.apiDownls[key])
}
