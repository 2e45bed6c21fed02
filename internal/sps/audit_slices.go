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

// AuditMaxSlicedResults caps MaxResults of a search read in start_time
// slices: every session is held in memory and in the state.
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

// A search reads at most 10,000 results (SPS ignores later offsets). With
// MaxResults above that, the search is split into start_time ranges that
// each match at most 10,000 sessions, using only what the search page
// documents: ranges on start_time in the query language, with epoch
// seconds as bounds ("start_time:[* TO 1461654799]") and "[" inclusive,
// "}" exclusive; match_count in meta; sort and offset.
//
// The slices are found one after another, in the order of the result: a
// probe (one session, fields=start_time) sorted by start_time at offset
// 9999 gives the count of what is left and the start second T of its
// 10,000th session. Every session starting before T is among those
// 10,000, so [lo TO T} is a slice of at most 9,999, and the rest starts at
// T (descending: (T TO hi} and the rest up to T). The slices are
// half-open and adjacent, so a session is in exactly one; their counts add
// up to the first probe's, or the read is marked truncated. Then the pages
// of every slice are fetched at once, PageConcurrency at a time. A probe
// is one request per 10,000 sessions, next to the 20 pages those need.

// timeSlice is a start_time range [lo TO hi} in epoch seconds; an open end
// is unbounded (*).
type timeSlice struct {
	lo, hi         int64
	loOpen, hiOpen bool
	count          int
}

// clause renders the slice in the query language.
func (s timeSlice) clause() string {
	lo, hi := "*", "*]"
	if !s.loOpen {
		lo = strconv.FormatInt(s.lo, 10)
	}
	if !s.hiOpen {
		hi = strconv.FormatInt(s.hi, 10) + "}"
	}
	return "start_time:[" + lo + " TO " + hi
}

