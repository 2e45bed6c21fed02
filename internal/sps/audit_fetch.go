package sps

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"sync"
)

// A session search runs in four steps:
//
//	plan   which parts the result is read in, and how many sessions each
//	       holds: start_time slices of the basic search (planSlices, the
//	       unsliced search being one slice, planFirstPage);
//	pages  the page requests of those parts, in result order;
//	fetch  the pages, several at once, each decoded and converted as it
//	       arrives (fetchPages, fetchPage);
//	merge  one list in result order, each session once (mergePages).

// pageRequest is one page of a session search: where to GET it, and how
// many sessions it should hold (a hint for decoding).
type pageRequest struct {
	path  string
	query url.Values
	limit int
}

// offsetPage is the request of the page at offset of a search with the
// parameters base.
func offsetPage(base url.Values, offset, limit int) pageRequest {
	v := cloneValues(base)
	v.Set("limit", strconv.Itoa(limit))
	v.Set("offset", strconv.Itoa(offset))
	return pageRequest{path: sessionsPath, query: v, limit: limit}
}

// searchPage is one page of a search after convert: the keys of its
// sessions, and one item per session.
type searchPage[T any] struct {
	keys  []string
	items []T
}

// pageDecoder turns the body of one search page into a searchPage;
// sizeHint is the number of sessions expected.
type pageDecoder[T any] func(body []byte, sizeHint int) (searchPage[T], pageMeta, error)

// fetchPage GETs one page of a session search and decodes it.
func fetchPage[T any](ctx context.Context, c *Client, req pageRequest, decode pageDecoder[T]) (searchPage[T], pageMeta, error) {
	var (
		page searchPage[T]
		meta pageMeta
	)
	err := c.getPage(ctx, req, func(body []byte) error {
		var err error
		page, meta, err = decode(body, req.limit)
		return err
	})
	if ce, ok := errors.AsType[errConvert](err); ok {
		return page, meta, ce.err
	}
	return page, meta, err
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

// mergePages joins the pages of a search, in order, into one result of at
// most limit items; matchCount is how many sessions the appliance counted.
//
// Sessions are deduplicated by key across pages, keeping the first. The
// vendor's paging example counts offsets from 1 ("offset=501" shows
// sessions 501 to 1000, "offset=1001" the remaining 12 of 1012), while
// meta.offset and the mock count from 0: an appliance that reads offsets
// the first way answers the last session of the first page again at the
// top of the second and shifts every later page by one, and a session
// recorded between two page requests shifts the default order (newest
// first) the same way. The per-session lists do the same (listAllUnique).
// A key names one session, so a repeated key is always such an overlap,
// never a second session. A session lost at the end that way makes
// Truncated true rather than passing silently.
func mergePages[T any](pages []searchPage[T], limit, matchCount int) *MappedSearchResult[T] {
	// One allocation of the final size: growing the slice page by page
	// would hold several copies of the items at the end.
	n := 0
	for _, p := range pages {
		n += len(p.items)
	}
	out := &MappedSearchResult[T]{Items: make([]T, 0, min(n, limit)), MatchCount: matchCount}
	seen := make(map[string]struct{}, n)
	for i := range pages {
		for j, key := range pages[i].keys {
			if len(out.Items) == limit {
				break
			}
			if key != "" {
				if _, dup := seen[key]; dup {
					out.Duplicates++
					continue
				}
				seen[key] = struct{}{}
			}
			out.Items = append(out.Items, pages[i].items[j])
		}
		pages[i] = searchPage[T]{} // the items are in out now
	}
	out.Truncated = matchCount > len(out.Items)
	return out
}
