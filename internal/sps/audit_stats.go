package sps

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// StatsQuery asks for the most frequent values of one session field
// (GET /api/audit/sessions/stats).
type StatsQuery struct {
	// Field is the field to count values of, e.g. protocol or
	// user.gateway_username. Required.
	Field string
	// SubField breaks each value down by a second field (sub_fields; SPS
	// takes only one).
	SubField string
	// Size is how many of the most frequent values to return; 0 leaves
	// SPS's default (10).
	Size int
	// Query, Content, Start and End narrow the sessions counted, as in
	// SessionQuery (Start/End: the sessions overlapping the window).
	Query, Content, Start, End string
}

// StatsResult is the answer of SessionStats.
type StatsResult struct {
	Items []StatsItem
	// Others is how many sessions have a value outside the top Size (SPS
	// counts sessions here, not distinct values: in the vendor's worked
	// example a user's 2 rdp sessions left out of a size-1 breakdown give
	// others = 2).
	Others int
}

// StatsItem is one value of the field and how many sessions had it.
type StatsItem struct {
	Value string
	Count int
	// Others and Buckets are set when a SubField was requested: the top
	// sub-field values among these sessions, and how many of the sessions
	// have a sub-field value outside them.
	Others  int
	Buckets []StatsBucket
}

// StatsBucket is one sub-field value and its count.
type StatsBucket struct {
	Value string
	Count int
}

// SessionStats counts sessions by the values of q.Field.
func (c *Client) SessionStats(ctx context.Context, q StatsQuery) (*StatsResult, error) {
	if q.Field == "" {
		return nil, errors.New("sps: session statistics need a field")
	}
	v := url.Values{}
	v.Set("field", q.Field)
	setIf(v, "sub_fields", q.SubField)
	if q.Size > 0 {
		v.Set("size", strconv.Itoa(q.Size))
	}
	setIf(v, "q", q.Query)
	setIf(v, "content", q.Content)
	setIf(v, "start", q.Start)
	setIf(v, "end", q.End)

	type bucketDoc struct {
		Value flexString `json:"value"`
		Count flexInt    `json:"count"`
	}
	var env struct {
		Items []struct {
			Value   flexString  `json:"value"`
			Count   flexInt     `json:"count"`
			Others  flexInt     `json:"others"`
			Buckets []bucketDoc `json:"buckets"`
		} `json:"items"`
		Meta struct {
			Others flexInt `json:"others"`
		} `json:"meta"`
	}
	if err := c.getJSON(ctx, "/api/audit/sessions/stats", v, &env); err != nil {
		return nil, err
	}
	res := &StatsResult{Others: int(env.Meta.Others), Items: make([]StatsItem, 0, len(env.Items))}
	for _, it := range env.Items {
		item := StatsItem{Value: string(it.Value), Count: int(it.Count), Others: int(it.Others)}
		for _, b := range it.Buckets {
			item.Buckets = append(item.Buckets, StatsBucket{Value: string(b.Value), Count: int(b.Count)})
		}
		res.Items = append(res.Items, item)
	}
	return res, nil
}

// HistogramBinSizes are the interval units the histogram endpoint accepts.
var HistogramBinSizes = []string{"second", "minute", "hour", "day", "week", "month", "year"}

// HistogramQuery asks how many sessions started, and were active, in each
// interval of a period (GET /api/audit/sessions/histogram).
type HistogramQuery struct {
	// BinSize is the interval unit (see HistogramBinSizes); "" means SPS's
	// default, month.
	BinSize string
	// Start and End bound the period (ISO 8601). SPS defaults them to one
	// month before the request and to now.
	Start, End string
	// TimeZone is the IANA zone the intervals are aligned to; "" is UTC.
	TimeZone string
	// Field is the session field SPS builds the histogram for; SPS
	// requires one.
	Field string
	// Size limits the histogram to the Size most frequent field values.
	Size int
	// Query narrows the sessions counted.
	Query string
}

// HistogramResult is the answer of SessionHistogram.
type HistogramResult struct {
	Buckets []HistogramBucket
	// The effective period, zone and unit, as SPS reports them in meta
	// (the defaults filled in).
	Start, End, TimeZone, BinSize string
}

// HistogramBucket is one interval.
type HistogramBucket struct {
	// Time is the start of the interval (ISO 8601).
	Time string
	// StartCount is how many sessions started in the interval;
	// ActiveCount how many were active during it.
	StartCount, ActiveCount int
}

