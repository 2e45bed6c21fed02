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
	// MaxResults caps how many sessions are read: 0 means one page (500);
	// more than 10000 is cut to 10000, the most SPS can page through.
	MaxResults int
	// Fields selects the elements returned for each session. Empty asks
	// for every element (fields=*), which the Session type then trims.
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
	const path = "/api/audit/sessions"
	wanted := q.wanted()
	base := q.params()
	if len(q.Fields) > 0 {
		base.Set("fields", strings.Join(q.Fields, ","))
	} else {
		base.Set("fields", "*")
	}

	fetch := func(ctx context.Context, p pageSpec) ([]Session, pageMeta, error) {
		v := cloneValues(base)
		v.Set("limit", strconv.Itoa(p.limit))
		v.Set("offset", strconv.Itoa(p.offset))
		return c.getSessionPage(ctx, path, v, p.limit)
	}

	started := time.Now()
	firstLimit := min(wanted, AuditPageSize)
	ahead := c.readAhead(ctx, q, wanted, firstLimit, fetch)
	defer ahead.cancel()
	first, meta, err := fetch(ctx, pageSpec{offset: 0, limit: firstLimit})
	if err != nil {
		return nil, err
	}
	matchCount := len(first)
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
	if len(first) < min(total, pageSize) {
		// SPS returned fewer than it counted on a first page: the
		// database changed under us, or the count is an estimate. Trust
		// the rows.
		total = len(first)
	}
	pages := planPages(len(first), total, pageSize)
	c.info(ctx, "fetched page 1 of "+strconv.Itoa(len(pages)+1)+" of the session search", map[string]any{
		"match_count": matchCount, "sessions": len(first), "pages": len(pages) + 1,
	})

	// Pages read ahead that the first page confirms (same page size, within
	// the total) are kept; the others are fetched now.
	early := ahead.take(pages, pageSize == AuditPageSize && len(first) == firstLimit)
	rest, err := fetchPages(ctx, pages, q.workers(), func(ctx context.Context, i int, p pageSpec) ([]Session, error) {
		if s, ok := early[i]; ok {
			return s, nil
		}
		s, _, err := fetch(ctx, p)
		if err == nil {
			c.info(ctx, fmt.Sprintf("fetched page %d of %d of the session search", i+2, len(pages)+1), map[string]any{
				"offset": p.offset, "sessions": len(s),
			})
		}
		return s, err
	})
	if err != nil {
		return nil, err
	}

	// One allocation of the final size: growing the slice page by page
	// would hold several copies of 10,000 sessions at the end.
	n := len(first)
	for _, s := range rest {
		n += len(s)
	}
	all := make([]Session, 0, n)
	all = append(all, first...)
	for i, s := range rest {
		all = append(all, s...)
		rest[i] = nil
	}
	if len(all) > total {
		all = all[:total]
	}
	c.debug(ctx, "session search done", map[string]any{
		"sessions": len(all), "match_count": matchCount, "elapsed_ms": time.Since(started).Milliseconds(),
	})
	return &SessionSearchResult{Sessions: all, MatchCount: matchCount, Truncated: matchCount > len(all)}, nil
}

// fetchPages runs fetch for every page with at most workers in flight and
// returns the results in page order. The first failure cancels the pages
// still running and is returned.
func fetchPages[T any](ctx context.Context, pages []pageSpec, workers int, fetch func(ctx context.Context, i int, p pageSpec) (T, error)) ([]T, error) {
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
type readAheadPages struct {
	pages  []pageSpec
	done   chan struct{}
	result [][]Session
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
func (c *Client) readAhead(ctx context.Context, q SessionQuery, wanted, firstLimit int, fetch func(context.Context, pageSpec) ([]Session, pageMeta, error)) *readAheadPages {
	ra := &readAheadPages{done: make(chan struct{}), cancel: func() {}}
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
		ra.result, ra.err = fetchPages(ctx, ra.pages, len(ra.pages), func(ctx context.Context, _ int, p pageSpec) ([]Session, error) {
			s, _, err := fetch(ctx, p)
			return s, err
		})
	}()
	return ra
}

// take returns the read-ahead pages that equal the planned ones, keyed by
// their index in planned. With usable false, or when read-ahead failed,
// nothing is kept and the planned pages are fetched again.
func (ra *readAheadPages) take(planned []pageSpec, usable bool) map[int][]Session {
	if !usable || len(ra.pages) == 0 {
		ra.cancel()
		return nil
	}
	<-ra.done
	if ra.err != nil {
		return nil
	}
	kept := map[int][]Session{}
	for i, p := range ra.pages {
		if i < len(planned) && planned[i] == p {
			kept[i] = ra.result[i]
		}
	}
	return kept
}
