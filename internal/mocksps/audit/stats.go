package audit

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/index"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// Stats limits.
const (
	DefaultStatsSize = 10    // ?size default (the vendor sample shows 10)
	MaxStatsSize     = 10000 // larger sizes are capped
	StatsContentCap  = 3000  // a content search counts only its first 3000 sessions
)

type statItem struct {
	Buckets []statBucket    `json:"buckets,omitempty"`
	Count   int             `json:"count"`
	Others  *int            `json:"others,omitempty"`
	Value   json.RawMessage `json:"value"`
}

type statBucket struct {
	Count int             `json:"count"`
	Value json.RawMessage `json:"value"`
}

// stats serves GET /api/audit/sessions/stats.
func (h *handler) stats(w http.ResponseWriter, r *http.Request, d *state) {
	v := params(r)
	if err := h.noSnapshot(v, "stats", "InvalidQueryValue"); err != nil {
		writeErr(w, r, err)
		return
	}
	field := v.Get("field")
	if field == "" {
		writeErr(w, r, badRequest("InvalidQueryValue", "the field parameter is required", map[string]any{"parameter": "field"}))
		return
	}
	if field == index.FieldContent || !d.ix.KnownField(field) {
		writeErr(w, r, badRequest("InvalidQueryValue", "unknown field "+strconv.Quote(field), map[string]any{"parameter": "field", "field": field}))
		return
	}
	// sub_fields takes one field; SPS ignores any after the first.
	sub := ""
	if raw := v.Get("sub_fields"); raw != "" {
		sub = strings.TrimSpace(strings.Split(raw, ",")[0])
		if sub == index.FieldContent || !d.ix.KnownField(sub) {
			writeErr(w, r, badRequest("InvalidQueryValue", "unknown sub field "+strconv.Quote(sub), map[string]any{"parameter": "sub_fields", "field": sub}))
			return
		}
	}
	size, err := statsSize(v.Get("size"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	b, err := d.filter(v, "InvalidQueryValue", h.contentCap)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	fi := d.ix.Field(field)
	top, others := index.TopValues(d.ix.CountValues(fi, b), size)
	var subSets []index.Bitmap
	var subFi *index.FieldRanks
	if sub != "" {
		subSets = d.ix.SessionsByValue(fi, b, top)
		subFi = d.ix.Field(sub)
	}
	items := make([]statItem, 0, len(top))
	for i, g := range top {
		item := statItem{Count: g.Count, Value: fi.RawValue(g.Rank)}
		if sub != "" {
			subTop, subOthers := index.TopValues(d.ix.CountValues(subFi, subSets[i]), size)
			item.Buckets = make([]statBucket, 0, len(subTop))
			for _, sg := range subTop {
				item.Buckets = append(item.Buckets, statBucket{Count: sg.Count, Value: subFi.RawValue(sg.Rank)})
			}
			item.Others = &subOthers
		}
		items = append(items, item)
	}
	meta := map[string]any{
		"field":  field,
		"href":   sessionsHref + "/stats",
		"others": others,
		"parent": sessionsHref,
		"size":   size,
	}
	if sub != "" {
		meta["sub_fields"] = sub
	}
	addRemaining(meta, r)
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "meta": meta})
}

func statsSize(s string) (int, error) {
	if s == "" {
		return DefaultStatsSize, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, badRequest("InvalidQueryValue", fmt.Sprintf("invalid size %q: expected a positive integer", s), map[string]any{"parameter": "size"})
	}
	return min(n, MaxStatsSize), nil
}
