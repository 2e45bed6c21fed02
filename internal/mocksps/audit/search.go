package audit

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/index"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

const sessionsHref = "/api/audit/sessions"

// fieldTrailLink is computed, not stored: the absolute link to the
// session's audit trail, "" without one.
const fieldTrailLink = "trail_download_link"

// filter applies q, content, start and end. errType is the 400 error type
// the endpoint documents (InvalidQuery for the list, InvalidQueryValue for
// stats). contentCap limits a content search to its first sessions (stats
// documents 3000); 0 means no cap.
func (d *state) filter(v url.Values, errType string, contentCap int) (index.Bitmap, error) {
	q := v.Get("q")
	n, err := d.ix.ParseQuery(q)
	if err != nil {
		return nil, queryErr(errType, "q", q, err)
	}
	b, err := d.ix.Eval(n)
	if err != nil {
		return nil, queryErr(errType, "q", q, err)
	}
	content := v.Get("content")
	if content != "" {
		cn, err := index.ParseContent(content)
		if err != nil {
			return nil, queryErr(errType, "content", content, err)
		}
		m, err := d.ix.ContentSessions(cn)
		if err != nil {
			return nil, queryErr(errType, "content", content, err)
		}
		b.And(m)
	}
	win, err := parseWindow(v, time.UTC, errType)
	if err != nil {
		return nil, err
	}
	d.ix.ApplyWindow(b, win)
	if content != "" && contentCap > 0 {
		d.ix.CapFirst(b, contentCap)
	}
	return b, nil
}

