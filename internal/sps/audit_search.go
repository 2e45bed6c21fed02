package sps

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultPageConcurrency is how many result pages a search fetches at once
// after the first one.
const DefaultPageConcurrency = 8

// SessionQuery selects sessions from the audit database
// (GET /api/audit/sessions).
type SessionQuery struct {
	// Query is the q filter in the session query language, e.g.
	// `protocol:ssh AND verdict:accept`. Build values with QuoteQueryValue.
	Query string
	// Content searches the indexed content of the sessions (Lucene syntax).
	Content string
	// Start and End are ISO 8601 dates or date-times, sent as ?start and
	// ?end. The vendor's text says "started after" / "ended before"; its
	// worked stats example only works as "overlaps the window" (not ended
	// before Start, not started after End), which is what the mock does and
	// the provider documents. The client passes them on unchanged.
	Start, End string
	// Sort lists fields to order by; a leading '-' sorts that field
	// descending.
	Sort []string
	// MaxResults caps how many sessions are read: 0 means one page (500).
	// SPS pages through at most 10000 results; above that the search is
	// read in start_time slices (audit_slices.go), up to
	// AuditMaxSlicedResults.
	MaxResults int
	// Fields selects the elements returned for each session: nil asks for
	// every element (fields=*), which the Session type then trims; an
	// empty, non-nil list asks for none (items carry only their key).
	Fields []string
	// PageConcurrency is how many pages are fetched at once after the
	// first; 0 means DefaultPageConcurrency, 1 fetches one by one.
	PageConcurrency int
}

// SessionSearchResult is the outcome of SearchSessions.
type SessionSearchResult struct {
	Sessions []Session
	// MatchCount is how many sessions matched, as SPS counted them.
	MatchCount int
	// Truncated is true when more sessions matched than were returned.
	Truncated bool
}

// params renders the filter parameters shared by search, stats and CSV.
func (q SessionQuery) params() url.Values {
	v := url.Values{}
	setIf(v, "q", q.Query)
	setIf(v, "content", q.Content)
	setIf(v, "start", q.Start)
	setIf(v, "end", q.End)
	if len(q.Sort) > 0 {
		v.Set("sort", strings.Join(q.Sort, ","))
	}
	return v
}

func setIf(v url.Values, key, value string) {
	if value != "" {
		v.Set(key, value)
	}
}

// wanted is how many sessions the caller asked for, within SPS's limits.
func (q SessionQuery) wanted() int {
	switch {
	case q.MaxResults <= 0:
		return AuditPageSize
	case q.MaxResults > AuditMaxResults:
		return AuditMaxResults
	}
	return q.MaxResults
}

func (q SessionQuery) workers() int {
	if q.PageConcurrency <= 0 {
		return DefaultPageConcurrency
	}
	return q.PageConcurrency
}

// pageSpec is the offset and limit of one page.
type pageSpec struct{ offset, limit int }

// planPages splits [first, total) into pages of at most size results.
func planPages(first, total, size int) []pageSpec {
	var pages []pageSpec
	for off := first; off < total; off += size {
		pages = append(pages, pageSpec{offset: off, limit: min(size, total-off)})
	}
	return pages
}

// SearchSessions lists the sessions matching q.
//
// The first page tells how many sessions match; the remaining pages (up to
// MaxResults) are then fetched PageConcurrency at a time and put back in
// order, so the result is the same as reading the pages one by one. Each
// page is decoded keeping only what Session holds (getSessionPage).
func (c *Client) SearchSessions(ctx context.Context, q SessionQuery) (*SessionSearchResult, error) {
	res, err := SearchSessionsMapped(ctx, c, q, func(page []Session) ([]Session, error) { return page, nil })
	if err != nil {
		return nil, err
	}
	return &SessionSearchResult{Sessions: res.Items, MatchCount: res.MatchCount, Truncated: res.Truncated}, nil
}

// MappedSearchResult is the outcome of SearchSessionsMapped.
type MappedSearchResult[T any] struct {
	// Items holds what convert made of each session, in result order.
	Items []T
	// MatchCount is how many sessions matched, as SPS counted them.
	MatchCount int
	// Truncated is true when more sessions matched than were returned.
	Truncated bool
	// Duplicates counts sessions dropped because an earlier page already
	// held their key (see SearchSessionsMapped).
	Duplicates int
}

// searchPage is one page of a search after convert: the keys of its
// sessions, and one item per session.
type searchPage[T any] struct {
	keys  []string
	items []T
}

