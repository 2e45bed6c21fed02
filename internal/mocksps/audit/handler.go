package audit

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

type handler struct {
	st         *Store
	now        func() time.Time
	contentCap int  // sessions a stats content search counts (StatsContentCap)
	advanced   bool // the advanced search: _snapshot, _count, snapshot= (snapshot.go)
}

// HandlerOption adjusts what Handler serves.
type HandlerOption func(*handler)

// AdvancedSearch serves the advanced search of SPS 7.x and 8.x: snapshots
// (_snapshot, snapshot=) and _count. Without it those endpoints answer 404,
// as on SPS 6.x.
func AdvancedSearch() HandlerOption { return func(h *handler) { h.advanced = true } }

// Handler serves /api/audit/... from the store. Authentication is the
// caller's job; the caller's remaining session time (httpapi.CallerFrom)
// is echoed as meta.remaining_seconds. now is the clock for the histogram's
// defaults (time.Now when nil). The handler accepts paths with or without
// the /api/audit prefix, so it can be mounted with or without
// http.StripPrefix. now is also the clock snapshots expire by.
func (st *Store) Handler(now func() time.Time, opts ...HandlerOption) http.Handler {
	if now == nil {
		now = time.Now
	}
	h := &handler{st: st, now: now, contentCap: StatsContentCap}
	for _, o := range opts {
		o(h)
	}
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		httpapi.WriteError(w, r, http.StatusMethodNotAllowed, "MethodNotAllowed",
			"the audit session database is read-only: only GET is allowed", nil)
		return
	}
	segs, ok := pathSegments(r)
	if !ok {
		notFound(w, r)
		return
	}
	d := h.st.state()
	switch {
	case len(segs) == 0:
		h.index(w, r)
	case segs[0] != "sessions":
		notFound(w, r)
	case len(segs) == 1:
		h.search(w, r, d)
	case len(segs) == 2 && segs[1] == "stats":
		h.stats(w, r, d)
	case len(segs) == 2 && segs[1] == "histogram":
		h.histogram(w, r, d)
	case len(segs) == 2 && segs[1] == "_snapshot" && h.advanced:
		h.createSnapshot(w, r, d)
	case len(segs) == 2 && segs[1] == "_count" && h.advanced:
		h.count(w, r, d)
	default:
		h.session(w, r, d, segs[1], segs[2:])
	}
}

// pathSegments splits the path below /api/audit, unescaping each segment so
// an id sent as svc%2FX%2Fname%3A2 stays one segment. Trailing slashes are
// ignored (SPS documents .../content/?q=).
func pathSegments(r *http.Request) ([]string, bool) {
	p := r.URL.EscapedPath()
	p = strings.TrimPrefix(p, "/api/audit")
	p = strings.Trim(p, "/")
	if p == "" {
		return nil, true
	}
	raw := strings.Split(p, "/")
	segs := make([]string, 0, len(raw))
	for _, s := range raw {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, false
		}
		segs = append(segs, u)
	}
	return segs, true
}

func notFound(w http.ResponseWriter, r *http.Request) {
	httpapi.NotFound(w, r, "the requested object does not exist")
}

// index serves GET /api/audit.
func (h *handler) index(w http.ResponseWriter, r *http.Request) {
	meta := map[string]any{"href": "/api/audit", "parent": "/api"}
	addRemaining(meta, r)
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{
		"items": []listItem{{Key: "sessions", Meta: hrefMeta{Href: sessionsHref}}},
		"meta":  meta,
	})
}
