package sps

import (
	"context"
	"fmt"
	"net/url"
)

// basicSearch reads a search with the basic search (limit/offset pages of
// GET /api/audit/sessions): plan its slices, list their pages, fetch them,
// merge them.
func basicSearch[T any](ctx context.Context, c *Client, q SessionQuery, base url.Values, decode pageDecoder[T]) (*MappedSearchResult[T], error) {
	wanted := q.wanted()
	var (
		plan slicePlan
		read map[slicePage]searchPage[T]
		err  error
	)
	if q.sliced() {
		plan, err = c.planSlices(ctx, q, wanted)
	} else {
		plan, read, err = planFirstPage(ctx, c, q, base, decode)
	}
	if err != nil {
		return nil, err
	}
	pages := plan.pages(wanted)
	values := make([]url.Values, len(plan.slices))
	for i, s := range plan.slices {
		values[i] = s.values(base, q.Query, plan.desc)
	}
	c.info(ctx, fmt.Sprintf("reading the session search in %d pages", len(pages)), map[string]any{
		"match_count": plan.total, "slices": len(plan.slices), "pages": len(pages),
	})
	got, err := fetchPages(ctx, pages, q.workers(), func(ctx context.Context, i int, p slicePage) (searchPage[T], error) {
		if s, ok := read[p]; ok {
			return s, nil
		}
		s, _, err := fetchPage(ctx, c, offsetPage(values[p.slice], p.offset, p.limit), decode)
		if err == nil {
			c.info(ctx, fmt.Sprintf("fetched page %d of %d of the session search", i+1, len(pages)), map[string]any{
				"slice": p.slice, "offset": p.offset, "sessions": len(s.keys),
			})
		}
		return s, err
	})
	if err != nil {
		return nil, err
	}
	return mergePages(got, plan.holds(wanted), plan.total), nil
}

// planFirstPage plans a search that fits one basic search: one open slice,
// whose count and page size its first page tells. That page is read here
// and returned with the pages read ahead while it was in flight that the
// plan confirms, so they are not fetched again.
func planFirstPage[T any](ctx context.Context, c *Client, q SessionQuery, base url.Values, decode pageDecoder[T]) (slicePlan, map[slicePage]searchPage[T], error) {
	wanted := q.wanted()
	fetch := func(ctx context.Context, p slicePage) (searchPage[T], pageMeta, error) {
		return fetchPage(ctx, c, offsetPage(base, p.offset, p.limit), decode)
	}
	firstLimit := min(wanted, AuditPageSize)
	ahead := readAhead(ctx, q.workers(), wanted, firstLimit, fetch)
	defer ahead.cancel()
	first, meta, err := fetch(ctx, slicePage{offset: 0, limit: firstLimit})
	if err != nil {
		return slicePlan{}, nil, err
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
	count := min(wanted, matchCount)
	if len(first.keys) < min(count, pageSize) {
		// SPS returned fewer than it counted on a first page: the
		// database changed under us, or the count is an estimate. Trust
		// the rows.
		count = len(first.keys)
	}
	slice := openSlice
	slice.count = count
	plan := slicePlan{slices: []timeSlice{slice}, total: matchCount, pageSize: pageSize, firstPage: max(1, len(first.keys))}
	pages := plan.pages(wanted)
	// Pages read ahead that the first page confirms (same page size) are
	// kept; the others are fetched again.
	read := ahead.take(pages[1:], pageSize == AuditPageSize && len(first.keys) == firstLimit)
	read[pages[0]] = first
	return plan, read, nil
}

// readAheadPages holds the pages a search fetches while its first page is
// still in flight.
type readAheadPages[P any] struct {
	pages  []slicePage
	done   chan struct{}
	result []P
	err    error
	cancel context.CancelFunc
}

// readAhead starts fetching the pages after the first one, as many as the
// workers can take, on the assumption that the appliance pages by the
// documented 500 and that at least wanted sessions match. Without it every
// search waits one whole round trip for the first page before the others
// start; with it the first batch of pages shares that round trip. When the
// first page disproves the assumption the early pages are simply not used
// (take), at the cost of a few requests the appliance answers quickly
// (pages past the last match are empty).
func readAhead[P any](ctx context.Context, workers, wanted, firstLimit int, fetch func(context.Context, slicePage) (P, pageMeta, error)) *readAheadPages[P] {
	ra := &readAheadPages[P]{done: make(chan struct{}), cancel: func() {}}
	for off := firstLimit; off < wanted && len(ra.pages) < workers-1; off += AuditPageSize {
		ra.pages = append(ra.pages, slicePage{offset: off, limit: min(AuditPageSize, wanted-off)})
	}
	if len(ra.pages) == 0 {
		close(ra.done)
		return ra
	}
	ctx, ra.cancel = context.WithCancel(ctx)
	go func() {
		defer close(ra.done)
		ra.result, ra.err = fetchPages(ctx, ra.pages, len(ra.pages), func(ctx context.Context, _ int, p slicePage) (P, error) {
			s, _, err := fetch(ctx, p)
			return s, err
		})
	}()
	return ra
}

// take returns the read-ahead pages that are among planned. With usable
// false, or when read-ahead failed, nothing is kept and the planned pages
// are fetched again.
func (ra *readAheadPages[P]) take(planned []slicePage, usable bool) map[slicePage]P {
	kept := map[slicePage]P{}
	if !usable || len(ra.pages) == 0 {
		ra.cancel()
		return kept
	}
	<-ra.done
	if ra.err != nil {
		return kept
	}
	for i, p := range ra.pages {
		if i < len(planned) && planned[i] == p {
			kept[p] = ra.result[i]
		}
	}
	return kept
}
