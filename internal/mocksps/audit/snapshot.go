package audit

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// The advanced search of SPS 7.x and 8.x (the vendor's "advanced search
// method" page, and its Power BI connector): GET
// /api/audit/sessions/_snapshot takes a snapshot of the session database,
// and searches with snapshot=<id> read it, paging by meta.next past the
// basic search's 10000 results. The page says a snapshot expires after 5
// minutes and every query on it extends it by 5 more, and that a cached
// snapshot serves requests with the same Remote-Addr and User-Agent from
// the user it belongs to. A snapshot here is the state of the store at its
// moment (store.go), so sessions closed or removed afterwards are not seen
// through it. What the page leaves open is the mock's choice, listed in
// the ambiguity table of internal/mocksps/README.md.

// SnapshotTTL is how long a snapshot lives after it was made or last
// queried.
const SnapshotTTL = 5 * time.Minute

// snapshot is one snapshot of the session database.
type snapshot struct {
	state   *state
	owner   snapshotOwner
	expires time.Time
}

// snapshotOwner is who may use a snapshot: the user, from the same address
// with the same User-Agent.
type snapshotOwner struct {
	user, ip, agent string
}

func ownerOf(r *http.Request) snapshotOwner {
	o := snapshotOwner{agent: r.UserAgent(), ip: r.RemoteAddr}
	if c, ok := httpapi.CallerFrom(r.Context()); ok {
		o.user = c.User
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		o.ip = host
	}
	return o
}

// snapshots are the live snapshots of a store, by id.
type snapshots struct {
	mu   sync.Mutex
	byID map[string]*snapshot
}

// create takes a snapshot of d for owner at now and returns its id.
// Expired snapshots are dropped first, so the live ones bound the memory
// kept for old states.
func (ss *snapshots) create(d *state, owner snapshotOwner, now time.Time) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.byID == nil {
		ss.byID = map[string]*snapshot{}
	}
	for k, s := range ss.byID {
		if !now.Before(s.expires) {
			delete(ss.byID, k)
		}
	}
	ss.byID[id] = &snapshot{state: d, owner: owner, expires: now.Add(SnapshotTTL)}
	return id
}

// use returns the state of snapshot id for owner at now and extends the
// snapshot's life; an unknown, expired or someone else's snapshot is the
// same 404 (the error SPS gives is not documented).
func (ss *snapshots) use(id string, owner snapshotOwner, now time.Time) (*state, error) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.byID[id]
	if ok && !now.Before(s.expires) {
		delete(ss.byID, id)
		ok = false
	}
	if !ok || s.owner != owner {
		return nil, &apiError{status: http.StatusNotFound, typ: "NotFound",
			msg:     fmt.Sprintf("snapshot %q does not exist or has expired; make a new one with GET %s/_snapshot", id, sessionsHref),
			details: map[string]any{"parameter": "snapshot", "snapshot": id}}
	}
	s.expires = now.Add(SnapshotTTL)
	return s.state, nil
}

// snapshotState resolves the snapshot parameter of a search: the current
// state without one, the snapshot's with one.
func (h *handler) snapshotState(r *http.Request, d *state, id string) (*state, error) {
	if id == "" || !h.advanced {
		return d, nil
	}
	return h.st.snaps.use(id, ownerOf(r), h.now())
}

// createSnapshot serves GET /api/audit/sessions/_snapshot.
func (h *handler) createSnapshot(w http.ResponseWriter, r *http.Request, d *state) {
	id := h.st.snaps.create(d, ownerOf(r), h.now())
	meta := map[string]any{"href": sessionsHref + "/_snapshot", "parent": sessionsHref}
	addRemaining(meta, r)
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"body": map[string]any{"snapshot": id}, "meta": meta})
}

// count serves GET /api/audit/sessions/_count: how many sessions match q,
// content, start and end, in the top-level count (as the vendor's
// connector reads it); with snapshot=, in that snapshot.
func (h *handler) count(w http.ResponseWriter, r *http.Request, d *state) {
	v := params(r)
	d, err := h.snapshotState(r, d, v.Get("snapshot"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	b, err := d.filter(v, "InvalidQuery", 0)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	meta := map[string]any{"href": sessionsHref + "/_count", "parent": sessionsHref}
	addRemaining(meta, r)
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"count": b.Count(), "meta": meta})
}

// noSnapshot refuses the snapshot parameter where the mock does not take
// it (CSV, stats, histogram): the vendor does not say they accept it, and
// a silently ignored snapshot would answer about another moment.
func (h *handler) noSnapshot(v map[string][]string, where, errType string) error {
	if _, ok := v["snapshot"]; !ok || !h.advanced {
		return nil
	}
	return badRequest(errType, where+" does not take snapshot: read the snapshot's sessions as JSON pages",
		map[string]any{"parameter": "snapshot"})
}
