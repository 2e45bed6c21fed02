package audit

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/gen"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/index"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/query"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// session serves GET /api/audit/sessions/<id>[/<sub>[/<n>]].
func (h *handler) session(w http.ResponseWriter, r *http.Request, d *state, id string, rest []string) {
	s, ok := d.lookup(id)
	if !ok {
		httpapi.WriteError(w, r, http.StatusNotFound, "NotFound", fmt.Sprintf("session %q does not exist", id), map[string]any{"id": id})
		return
	}
	href := sessionHref(d.sessions[s].key)
	if len(rest) == 0 {
		meta := map[string]any{"href": href, "parent": sessionsHref}
		addRemaining(meta, r)
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{
			"body": json.RawMessage(d.Doc(int(s))),
			"key":  d.sessions[s].key,
			"meta": meta,
		})
		return
	}
	sub := rest[0]
	switch {
	case len(rest) == 2 && sub == jsondoc.ListChannels:
		h.channel(w, r, d, s, href, rest[1])
	case len(rest) > 1:
		notFound(w, r)
	case sub == jsondoc.ListAlerts:
		h.list(w, r, href, sub, sortByRecordID(h.st.subList(d, s, jsondoc.ListAlerts)))
	case sub == jsondoc.ListEvents:
		h.events(w, r, d, s, href)
	case sub == jsondoc.ListChannels:
		h.list(w, r, href, sub, channelItems(h.st.subList(d, s, jsondoc.ListChannels), href))
	case sub == jsondoc.ListIndexing || sub == "indexer" || sub == "indexers":
		h.list(w, r, href, sub, h.st.subList(d, s, jsondoc.ListIndexing))
	case sub == jsondoc.ListDownloads:
		h.list(w, r, href, sub, h.st.subList(d, s, jsondoc.ListDownloads))
	case sub == "content":
		h.content(w, r, d, s, href)
	case sub == "audit_trail":
		h.auditTrail(w, r, d, s)
	default:
		notFound(w, r)
	}
}

// list writes one page of a per-session list with the documented meta.
func (h *handler) list(w http.ResponseWriter, r *http.Request, parent, sub string, items [][]byte) {
	v := params(r)
	limit, offset, err := paging(v, "InvalidQuery", MaxOffset)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	var extra [][2]string
	if q := v.Get("q"); q != "" {
		extra = append(extra, [2]string{"q", q})
	}
	out := make([]json.RawMessage, 0, min(limit, len(items)))
	for i := offset; i < len(items) && i < offset+limit; i++ {
		out = append(out, items[i])
	}
	meta := map[string]any{"parent": parent}
	pageMeta(meta, parent+"/"+sub, len(items), limit, offset, MaxOffset, extra)
	addRemaining(meta, r)
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": out, "meta": meta})
}

// sortByRecordID orders alerts and events by record_id, as SPS does.
func sortByRecordID(items [][]byte) [][]byte {
	type keyed struct {
		rec  float64
		item []byte
	}
	ks := make([]keyed, len(items))
	for i, it := range items {
		ks[i].item = it
		var probe struct {
			RecordID json.Number `json:"record_id"`
		}
		_ = json.Unmarshal(it, &probe)
		ks[i].rec, _ = strconv.ParseFloat(string(probe.RecordID), 64)
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		switch {
		case a.rec < b.rec:
			return -1
		case a.rec > b.rec:
			return 1
		}
		return 0
	})
	out := make([][]byte, len(ks))
	for i := range ks {
		out[i] = ks[i].item
	}
	return out
}

// channelKey is a channel's key: its channel_id, else its position.
func channelKey(body []byte, i int) string {
	var probe struct {
		ChannelID json.Number `json:"channel_id"`
	}
	if json.Unmarshal(body, &probe) == nil && probe.ChannelID != "" {
		return probe.ChannelID.String()
	}
	return strconv.Itoa(i + 1)
}

// channelItems wraps channel bodies as {"body", "key", "meta"} items. A file
// may already provide them in that shape.
func channelItems(bodies [][]byte, parent string) [][]byte {
	out := make([][]byte, 0, len(bodies))
	for i, b := range bodies {
		var wrapped struct {
			Body json.RawMessage `json:"body"`
			Key  json.RawMessage `json:"key"`
		}
		if json.Unmarshal(b, &wrapped) == nil && len(wrapped.Body) > 0 && wrapped.Body[0] == '{' {
			key := channelKey(wrapped.Body, i)
			var k string
			if json.Unmarshal(wrapped.Key, &k) == nil && k != "" {
				key = k
			}
			b = wrapped.Body
			out = append(out, channelItem(b, key, parent))
			continue
		}
		out = append(out, channelItem(b, channelKey(b, i), parent))
	}
	return out
}

