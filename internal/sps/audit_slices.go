package sps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// AuditMaxSlicedResults caps MaxResults: every session is held in memory
// and in the state.
const AuditMaxSlicedResults = 1_000_000

// maxSlices guards the slicing loop against an appliance whose counts
// never shrink.
const maxSlices = AuditMaxSlicedResults/AuditMaxResults*2 + 10

// ErrOneSecondOverflow is wrapped by the error of a sliced search that
// finds more than 10,000 matching sessions starting in one second: no
// start_time range can split them, so they cannot all be read.
var ErrOneSecondOverflow = errors.New("more sessions start in one second than SPS can page through")

// ErrSortNotSliceable is wrapped by the error of a search that asks for
// more than 10,000 sessions, matches more than that, and sorts by a field
// other than start_time: slices by start_time cannot keep that order.
var ErrSortNotSliceable = errors.New("reading more than 10000 sessions needs the sort to start with start_time or -start_time")

// A basic search reads at most 10,000 results (SPS ignores later offsets).
// With MaxResults above that, the search is split into start_time ranges
// that each match at most 10,000 sessions, using only what the search page
// documents: ranges on start_time in the query language, with epoch
// seconds as bounds ("start_time:[* TO 1461654799]") and "[" inclusive,
// "}" exclusive; match_count in meta; sort and offset.
//
// The slices are found one after another, in the order of the result: a
// probe (one session, fields=start_time) sorted by start_time at offset
// 9999 gives the count of what is left and the start second T of its
// 10,000th session. Every session coming before T in the result is among
// those 10,000, so the range before T is a slice of at most 9,999, and the
// rest starts at T. The slices are half-open and adjacent, so a session is
// in exactly one; their counts add up to the first probe's, or the read is
// marked truncated. A probe is one request per 10,000 sessions, next to
// the 20 pages those need.
//
// Slices are kept in result order coordinates: a start second t is t in an
// ascending search and -t in a descending one, so "before" is always
// "smaller" and one loop serves both orders.

// timeSlice is the range [lo, hi) of start seconds in result order
// coordinates; an open end is unbounded.
type timeSlice struct {
	lo, hi         int64
	loOpen, hiOpen bool
	count          int
}

// openSlice is the whole search.
var openSlice = timeSlice{loOpen: true, hiOpen: true}

// clause renders the slice in the query language: "[" inclusive, "}"
// exclusive, epoch seconds.
func (s timeSlice) clause(desc bool) string {
	// Back from order coordinates: u in [lo, hi) is t in [1-hi, 1-lo)
	// descending.
	lo, hi, loOpen, hiOpen := s.lo, s.hi, s.loOpen, s.hiOpen
	if desc {
		lo, hi, loOpen, hiOpen = 1-s.hi, 1-s.lo, s.hiOpen, s.loOpen
	}
	from, to := "*", "*]"
	if !loOpen {
		from = strconv.FormatInt(lo, 10)
	}
	if !hiOpen {
		to = strconv.FormatInt(hi, 10) + "}"
	}
	return "start_time:[" + from + " TO " + to
}

// query ANDs the slice with the caller's own query.
func (s timeSlice) query(user string, desc bool) string {
	if s.loOpen && s.hiOpen {
		return user
	}
	if strings.TrimSpace(user) == "" {
		return s.clause(desc)
	}
	return "(" + user + ") AND " + s.clause(desc)
}

// values are the request parameters of the slice's pages: base with the
// slice ANDed to its q.
func (s timeSlice) values(base url.Values, user string, desc bool) url.Values {
	v := cloneValues(base)
	v.Del("q")
	setIf(v, "q", s.query(user, desc))
	return v
}

// sliceOrder tells how slices follow each other in the result: descending
// for sort "-start_time" and for no sort (SPS lists newest first);
// ascending for "start_time". ok is false for any other first sort field.
func (q SessionQuery) sliceOrder() (desc, ok bool) {
	if len(q.Sort) == 0 {
		return true, true
	}
	switch strings.TrimSpace(q.Sort[0]) {
	case "start_time", "+start_time":
		return false, true
	case "-start_time":
		return true, true
	}
	return false, false
}

// sliced reports whether q asks for more than one basic search returns.
func (q SessionQuery) sliced() bool { return q.MaxResults > AuditMaxResults }

// probeSlice counts the sessions of q in s and returns the start second,
// in order coordinates, of the 10,000th of them (ok false when fewer
// match).
func (c *Client) probeSlice(ctx context.Context, q SessionQuery, s timeSlice, desc bool) (count int, pivot int64, ok bool, err error) {
	v := s.values(q.params(), q.Query, desc)
	v.Set("sort", "start_time")
	if desc {
		v.Set("sort", "-start_time")
	}
	v.Set("fields", "start_time")
	v.Set("limit", "1")
	v.Set("offset", strconv.Itoa(AuditMaxResults-1))
	var start flexString
	meta, err := c.getList(ctx, sessionsPath, v, func(dec *json.Decoder) error {
		var item struct {
			Body struct {
				StartTime flexString `json:"start_time"`
			} `json:"body"`
		}
		if err := dec.Decode(&item); err != nil {
			return err
		}
		start = item.Body.StartTime
		return nil
	})
	if err != nil {
		return 0, 0, false, err
	}
	if meta.MatchCount == nil {
		return 0, 0, false, errors.New("sps: the session search answered without meta.match_count, which counting and splitting a search by start_time need")
	}
	count = int(*meta.MatchCount)
	if start == "" {
		if count > AuditMaxResults {
			return 0, 0, false, fmt.Errorf("sps: the session search counts %d sessions but returned none at offset %d", count, AuditMaxResults-1)
		}
		return count, 0, false, nil
	}
	t, err := epochSecond(string(start))
	if err != nil {
		return 0, 0, false, fmt.Errorf("sps: start_time %q of a session: %w", string(start), err)
	}
	if desc {
		t = -t
	}
	return count, t, true, nil
}