// SessionHistogram counts sessions per interval.
//
// The vendor page spells the interval parameter two ways: `?bin-size` in
// its parameter list and `?bin_size` in its meta table. The request carries
// both with the same value, so an appliance that honors either one uses
// it. The answer is then checked (verifyHistogram): an appliance that
// honored neither, or ignored time_zone or field, would otherwise hand back
// monthly UTC buckets that the caller labels as the days it asked for.
func (c *Client) SessionHistogram(ctx context.Context, q HistogramQuery) (*HistogramResult, error) {
	v := url.Values{}
	setIf(v, "bin_size", q.BinSize)
	setIf(v, "bin-size", q.BinSize)
	setIf(v, "start", q.Start)
	setIf(v, "end", q.End)
	setIf(v, "time_zone", q.TimeZone)
	setIf(v, "field", q.Field)
	if q.Size > 0 {
		v.Set("size", strconv.Itoa(q.Size))
	}
	setIf(v, "q", q.Query)

	var env struct {
		Body struct {
			Buckets []struct {
				ID          flexString `json:"id"`
				StartCount  flexInt    `json:"start_count"`
				ActiveCount flexInt    `json:"active_count"`
			} `json:"buckets"`
		} `json:"body"`
		Meta struct {
			BinSize  flexString `json:"bin_size"`
			Field    flexString `json:"field"`
			Start    flexString `json:"start"`
			End      flexString `json:"end"`
			TimeZone flexString `json:"time_zone"`
		} `json:"meta"`
	}
	if err := c.getJSON(ctx, "/api/audit/sessions/histogram", v, &env); err != nil {
		return nil, err
	}
	res := &HistogramResult{
		Start: string(env.Meta.Start), End: string(env.Meta.End),
		TimeZone: string(env.Meta.TimeZone), BinSize: string(env.Meta.BinSize),
		Buckets: make([]HistogramBucket, 0, len(env.Body.Buckets)),
	}
	for _, b := range env.Body.Buckets {
		res.Buckets = append(res.Buckets, HistogramBucket{Time: string(b.ID), StartCount: int(b.StartCount), ActiveCount: int(b.ActiveCount)})
	}
	if err := verifyHistogram(q, res, string(env.Meta.Field)); err != nil {
		return nil, err
	}
	return res, nil
}

// HistogramMismatchError reports a histogram whose meta says it was built
// differently from what was asked: a different bin_size, field or
// time_zone. Using it anyway would mislabel every bucket, so the client
// refuses it.
type HistogramMismatchError struct {
	// Param is the request parameter concerned: bin_size, field or
	// time_zone.
	Param string
	// Requested is what the request asked for; Answered what SPS reported
	// (in meta, or, for a time zone SPS did not report, the bucket that
	// does not start on an interval boundary of the requested zone).
	Requested, Answered string
	// Detail says how the mismatch was detected.
	Detail string
}

func (e *HistogramMismatchError) Error() string {
	return fmt.Sprintf("SPS built the session histogram with %s %q, but the request asked for %q (%s); "+
		"the buckets would be mislabeled, so they are not used", e.Param, e.Answered, e.Requested, e.Detail)
}

// verifyHistogram checks the answer's meta against the request. meta
// elements SPS leaves out are not guessed at, with one exception: a
// requested time zone that meta does not confirm is checked on the buckets
// themselves, which must start on an interval boundary of that zone (for
// day and longer intervals, where zones differ).
func verifyHistogram(q HistogramQuery, res *HistogramResult, field string) error {
	if q.BinSize != "" && res.BinSize != "" && !strings.EqualFold(q.BinSize, res.BinSize) {
		return &HistogramMismatchError{Param: "bin_size", Requested: q.BinSize, Answered: res.BinSize,
			Detail: "meta.bin_size; the appliance may honor neither the bin_size nor the bin-size spelling of the parameter"}
	}
	if q.Field != "" && field != "" && q.Field != field {
		return &HistogramMismatchError{Param: "field", Requested: q.Field, Answered: field, Detail: "meta.field"}
	}
	if q.TimeZone == "" {
		return nil
	}
	if res.TimeZone != "" {
		if !sameTimeZone(q.TimeZone, res.TimeZone) {
			return &HistogramMismatchError{Param: "time_zone", Requested: q.TimeZone, Answered: res.TimeZone,
				Detail: "meta.time_zone; the vendor documents time_zone only as a meta element, and this appliance does not take it as a request parameter"}
		}
		return nil
	}
	bin := strings.ToLower(q.BinSize)
	if bin == "" {
		bin = strings.ToLower(res.BinSize)
	}
	if bin == "" {
		bin = "month" // SPS's documented default
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return nil //nolint:nilerr // the provider validates zone names; an unknown one cannot be checked here
	}
	for _, b := range res.Buckets {
		t, ok := parseISOInstant(b.Time)
		if !ok {
			continue
		}
		if !startsInterval(t.In(loc), bin) {
			return &HistogramMismatchError{Param: "time_zone", Requested: q.TimeZone, Answered: "bucket " + b.Time,
				Detail: "SPS reported no meta.time_zone, and this bucket does not start a " + bin + " in " + q.TimeZone}
		}
	}
	return nil
}

// utcNames are the zone names that all mean UTC.
var utcNames = map[string]bool{
	"utc": true, "etc/utc": true, "zulu": true, "etc/zulu": true, "uct": true, "etc/uct": true,
	"universal": true, "etc/universal": true, "gmt": true, "etc/gmt": true, "etc/gmt0": true,
	"etc/gmt+0": true, "etc/gmt-0": true, "gmt0": true, "greenwich": true, "etc/greenwich": true,
}

// sameTimeZone compares zone names, treating the many names of UTC as one.
func sameTimeZone(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	return utcNames[strings.ToLower(a)] && utcNames[strings.ToLower(b)]
}

// startsInterval reports whether t (in the zone to check) is the start of
// a bin_size interval there. Only units where zones differ are checked:
// seconds, minutes and (for whole-hour offsets) hours start at the same
// instants everywhere, so they always pass.
func startsInterval(t time.Time, bin string) bool {
	h, m, s := t.Clock()
	midnight := h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0
	switch bin {
	case "day":
		return midnight
	case "week":
		// The weekday a week starts on is not documented; only the
		// midnight is checked.
		return midnight
	case "month":
		return midnight && t.Day() == 1
	case "year":
		return midnight && t.Day() == 1 && t.Month() == time.January
	}
	return true
}

// parseISOInstant reads the ISO 8601 forms SPS writes for instants.
func parseISOInstant(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