// SearchSessionsMapped runs the search like SearchSessions, but hands each
// decoded page to convert, in the goroutine that fetched it, and keeps only
// what convert returns (one item per session, in order; an error stops the
// search like a failed page). A caller that
// turns sessions into its own representation therefore never holds the
// decoded sessions of the whole search next to its own, and the conversion
// of one page overlaps the download of the others.
//
// Sessions are deduplicated by key across pages, keeping the first: the
// vendor's paging example counts offsets from 1 ("offset=501" shows
// sessions 501 to 1000, "offset=1001" the remaining 12 of 1012), while
// meta.offset and the mock count from 0. An appliance that reads offsets
// the first way answers the last session of the first page again at the
// top of the second and shifts every later page by one, and a session
// recorded between two page requests shifts the default order (newest
// first) the same way. The per-session lists do the same
// (listAllUnique). A key names one session, so a repeated key is always
// such an overlap, never a second session. A session lost at the end that
// way makes Truncated true rather than passing silently.
func SearchSessionsMapped[T any](ctx context.Context, c *Client, q SessionQuery, convert func(page []Session) ([]T, error)) (*MappedSearchResult[T], error) {
	wanted := q.wanted()
	base := q.params()
	switch {
	case q.Fields == nil:
		base.Set("fields", "*")
	case len(q.Fields) > 0:
		base.Set("fields", strings.Join(q.Fields, ","))
	}

	if q.sliced() {
		return searchSliced(ctx, c, q, base, convert)
	}
	fetch := func(ctx context.Context, p pageSpec) (searchPage[T], pageMeta, error) {
		return fetchMapped(ctx, c, base, p, convert)
	}

	started := time.Now()
	firstLimit := min(wanted, AuditPageSize)
	ahead := readAhead(ctx, q, wanted, firstLimit, fetch)
	defer ahead.cancel()
	first, meta, err := fetch(ctx, pageSpec{offset: 0, limit: firstLimit})
	if err != nil {
		return nil, err
	}
	matchCount := len(first.keys)
	if meta.MatchCount != nil {
		matchCount = int(*meta.MatchCount)
	}
	// An appliance configured with a smaller page than the documented 500
	// says so in meta.limit; page by what it serves, or results between
	// its page and ours would be skipped.
	pageSize := AuditPageSize
	if l := int(meta.Limit); l > 0 && l < firstLimit {
		pageSize = l
	}
	total := min(wanted, matchCount)
	if len(first.keys) < min(total, pageSize) {
		// SPS returned fewer than it counted on a first page: the
		// database changed under us, or the count is an estimate. Trust
		// the rows.
		total = len(first.keys)
	}
	pages := planPages(len(first.keys), total, pageSize)
	c.info(ctx, "fetched page 1 of "+strconv.Itoa(len(pages)+1)+" of the session search", map[string]any{
		"match_count": matchCount, "sessions": len(first.keys), "pages": len(pages) + 1,
	})

	// Pages read ahead that the first page confirms (same page size, within
	// the total) are kept; the others are fetched now.
	early := ahead.take(pages, pageSize == AuditPageSize && len(first.keys) == firstLimit)
	rest, err := fetchPages(ctx, pages, q.workers(), func(ctx context.Context, i int, p pageSpec) (searchPage[T], error) {
		if s, ok := early[i]; ok {
			return s, nil
		}
		s, _, err := fetch(ctx, p)
		if err == nil {
			c.info(ctx, fmt.Sprintf("fetched page %d of %d of the session search", i+2, len(pages)+1), map[string]any{
				"offset": p.offset, "sessions": len(s.keys),
			})
		}
		return s, err
	})
	if err != nil {
		return nil, err
	}

	// One allocation of the final size: growing the slice page by page
	// would hold several copies of the items at the end.
	n := len(first.items)
	for _, p := range rest {
		n += len(p.items)
	}
	out := &MappedSearchResult[T]{Items: make([]T, 0, min(n, total)), MatchCount: matchCount}
	seen := make(map[string]struct{}, n)
	add := func(p searchPage[T]) {
		for i, key := range p.keys {
			if len(out.Items) == total {
				return
			}
			if key != "" {
				if _, dup := seen[key]; dup {
					out.Duplicates++
					continue
				}
				seen[key] = struct{}{}
			}
			out.Items = append(out.Items, p.items[i])
		}
	}
	add(first)
	for i := range rest {
		add(rest[i])
		rest[i] = searchPage[T]{}
	}
	out.Truncated = matchCount > len(out.Items)
	fields := map[string]any{
		"sessions": len(out.Items), "match_count": matchCount, "elapsed_ms": time.Since(started).Milliseconds(),
	}
	if out.Duplicates > 0 {
		fields["duplicates_dropped"] = out.Duplicates
	}
	c.debug(ctx, "session search done", fields)
	return out, nil
}