// splitFields reads ?fields=a,b (blank entries dropped).
func splitFields(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// checkFields refuses names that are neither elements, aliases, objects
// holding elements, nor the computed trail_download_link.
func (d *state) checkFields(fields []string) error {
	for _, f := range fields {
		if f == "*" || f == fieldTrailLink || f != index.FieldContent && d.ix.KnownField(f) || d.ix.ObjectField(f) {
			continue
		}
		return badRequest("InvalidQuery", "invalid fields: unknown field "+strconv.Quote(f), map[string]any{"parameter": "fields", "field": f})
	}
	return nil
}

type listItem struct {
	Body json.RawMessage `json:"body,omitempty"`
	Key  string          `json:"key"`
	Meta hrefMeta        `json:"meta"`
}

type hrefMeta struct {
	Href string `json:"href"`
}

func sessionHref(key string) string { return sessionsHref + "/" + jsondoc.RESTForm(key) }

// searchRequest is a search's parameters, checked.
type searchRequest struct {
	matches       index.Bitmap
	specs         []index.SortSpec
	fields        []string
	limit, offset int
	reach         int // how deep paging goes: 10000, or every match in a snapshot
	csv           bool
}

// searchRequest checks the parameters of a search of d.
func (d *state) searchRequest(v url.Values, reach int) (searchRequest, error) {
	var p searchRequest
	var err error
	if p.matches, err = d.filter(v, "InvalidQuery", 0); err != nil {
		return p, err
	}
	if p.specs, err = d.parseSort(v.Get("sort")); err != nil {
		return p, err
	}
	p.fields = splitFields(v.Get("fields"))
	if err = d.checkFields(p.fields); err != nil {
		return p, err
	}
	if p.limit, p.offset, err = paging(v, "InvalidQuery", reach); err != nil {
		return p, err
	}
	switch format := v.Get("format"); format {
	case "", "json":
	case "csv":
		p.csv = true
	default:
		return p, badRequest("InvalidQuery", fmt.Sprintf("invalid format %q: use json or csv", format), map[string]any{"parameter": "format"})
	}
	// Results beyond the reach cannot be paged to.
	p.reach = reach
	p.limit = max(0, min(p.limit, reach-p.offset))
	return p, nil
}

// search serves GET /api/audit/sessions, of the current state or, with
// snapshot=, of a snapshot (read past 10000 results).
func (h *handler) search(w http.ResponseWriter, r *http.Request, d *state) {
	v := params(r)
	reach := MaxOffset
	if id := v.Get("snapshot"); id != "" && h.advanced {
		if v.Get("format") == "csv" {
			writeErr(w, r, h.noSnapshot(v, "format=csv", "InvalidQuery"))
			return
		}
		var err error
		if d, err = h.snapshotState(r, d, id); err != nil {
			writeErr(w, r, err)
			return
		}
		reach = math.MaxInt32
	}
	p, err := d.searchRequest(v, reach)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	ids := d.ix.Sorted(p.matches, p.specs, p.offset, p.limit)
	if p.csv {
		d.writeCSV(w, r, ids, p.fields)
		return
	}
	items := make([]listItem, 0, len(ids))
	for _, s := range ids {
		item := listItem{Key: d.sessions[s].key, Meta: hrefMeta{Href: sessionHref(d.sessions[s].key)}}
		if len(p.fields) > 0 {
			item.Body = d.body(s, p.fields, r)
		}
		items = append(items, item)
	}
	meta := map[string]any{"parent": "/api/audit"}
	metaFields := p.fields
	if metaFields == nil {
		metaFields = []string{}
	}
	meta["fields"] = metaFields
	extra := [][2]string{{"fields", strings.Join(p.fields, ",")}}
	for _, k := range []string{"q", "sort", "start", "end", "content", "format", "snapshot"} {
		if s := v.Get(k); s != "" && (k != "snapshot" || p.reach != MaxOffset) {
			extra = append(extra, [2]string{k, s})
		}
	}
	pageMeta(meta, sessionsHref, p.matches.Count(), p.limit, p.offset, p.reach, extra)
	addRemaining(meta, r)
	writeItems(w, items, meta)
}

// body builds one session's "body": each requested field under the name it
// was requested by (dots nest), in alphabetical key order; fields=* returns
// the whole document.
func (d *state) body(s int32, fields []string, r *http.Request) json.RawMessage {
	raw := d.Doc(int(s))
	if len(fields) == 1 && fields[0] == "*" {
		return raw
	}
	tree := &rawTree{}
	for _, f := range fields {
		if f == "*" {
			eachMember(raw, func(k, v []byte) bool {
				tree.set(keyText(k), v)
				return true
			})
			continue
		}
		tree.set(f, d.rawFieldValue(s, raw, f, r))
	}
	return tree.appendJSON(nil)
}

// rawFieldValue is a field's raw value, or the computed trail_download_link.
func (d *state) rawFieldValue(s int32, doc []byte, field string, r *http.Request) []byte {
	if field == fieldTrailLink {
		return jsondoc.AppendString(nil, d.trailLink(s, r))
	}
	return rawField(doc, field)
}

// trailLink is the absolute download link of the session's audit trail, or
// "" when it has none (as in the vendor's CSV example).
func (d *state) trailLink(s int32, r *http.Request) string {
	if !d.ix.HasTrail(s) {
		return ""
	}
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host + sessionHref(d.sessions[s].key) + "/audit_trail"
}

// parseSort reads ?sort=duration,-start_time.
func (d *state) parseSort(s string) ([]index.SortSpec, error) {
	var out []index.SortSpec
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		spec := index.SortSpec{Field: part}
		if rest, ok := strings.CutPrefix(part, "-"); ok {
			spec = index.SortSpec{Field: rest, Desc: true}
		} else if rest, ok := strings.CutPrefix(part, "+"); ok {
			spec.Field = rest
		}
		if spec.Field == "" || spec.Field == index.FieldContent || !d.ix.KnownField(spec.Field) {
			return nil, badRequest("InvalidQuery", "invalid sort: unknown field "+strconv.Quote(spec.Field), map[string]any{"parameter": "sort", "field": spec.Field})
		}
		out = append(out, spec)
	}
	return out, nil
}
