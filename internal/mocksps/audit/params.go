package audit

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/index"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/query"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// Paging limits SPS documents for searches and per-session lists.
const (
	DefaultLimit = 500   // default and maximum ?limit
	MaxOffset    = 10000 // larger ?offset values are ignored; results stop here
)

// apiError is an error with the documented status and type.
type apiError struct {
	status  int
	typ     string
	msg     string
	details map[string]any
}

func (e *apiError) Error() string { return e.msg }

func badRequest(typ, msg string, details map[string]any) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: typ, msg: msg, details: details}
}

func writeErr(w http.ResponseWriter, r *http.Request, err error) {
	var e *apiError
	if errors.As(err, &e) {
		httpapi.WriteError(w, r, e.status, e.typ, e.msg, e.details)
		return
	}
	httpapi.WriteError(w, r, http.StatusInternalServerError, "InternalError", err.Error(), nil)
}

// queryErr wraps a query-language error as the endpoint's 400 error, with
// the position and token in details.
func queryErr(typ, param, q string, err error) *apiError {
	d := map[string]any{"parameter": param, "query": q}
	msg := fmt.Sprintf("invalid %s: %v", param, err)
	var pe *query.Error
	if errors.As(err, &pe) {
		d["position"] = pe.Pos
		d["token"] = pe.Token
	}
	return badRequest(typ, msg, d)
}

// params returns the query parameters with a leading '?' stripped from the
// names: the vendor's own stats example writes &?sub_fields=...&?size=...
func params(r *http.Request) url.Values {
	in := r.URL.Query()
	out := make(url.Values, len(in))
	for k, vs := range in {
		k = strings.TrimLeft(k, "?")
		out[k] = append(out[k], vs...)
	}
	return out
}

// parseWindow reads ?start and ?end (see window). A date-only end covers its
// whole day.
func parseWindow(v url.Values, loc *time.Location, errType string) (index.Window, error) {
	w := index.OpenWindow()
	if s := v.Get("start"); s != "" {
		t, _, ok := parseParamTime(s, loc)
		if !ok {
			return w, badRequest(errType, fmt.Sprintf("invalid start %q: use an ISO 8601 date such as 2017-01-25 or 2017-01-25T10:00", s), map[string]any{"parameter": "start"})
		}
		w.From = t.UnixNano()
	}
	if s := v.Get("end"); s != "" {
		t, form, ok := parseParamTime(s, loc)
		if !ok {
			return w, badRequest(errType, fmt.Sprintf("invalid end %q: use an ISO 8601 date such as 2017-01-25 or 2017-01-25T10:00", s), map[string]any{"parameter": "end"})
		}
		if form == index.FormDateOnly {
			t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		w.To = t.UnixNano()
	}
	if w.From != math.MinInt64 && w.To != math.MaxInt64 && w.From > w.To {
		return w, badRequest(errType, "start is after end", map[string]any{"parameter": "start"})
	}
	return w, nil
}

// paging reads ?limit (default and maximum 500; larger values are capped)
// and ?offset (values above reach are ignored, as SPS does above 10000).
func paging(v url.Values, errType string, reach int) (limit, offset int, err error) {
	limit, offset = DefaultLimit, 0
	if s := v.Get("limit"); s != "" {
		n, e := strconv.Atoi(s)
		if e != nil || n < 0 {
			return 0, 0, badRequest(errType, fmt.Sprintf("invalid limit %q: expected a non-negative integer", s), map[string]any{"parameter": "limit"})
		}
		limit = min(n, DefaultLimit)
	}
	if s := v.Get("offset"); s != "" && s != "null" {
		n, e := strconv.Atoi(s)
		if e != nil || n < 0 {
			return 0, 0, badRequest(errType, fmt.Sprintf("invalid offset %q: expected a non-negative integer", s), map[string]any{"parameter": "offset"})
		}
		if n <= reach {
			offset = n
		}
	}
	return limit, offset, nil
}

// linkQuery renders the parameters of a paging link: limit and offset first,
// then the others in a fixed order. Commas stay readable (fields=a,b).
func linkQuery(limit, offset int, extra [][2]string) string {
	var b strings.Builder
	b.WriteString("limit=")
	b.WriteString(strconv.Itoa(limit))
	b.WriteString("&offset=")
	b.WriteString(strconv.Itoa(offset))
	for _, kv := range extra {
		b.WriteByte('&')
		b.WriteString(kv[0])
		b.WriteByte('=')
		b.WriteString(strings.ReplaceAll(url.QueryEscape(kv[1]), "%2C", ","))
	}
	return b.String()
}

// pageMeta fills the documented paging links. total is capped to the reach
// of the paging (the 10000 results a basic search can page through).
func pageMeta(meta map[string]any, href string, total, limit, offset, reach int, extra [][2]string) {
	reach = min(total, reach)
	link := func(off int) string { return href + "?" + linkQuery(limit, off, extra) }
	last := 0
	if limit > 0 && reach > 0 {
		last = (reach - 1) / limit * limit
	}
	meta["href"] = href
	meta["limit"] = limit
	meta["offset"] = offset
	meta["match_count"] = total
	meta["first"] = link(0)
	meta["last"] = link(last)
	meta["next"] = nil
	meta["previous"] = nil
	if limit > 0 && offset+limit < reach {
		meta["next"] = link(offset + limit)
	}
	if limit > 0 && offset > 0 {
		meta["previous"] = link(max(0, offset-limit))
	}
}

// addRemaining copies the caller's remaining session time into meta.
func addRemaining(meta map[string]any, r *http.Request) {
	if c, ok := httpapi.CallerFrom(r.Context()); ok {
		meta["remaining_seconds"] = c.RemainingSeconds
	}
}

// parseParamTime is parseTime for query parameters. An unescaped '+' in a
// URL decodes to a space, so 2017-01-25T11:11:52.000+01:00 typed as in the
// vendor's examples arrives as "...000 01:00"; the space is read back as '+'.
func parseParamTime(s string, loc *time.Location) (time.Time, index.TimeForm, bool) {
	if t, form, ok := index.ParseTime(s, loc); ok {
		return t, form, true
	}
	if i := strings.LastIndexByte(strings.TrimSpace(s), ' '); i > 10 {
		return index.ParseTime(strings.TrimSpace(s)[:i]+"+"+strings.TrimSpace(s)[i+1:], loc)
	}
	return time.Time{}, 0, false
}