// fetchMapped fetches one page of the session search with the parameters
// base and hands its sessions to convert.
func fetchMapped[T any](ctx context.Context, c *Client, base url.Values, p pageSpec, convert func(page []Session) ([]T, error)) (searchPage[T], pageMeta, error) {
	v := cloneValues(base)
	v.Set("limit", strconv.Itoa(p.limit))
	v.Set("offset", strconv.Itoa(p.offset))
	sessions, meta, err := c.getSessionPage(ctx, "/api/audit/sessions", v, p.limit)
	if err != nil {
		return searchPage[T]{}, meta, err
	}
	keys := make([]string, len(sessions))
	for i := range sessions {
		keys[i] = sessions[i].ID
	}
	items, err := convert(sessions)
	if err != nil {
		return searchPage[T]{}, meta, err
	}
	if len(items) != len(sessions) {
		return searchPage[T]{}, meta, fmt.Errorf("sps: convert returned %d items for %d sessions", len(items), len(sessions))
	}
	return searchPage[T]{keys: keys, items: items}, meta, nil
}

// fetchPages runs fetch for every page with at most workers in flight and
// returns the results in page order. The first failure cancels the pages
// still running and is returned.
func fetchPages[P, T any](ctx context.Context, pages []P, workers int, fetch func(ctx context.Context, i int, p P) (T, error)) ([]T, error) {
	out := make([]T, len(pages))
	if len(pages) == 0 {
		return out, nil
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	jobs := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for range min(workers, len(pages)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				v, err := fetch(ctx, i, pages[i])
				if err != nil {
					once.Do(func() { firstErr = err; cancel(err) })
					continue
				}
				out[i] = v
			}
		}()
	}
feed:
	for i := range pages {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		// The caller gave up before every page was handed out.
		return nil, err
	}
	return out, nil
}

// readAheadPages holds the pages a search fetches while its first page is
// still in flight.
type readAheadPages[P any] struct {
	pages  []pageSpec
	done   chan struct{}
	result []P
	err    error
	cancel context.CancelFunc
}

// readAhead starts fetching the pages after the first one, as many as the
// workers can take, on the assumption that the appliance pages by the
// documented 500 and that at least MaxResults sessions match. Without it
// every search waits one whole round trip for the first page before the
// others start; with it the first batch of pages shares that round trip.
// When the first page disproves the assumption the early pages are simply
// not used (take), at the cost of a few requests the appliance answers
// quickly (pages past the last match are empty).
func readAhead[P any](ctx context.Context, q SessionQuery, wanted, firstLimit int, fetch func(context.Context, pageSpec) (P, pageMeta, error)) *readAheadPages[P] {
	ra := &readAheadPages[P]{done: make(chan struct{}), cancel: func() {}}
	if n := q.workers() - 1; n > 0 {
		ra.pages = planPages(firstLimit, wanted, AuditPageSize)
		ra.pages = ra.pages[:min(len(ra.pages), n)]
	}
	if len(ra.pages) == 0 {
		close(ra.done)
		return ra
	}
	ctx, ra.cancel = context.WithCancel(ctx)
	go func() {
		defer close(ra.done)
		ra.result, ra.err = fetchPages(ctx, ra.pages, len(ra.pages), func(ctx context.Context, _ int, p pageSpec) (P, error) {
			s, _, err := fetch(ctx, p)
			return s, err
		})
	}()
	return ra
}

// take returns the read-ahead pages that equal the planned ones, keyed by
// their index in planned. With usable false, or when read-ahead failed,
// nothing is kept and the planned pages are fetched again.
func (ra *readAheadPages[P]) take(planned []pageSpec, usable bool) map[int]P {
	if !usable || len(ra.pages) == 0 {
		ra.cancel()
		return nil
	}
	<-ra.done
	if ra.err != nil {
		return nil
	}
	kept := map[int]P{}
	for i, p := range ra.pages {
		if i < len(planned) && planned[i] == p {
			kept[i] = ra.result[i]
		}
	}
	return kept
}
