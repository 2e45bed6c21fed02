package audit

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/index"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
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

// histParams are the parameters of a histogram request, checked.
type histParams struct {
	bin, tz string
	loc     *time.Location
	win     index.Window
	field   string
	size    int
	q       string
}

// histogramParams reads and checks the parameters: bin_size (or bin-size,
// default month), time_zone (default Etc/UTC), start and end (default the
// month before now), field, size and q. Any content parameter is refused.
func (h *handler) histogramParams(v url.Values, d *state) (histParams, error) {
	const errType = "InvalidQueryValue"
	if err := h.noSnapshot(v, "the histogram", errType); err != nil {
		return histParams{}, err
	}
	if _, ok := v["content"]; ok {
		return histParams{}, badRequest("NotSupportedContentOption", "the histogram does not support searching in the content of sessions (content)", map[string]any{"parameter": "content"})
	}
	p := histParams{bin: cmp.Or(v.Get("bin_size"), v.Get("bin-size"), "month"), tz: cmp.Or(v.Get("time_zone"), "Etc/UTC"), field: v.Get("field"), q: v.Get("q")}
	if _, ok := binSizes[p.bin]; !ok {
		return p, badRequest(errType, fmt.Sprintf("invalid bin_size %q: use second, minute, hour, day, week, month or year", p.bin), map[string]any{"parameter": "bin_size"})
	}
	loc, err := time.LoadLocation(p.tz)
	if err != nil || p.tz == "Local" {
		return p, badRequest(errType, fmt.Sprintf("invalid time_zone %q: use an IANA time zone name such as Etc/UTC or Europe/Budapest", p.tz), map[string]any{"parameter": "time_zone"})
	}
	p.loc = loc
	now := h.now().In(loc)
	if v.Get("start") == "" {
		v.Set("start", now.AddDate(0, -1, 0).Format(time.RFC3339Nano))
	}
	if v.Get("end") == "" {
		v.Set("end", now.Format(time.RFC3339Nano))
	}
	if p.win, err = parseWindow(v, loc, errType); err != nil {
		return p, err
	}
	if p.field != "" && (p.field == index.FieldContent || !d.ix.KnownField(p.field)) {
		return p, badRequest(errType, "unknown field "+strconv.Quote(p.field), map[string]any{"parameter": "field", "field": p.field})
	}
	p.size, err = statsSize(v.Get("size"))
	return p, err
}

// bounds are the starts of the buckets from the one holding start to the
// first one after end: len(bounds)-1 buckets.
func (p histParams) bounds() ([]time.Time, error) {
	start, end := time.Unix(0, p.win.From).In(p.loc), time.Unix(0, p.win.To).In(p.loc)
	first := floorBin(start, p.bin)
	if est := end.Sub(first) / binSizes[p.bin]; est > MaxHistogramBuckets {
		return nil, tooManyBuckets(p.bin)
	}
	bounds := []time.Time{first}
	for b := first; ; {
		b = nextBin(b, p.bin)
		bounds = append(bounds, b)
		if b.After(end) {
			return bounds, nil
		}
		if len(bounds) > MaxHistogramBuckets {
			return nil, tooManyBuckets(p.bin)
		}
	}
}

// histogramSessions are the sessions counted: those matching q in the
// window and, with a field, carrying one of its top size values.
func (d *state) histogramSessions(p histParams) (index.Bitmap, error) {
	const errType = "InvalidQueryValue"
	n, err := d.ix.ParseQuery(p.q)
	if err != nil {
		return nil, queryErr(errType, "q", p.q, err)
	}
	set, err := d.ix.Eval(n)
	if err != nil {
		return nil, queryErr(errType, "q", p.q, err)
	}
	d.ix.ApplyWindow(set, p.win)
	if p.field == "" {
		return set, nil
	}
	fi := d.ix.Field(p.field)
	top, _ := index.TopValues(d.ix.CountValues(fi, set), p.size)
	keep := index.NewBitmap(d.Len())
	for _, part := range d.ix.SessionsByValue(fi, set, top) {
		keep.Or(part)
	}
	return keep, nil
}

// buckets counts, per bucket, the sessions of set that started in it and
// those active in it.
func (d *state) buckets(set index.Bitmap, bounds []time.Time) []histBucket {
	ns := make([]int64, len(bounds))
	for i, b := range bounds {
		ns[i] = b.UnixNano()
	}
	nb := len(bounds) - 1
	starts := make([]int, nb)
	diff := make([]int, nb+1)
	bucket := func(t int64) int {
		i, found := slices.BinarySearch(ns, t)
		if !found {
			i--
		}
		return i
	}
	lo, hi := ns[0], ns[nb]
	set.Each(func(s int32) {
		b, e := d.ix.Start(s), d.ix.End(s)
		if b == index.NoTime {
			return
		}
		if b >= lo && b < hi {
			starts[bucket(b)]++
		}
		from, to := max(b, lo), min(e, hi-1)
		if from <= to {
			diff[bucket(from)]++
			diff[bucket(to)+1]--
		}
	})
	out := make([]histBucket, nb)
	active := 0
	for i := range out {
		active += diff[i]
		out[i] = histBucket{ActiveCount: active, ID: bounds[i].Format(jsondoc.Layout), StartCount: starts[i]}
	}
	return out
}

// histogram serves GET /api/audit/sessions/histogram.
func (h *handler) histogram(w http.ResponseWriter, r *http.Request, d *state) {
	p, err := h.histogramParams(params(r), d)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	bounds, err := p.bounds()
	if err != nil {
		writeErr(w, r, err)
		return
	}
	set, err := d.histogramSessions(p)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	meta := map[string]any{
		"bin_size":  p.bin,
		"end":       time.Unix(0, p.win.To).In(p.loc).Format(jsondoc.Layout),
		"href":      sessionsHref + "/histogram",
		"parent":    sessionsHref,
		"size":      p.size,
		"start":     time.Unix(0, p.win.From).In(p.loc).Format(jsondoc.Layout),
		"time_zone": p.tz,
	}
	if p.field != "" {
		meta["field"] = p.field
	}
	addRemaining(meta, r)
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{
		"body": map[string]any{"buckets": d.buckets(set, bounds)},
		"key":  "histogram",
		"meta": meta,
	})
}

func tooManyBuckets(bin string) *apiError {
	return badRequest("TooMuchBucketsInResult",
		fmt.Sprintf("bin_size %s would split the period into more than %d intervals; use a larger bin_size or a shorter period", bin, MaxHistogramBuckets),
		map[string]any{"parameter": "bin_size", "max_buckets": MaxHistogramBuckets, "bin_size": strings.ToLower(bin)})
}