// epochSecond reads an ISO 8601 date-time (or epoch seconds) as the epoch
// second it falls in.
func epochSecond(s string) (int64, error) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int64(math.Floor(f)), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Unix(), nil
		}
	}
	return 0, errors.New("not an ISO 8601 date-time")
}

// slicePlan is the plan of a basic search: the slices it is read in.
type slicePlan struct {
	// slices in result order, each with its count; one open slice when
	// the search fits one basic search.
	slices []timeSlice
	desc   bool
	// total is how many sessions match the search as a whole.
	total int
	// pageSize is the appliance's page; firstPage, when not 0, the size of
	// the first page of the first slice (read before the page size was
	// known, see planFirstPage).
	pageSize, firstPage int
}

// slicePage is one page of one slice.
type slicePage struct{ slice, offset, limit int }

// pages lists the pages of the slices in result order, stopping at wanted
// sessions.
func (p slicePlan) pages(wanted int) []slicePage {
	var out []slicePage
	left := wanted
	for i, s := range p.slices {
		n, from := min(s.count, left), 0
		if i == 0 && p.firstPage > 0 {
			out = append(out, slicePage{offset: 0, limit: p.firstPage})
			from = p.firstPage
		}
		for off := from; off < n; off += p.pageSize {
			out = append(out, slicePage{slice: i, offset: off, limit: min(p.pageSize, n-off)})
		}
		left -= n
	}
	return out
}

// holds is how many sessions the plan reads at most: wanted, or every
// match the slices hold.
func (p slicePlan) holds(wanted int) int {
	n := 0
	for _, s := range p.slices {
		n += s.count
	}
	return min(n, wanted)
}

// planSlices counts the sessions of q and, when more match than one basic
// search returns and more are wanted, finds start_time slices of at most
// 10,000 sessions each, in result order, until they hold wanted sessions
// or every match.
func (c *Client) planSlices(ctx context.Context, q SessionQuery, wanted int) (slicePlan, error) {
	desc, sortable := q.sliceOrder()
	rest := openSlice
	total, pivot, full, err := c.probeSlice(ctx, q, rest, desc)
	if err != nil {
		return slicePlan{}, err
	}
	plan := slicePlan{desc: desc, total: total, pageSize: AuditPageSize}
	if total <= AuditMaxResults || wanted <= AuditMaxResults {
		rest.count = min(total, AuditMaxResults)
		plan.slices = []timeSlice{rest}
		return plan, nil
	}
	if !sortable {
		return plan, fmt.Errorf("sps: %d sessions match and sort is %q: %w", total, strings.Join(q.Sort, ","), ErrSortNotSliceable)
	}
	restCount, held := total, 0
	for full && held < wanted {
		if len(plan.slices) == maxSlices {
			return plan, fmt.Errorf("sps: splitting the search by start_time did not end after %d slices", maxSlices)
		}
		// The slice before the pivot second, and the rest from it on.
		slice, next := rest, rest
		slice.hi, slice.hiOpen = pivot, false
		next.lo, next.loOpen = pivot, false
		if !rest.loOpen && pivot <= rest.lo {
			// 10,000 sessions start in the rest's first second: that
			// second alone is the slice, if it holds few enough.
			slice, next, err = c.oneSecond(ctx, q, rest, desc)
			if err != nil {
				return plan, err
			}
		}
		var nextCount int
		nextCount, pivot, full, err = c.probeSlice(ctx, q, next, desc)
		if err != nil {
			return plan, err
		}
		slice.count = max(0, restCount-nextCount)
		plan.slices = append(plan.slices, slice)
		held += slice.count
		rest, restCount = next, nextCount
	}
	if held < wanted {
		rest.count = restCount
		plan.slices = append(plan.slices, rest)
	}
	return plan, nil
}

// oneSecond splits the first second off rest: the slice of it, and the
// rest after it. It fails when that second alone holds more sessions than
// one basic search returns.
func (c *Client) oneSecond(ctx context.Context, q SessionQuery, rest timeSlice, desc bool) (slice, next timeSlice, err error) {
	slice = timeSlice{lo: rest.lo, hi: rest.lo + 1}
	n, _, _, err := c.probeSlice(ctx, q, slice, desc)
	if err != nil {
		return slice, rest, err
	}
	if n > AuditMaxResults {
		sec := rest.lo
		if desc {
			sec = -sec
		}
		return slice, rest, fmt.Errorf("sps: %d sessions start in the second %s: %w",
			n, time.Unix(sec, 0).UTC().Format(time.RFC3339), ErrOneSecondOverflow)
	}
	next = rest
	next.lo = rest.lo + 1
	return slice, next, nil
}