func channelItem(body []byte, key, parent string) []byte {
	return jsondoc.Marshal(struct {
		Body json.RawMessage `json:"body"`
		Key  string          `json:"key"`
		Meta hrefMeta        `json:"meta"`
	}{json.RawMessage(body), key, hrefMeta{Href: parent + "/channels/" + key}})
}

// channel serves one channel: .../channels/<key>.
func (h *handler) channel(w http.ResponseWriter, r *http.Request, d *state, s int32, parent, key string) {
	for _, item := range channelItems(h.st.subList(d, s, jsondoc.ListChannels), parent) {
		var c struct {
			Body json.RawMessage `json:"body"`
			Key  string          `json:"key"`
		}
		_ = json.Unmarshal(item, &c)
		if c.Key != key {
			continue
		}
		meta := map[string]any{"href": parent + "/channels/" + key, "parent": parent + "/channels"}
		addRemaining(meta, r)
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"body": c.Body, "key": c.Key, "meta": meta})
		return
	}
	notFound(w, r)
}

// eventFields are the fields the events endpoint filters on.
var eventFields = map[string]bool{"channels_id": true, "content": true, "record_id": true, "time": true, "type": true, "action": true}

// events serves .../events with its own ?q filter.
func (h *handler) events(w http.ResponseWriter, r *http.Request, d *state, s int32, parent string) {
	items := sortByRecordID(h.st.subList(d, s, jsondoc.ListEvents))
	q := params(r).Get("q")
	n, err := query.Parse(q, query.Options{KnownField: func(f string) bool { return eventFields[f] }})
	if err != nil {
		writeErr(w, r, queryErr("InvalidQuery", "q", q, err))
		return
	}
	keep := items[:0:0]
	for _, it := range items {
		obj, err := jsondoc.Decode(it)
		if err != nil {
			continue
		}
		ok, err := index.MatchObject(n, obj.(map[string]any))
		if err != nil {
			writeErr(w, r, queryErr("InvalidQuery", "q", q, err))
			return
		}
		if ok {
			keep = append(keep, it)
		}
	}
	h.list(w, r, parent, jsondoc.ListEvents, keep)
}

// content serves .../content?q=: the session's events whose content matches,
// in the shape of the content-search results. Without q the list is empty.
func (h *handler) content(w http.ResponseWriter, r *http.Request, d *state, s int32, parent string) {
	q := params(r).Get("q")
	var matched [][]byte
	if q != "" {
		cn, err := index.ParseContent(q)
		if err != nil {
			writeErr(w, r, queryErr("InvalidQuery", "q", q, err))
			return
		}
		tq, _ := index.CompileTextQuery(cn)
		trail := "1"
		if vals := d.ix.FieldTexts("content_reference_id", s); len(vals) > 0 {
			trail = vals[0]
		}
		for _, it := range sortByRecordID(h.st.subList(d, s, jsondoc.ListEvents)) {
			obj, err := jsondoc.Decode(it)
			if err != nil {
				continue
			}
			ev := obj.(map[string]any)
			lower, _ := ev[index.FieldContent].(string)
			lower = strings.ToLower(lower)
			tokens := index.Tokenize(lower)
			if !tq(lower, tokens) {
				continue
			}
			matched = append(matched, contentHit(ev, trail, len(tokens)))
		}
	}
	h.list(w, r, parent, "content", matched)
}

// contentHit renders one content-search result from an event. The rank is a
// stand-in (SPS computes a relevance score).
func contentHit(ev map[string]any, trail string, words int) []byte {
	channel, _ := strconv.Atoi(fmt.Sprint(ev["channels_id"]))
	rec, _ := strconv.Atoi(fmt.Sprint(ev["record_id"]))
	hit := map[string]any{
		"channel.id": channel,
		"start_time": ev["time"],
		"end_time":   ev["time"],
		"rank":       1 + 1/float64(1+words),
		"record_id":  map[string]any{"begin": rec, "end": rec, "for_screenshot": rec},
		"trail_id":   trail,
	}
	return jsondoc.Marshal(hit)
}

// auditTrail serves .../audit_trail: a synthetic trail file (.zat, or .srs
// with ?format=srs), deterministic per session. It is not a playable trail.
func (h *handler) auditTrail(w http.ResponseWriter, r *http.Request, d *state, s int32) {
	if !d.ix.HasTrail(s) {
		httpapi.NotFound(w, r, "the session has no audit trail")
		return
	}
	format := params(r).Get("format")
	magic, ext := "ZAT1", "zat"
	switch format {
	case "", "zat":
	case "srs":
		magic, ext = "SRS1", "srs"
	default:
		writeErr(w, r, badRequest("InvalidQuery", fmt.Sprintf("invalid format %q: use srs, or leave it out for .zat", format), map[string]any{"parameter": "format"}))
		return
	}
	key := d.sessions[s].key
	body := gen.Trail(magic, key)
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", jsondoc.RESTForm(key)+"."+ext))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		h.st.downloads.record(key, r, h.now())
		_, _ = w.Write(body)
	}
}
