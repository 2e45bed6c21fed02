package audit

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/query"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// MaxHistogramBuckets is the most intervals a histogram may have; a longer
// period or a finer bin_size is refused with 400 TooMuchBucketsInResult.
// (SPS does not document its limit; this is the mock's.)
const MaxHistogramBuckets = 1000

// binSizes are the documented ?bin_size values with a lower bound of their
// length, used to refuse absurd requests before building any bucket.
var binSizes = map[string]time.Duration{
	"second": time.Second,
	"minute": time.Minute,
	"hour":   time.Hour,
	"day":    23 * time.Hour, // a DST day can be 23 hours long
	"week":   7*24*time.Hour - time.Hour,
	"month":  28*24*time.Hour - time.Hour,
	"year":   365*24*time.Hour - time.Hour,
}

// floorBin is the start of the interval containing t, in t's zone. Weeks
// start on Monday (ISO 8601).
func floorBin(t time.Time, bin string) time.Time {
	y, mo, d := t.Date()
	loc := t.Location()
	switch bin {
	case "second":
		return t.Truncate(time.Second)
	case "minute":
		return time.Date(y, mo, d, t.Hour(), t.Minute(), 0, 0, loc)
	case "hour":
		return time.Date(y, mo, d, t.Hour(), 0, 0, 0, loc)
	case "day":
		return time.Date(y, mo, d, 0, 0, 0, 0, loc)
	case "week":
		back := (int(t.Weekday()) + 6) % 7
		return time.Date(y, mo, d-back, 0, 0, 0, 0, loc)
	case "month":
		return time.Date(y, mo, 1, 0, 0, 0, 0, loc)
	}
	return time.Date(y, 1, 1, 0, 0, 0, 0, loc)
}

// nextBin is the start of the interval after the one starting at t.
func nextBin(t time.Time, bin string) time.Time {
	switch bin {
	case "second":
		return t.Add(time.Second)
	case "minute":
		return t.Add(time.Minute)
	case "hour":
		return t.Add(time.Hour)
	case "day":
		return floorBin(t.AddDate(0, 0, 1).Add(2*time.Hour), "day")
	case "week":
		return floorBin(t.AddDate(0, 0, 7).Add(2*time.Hour), "day")
	case "month":
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(1, 0, 0)
}

type histBucket struct {
	ActiveCount int    `json:"active_count"`
	ID          string `json:"id"`
	StartCount  int    `json:"start_count"`
}

// histogram serves GET /api/audit/sessions/histogram.
func (h *handler) histogram(w http.ResponseWriter, r *http.Request) {
	st := h.st
	v := params(r)
	if _, ok := v["content"]; ok {
		writeErr(w, r, badRequest("NotSupportedContentOption", "the histogram does not support searching in the content of sessions (content)", map[string]any{"parameter": "content"}))
		return
	}
	const errType = "InvalidQueryValue"
	bin := v.Get("bin_size")
	if bin == "" {
		bin = v.Get("bin-size")
	}
	if bin == "" {
		bin = "month"
	}
	minLen, ok := binSizes[bin]
	if !ok {
		writeErr(w, r, badRequest(errType, fmt.Sprintf("invalid bin_size %q: use second, minute, hour, day, week, month or year", bin), map[string]any{"parameter": "bin_size"}))
		return
	}
	tz := v.Get("time_zone")
	if tz == "" {
		tz = "Etc/UTC"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "Local" {
		writeErr(w, r, badRequest(errType, fmt.Sprintf("invalid time_zone %q: use an IANA time zone name such as Etc/UTC or Europe/Budapest", tz), map[string]any{"parameter": "time_zone"}))
		return
	}
	now := h.now().In(loc)
	if v.Get("start") == "" {
		v.Set("start", now.AddDate(0, -1, 0).Format(time.RFC3339Nano))
	}
	if v.Get("end") == "" {
		v.Set("end", now.Format(time.RFC3339Nano))
	}
	win, err := parseWindow(v, loc, errType)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	start, end := time.Unix(0, win.from).In(loc), time.Unix(0, win.to).In(loc)

	field := v.Get("field")
	if field != "" && (field == fieldContent || !st.knownField(field)) {
		writeErr(w, r, badRequest(errType, "unknown field "+strconv.Quote(field), map[string]any{"parameter": "field", "field": field}))
		return
	}
	size, err := statsSize(v.Get("size"))
	if err != nil {
		writeErr(w, r, err)
		return
	}

	first := floorBin(start, bin)
	if est := end.Sub(first) / minLen; est > MaxHistogramBuckets {
		writeErr(w, r, tooManyBuckets(bin))
		return
	}
	bounds := []time.Time{first}
	for b := first; ; {
		b = nextBin(b, bin)
		bounds = append(bounds, b)
		if b.After(end) {
			break
		}
		if len(bounds) > MaxHistogramBuckets {
			writeErr(w, r, tooManyBuckets(bin))
			return
		}
	}

	q := v.Get("q")
	n, err := query.Parse(q, query.Options{KnownField: st.knownField})
	if err != nil {
		writeErr(w, r, queryErr(errType, "q", q, err))
		return
	}
	set, err := st.eval(n)
	if err != nil {
		writeErr(w, r, queryErr(errType, "q", q, err))
		return
	}
	st.applyWindow(set, win)
	if field != "" {
		// Only sessions carrying one of the field's top values count.
		fi := st.fieldIndex(field)
		top, _ := topValues(st.countValues(fi, set), size)
		keep := newBitmap(len(st.sessions))
		for _, part := range st.sessionsByValue(fi, set, top) {
			keep.or(part)
		}
		set = keep
	}

	ns := make([]int64, len(bounds))
	for i, b := range bounds {
		ns[i] = b.UnixNano()
	}
	nb := len(bounds) - 1
	starts := make([]int, nb)
	diff := make([]int, nb+1)
	index := func(t int64) int {
		i, found := slices.BinarySearch(ns, t)
		if !found {
			i--
		}
		return i
	}
	lo, hi := ns[0], ns[nb]
	set.each(func(s int32) {
		b, e := st.startT[s], st.endT[s]
		if b == noTime {
			return
		}
		if b >= lo && b < hi {
			starts[index(b)]++
		}
		from, to := max(b, lo), min(e, hi-1)
		if from <= to {
			diff[index(from)]++
			diff[index(to)+1]--
		}
	})
	buckets := make([]histBucket, nb)
	active := 0
	for i := range buckets {
		active += diff[i]
		buckets[i] = histBucket{ActiveCount: active, ID: bounds[i].Format(isoMillis), StartCount: starts[i]}
	}

	meta := map[string]any{
		"bin_size":  bin,
		"end":       end.Format(isoMillis),
		"href":      sessionsHref + "/histogram",
		"parent":    sessionsHref,
		"size":      size,
		"start":     start.Format(isoMillis),
		"time_zone": tz,
	}
	if field != "" {
		meta["field"] = field
	}
	addRemaining(meta, r)
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{
		"body": map[string]any{"buckets": buckets},
		"key":  "histogram",
		"meta": meta,
	})
}

func tooManyBuckets(bin string) *apiError {
	return badRequest("TooMuchBucketsInResult",
		fmt.Sprintf("bin_size %s would split the period into more than %d intervals; use a larger bin_size or a shorter period", bin, MaxHistogramBuckets),
		map[string]any{"parameter": "bin_size", "max_buckets": MaxHistogramBuckets, "bin_size": strings.ToLower(bin)})
}