// query ANDs the slice with the caller's own query.
func (s timeSlice) query(user string) string {
	if s.loOpen && s.hiOpen {
		return user
	}
	if strings.TrimSpace(user) == "" {
		return s.clause()
	}
	return "(" + user + ") AND " + s.clause()
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

// sliced reports whether q asks for more than one search can return.
func (q SessionQuery) sliced() bool { return q.MaxResults > AuditMaxResults }

// slicedWanted is MaxResults within AuditMaxSlicedResults.
func (q SessionQuery) slicedWanted() int { return min(q.MaxResults, AuditMaxSlicedResults) }

// probeSlice counts the sessions of q in s and returns the start second of
// the 10,000th of them in the given order (ok false when fewer match).
func (c *Client) probeSlice(ctx context.Context, q SessionQuery, s timeSlice, desc bool) (count int, pivot int64, ok bool, err error) {
	v := q.params()
	v.Del("q")
	setIf(v, "q", s.query(q.Query))
	v.Set("sort", "start_time")
	if desc {
		v.Set("sort", "-start_time")
	}
	v.Set("fields", "start_time")
	v.Set("limit", "1")
	v.Set("offset", strconv.Itoa(AuditMaxResults-1))
	var start flexString
	meta, err := c.getList(ctx, "/api/audit/sessions", v, func(dec *json.Decoder) error {
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
		return 0, 0, false, errors.New("sps: the session search answered without meta.match_count, which splitting a search by start_time needs")
	}
	count = int(*meta.MatchCount)
	if start == "" {
		if count > AuditMaxResults {
			return 0, 0, false, fmt.Errorf("sps: the session search counts %d sessions but returned none at offset %d", count, AuditMaxResults-1)
		}
		return count, 0, false, nil
	}
	pivot, err = epochSecond(string(start))
	if err != nil {
		return 0, 0, false, fmt.Errorf("sps: start_time %q of a session: %w", string(start), err)
	}
	return count, pivot, true, nil
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

// slicePlan is the outcome of planSlices.
type slicePlan struct {
	// slices in result order, each with its count; nil when everything
	// fits one search.
	slices []timeSlice
	// total is how many sessions match q as a whole.
	total int
}

// planSlices finds start_time slices of at most 10,000 sessions each,
// in result order, until they hold wanted sessions or every match.
func (c *Client) planSlices(ctx context.Context, q SessionQuery, wanted int) (slicePlan, error) {
	desc, sortable := q.sliceOrder()
	rest := timeSlice{loOpen: true, hiOpen: true}
	total, pivot, full, err := c.probeSlice(ctx, q, rest, desc)
	if err != nil {
		return slicePlan{}, err
	}
	plan := slicePlan{total: total}
	if total <= AuditMaxResults {
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
		// The slice before the pivot second (after it, descending), and
		// the rest from it on.
		slice, next := rest, rest
		if desc {
			slice.lo, slice.loOpen = pivot+1, false
			next.hi, next.hiOpen = pivot+1, false
		} else {
			slice.hi, slice.hiOpen = pivot, false
			next.lo, next.loOpen = pivot, false
		}
		if empty := desc && !rest.hiOpen && slice.lo >= rest.hi || !desc && !rest.loOpen && slice.hi <= rest.lo; empty {
			// 10,000 sessions start in the rest's first second: that
			// second alone is the slice, if it holds few enough.
			sec := rest.lo
			if desc {
				sec = rest.hi - 1
			}
			one := timeSlice{lo: sec, hi: sec + 1}
			n, _, _, err := c.probeSlice(ctx, q, one, desc)
			if err != nil {
				return plan, err
			}
			if n > AuditMaxResults {
				return plan, fmt.Errorf("sps: %d sessions start in the second %s: %w",
					n, time.Unix(sec, 0).UTC().Format(time.RFC3339), ErrOneSecondOverflow)
			}
			slice, next = one, rest
			if desc {
				next.hi, next.hiOpen = sec, false
			} else {
				next.lo, next.loOpen = sec+1, false
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

// slicePage is one page of one slice.
type slicePage struct {
	slice int
	page  pageSpec
}

// plannedPages lists the pages of the slices in result order, stopping at
// wanted sessions.
func (p slicePlan) pages(wanted int) []slicePage {
	var out []slicePage
	left := wanted
	for i, s := range p.slices {
		n := min(s.count, left)
		for _, pg := range planPages(0, n, AuditPageSize) {
			out = append(out, slicePage{slice: i, page: pg})
		}
		left -= n
	}
	return out
}

// sliceValues are the request parameters of every page of slice s.
func sliceValues(base url.Values, q SessionQuery, s timeSlice) url.Values {
	v := cloneValues(base)
	v.Del("q")
	setIf(v, "q", s.query(q.Query))
	return v
}

// searchSliced is SearchSessionsMapped for MaxResults above 10,000.
func searchSliced[T any](ctx context.Context, c *Client, q SessionQuery, base url.Values, convert func(page []Session) ([]T, error)) (*MappedSearchResult[T], error) {
	wanted := q.slicedWanted()
	plan, err := c.planSlices(ctx, q, wanted)
	if err != nil {
		return nil, err
	}
	if plan.slices == nil {
		// Everything fits one search: read it as usual.
		q.MaxResults = min(wanted, AuditMaxResults)
		return SearchSessionsMapped(ctx, c, q, convert)
	}
	started := time.Now()
	pages := plan.pages(wanted)
	c.info(ctx, fmt.Sprintf("reading the session search in %d start_time slices, %d pages", len(plan.slices), len(pages)), map[string]any{
		"match_count": plan.total, "slices": len(plan.slices), "pages": len(pages),
	})
	values := make([]url.Values, len(plan.slices))
	for i, s := range plan.slices {
		values[i] = sliceValues(base, q, s)
	}
	got, err := fetchPages(ctx, pages, q.workers(), func(ctx context.Context, _ int, p slicePage) (searchPage[T], error) {
		s, _, err := fetchMapped(ctx, c, values[p.slice], p.page, convert)
		return s, err
	})
	if err != nil {
		return nil, err
	}
	n := 0
	for _, p := range got {
		n += len(p.items)
	}
	total := min(wanted, plan.total)
	out := &MappedSearchResult[T]{Items: make([]T, 0, min(n, total)), MatchCount: plan.total}
	seen := make(map[string]struct{}, n)
	for i := range got {
		for j, key := range got[i].keys {
			if len(out.Items) == total {
				break
			}
			if key != "" {
				if _, dup := seen[key]; dup {
					out.Duplicates++
					continue
				}
				seen[key] = struct{}{}
			}
			out.Items = append(out.Items, got[i].items[j])
		}
		got[i] = searchPage[T]{}
	}
	out.Truncated = plan.total > len(out.Items)
	c.debug(ctx, "sliced session search done", map[string]any{
		"sessions": len(out.Items), "match_count": plan.total, "slices": len(plan.slices),
		"duplicates_dropped": out.Duplicates, "elapsed_ms": time.Since(started).Milliseconds(),
	})
	return out, nil
}
