package sps

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// DefaultPageConcurrency is how many result pages a search fetches at once
// after the first one.
const DefaultPageConcurrency = 8

// sessionsPath is the session search endpoint.
const sessionsPath = "/api/audit/sessions"

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
	// A basic search pages through at most 10000 results; above that it is
	// read in start_time slices (planSlices), up to
	// AuditMaxSlicedResults.
	MaxResults int
	// Fields selects the elements returned for each session: nil asks for
	// every element (fields=*), which the Session type then trims; an
	// empty, non-nil list asks for none (items carry only their key).
	Fields []string
	// PageConcurrency is how many pages are fetched at once after the
	// first; 0 means DefaultPageConcurrency, 1 fetches one by one.
	PageConcurrency int
	// Method forces the basic or the advanced search; SearchAuto (the
	// zero value) lets the appliance's firmware decide.
	Method SearchMethod
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

// searchValues are params with the fields the search asks for.
func (q SessionQuery) searchValues() url.Values {
	v := q.params()
	switch {
	case q.Fields == nil:
		v.Set("fields", "*")
	case len(q.Fields) > 0:
		v.Set("fields", strings.Join(q.Fields, ","))
	}
	return v
}

func setIf(v url.Values, key, value string) {
	if value != "" {
		v.Set(key, value)
	}
}

// wanted is how many sessions the caller asked for: one page when unset,
// at most AuditMaxSlicedResults.
func (q SessionQuery) wanted() int {
	if q.MaxResults <= 0 {
		return AuditPageSize
	}
	return min(q.MaxResults, AuditMaxSlicedResults)
}

func (q SessionQuery) workers() int {
	if q.PageConcurrency <= 0 {
		return DefaultPageConcurrency
	}
	return q.PageConcurrency
}

// SearchSessions lists the sessions matching q, keeping of each page only
// what Session holds (getSessionPage). See SearchSessionsMapped.
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
	// held their key (see mergePages).
	Duplicates int
}

// SearchSessionsMapped lists the sessions matching q and hands each decoded
// page to convert, in the goroutine that fetched it, keeping only what
// convert returns (one item per session, in order; an error stops the
// search like a failed page). A caller that turns sessions into its own
// representation therefore never holds the decoded sessions of the whole
// search next to its own, and the conversion of one page overlaps the
// download of the others.
//
// The appliance decides how the search is read (searchMethod): through one
// snapshot of the session database where its firmware has the advanced
// search (snapshotSearch), else with the basic search, in start_time
// slices beyond 10000 results (basicSearch). Pages are fetched
// PageConcurrency at a time where the method allows it and put back in
// order, so the result is the same as reading them one by one.
func SearchSessionsMapped[T any](ctx context.Context, c *Client, q SessionQuery, convert func(page []Session) ([]T, error)) (*MappedSearchResult[T], error) {
	started := time.Now()
	out, method, err := runSearch(ctx, c, q, q.searchValues(), sessionPages(convert))
	if err != nil {
		return nil, err
	}
	fields := map[string]any{
		"sessions": len(out.Items), "match_count": out.MatchCount, "method": string(method),
		"elapsed_ms": time.Since(started).Milliseconds(),
	}
	if out.Duplicates > 0 {
		fields["duplicates_dropped"] = out.Duplicates
	}
	c.debug(ctx, "session search done", fields)
	return out, nil
}

// runSearch reads a search of the parameters base with the method the
// appliance (or q) calls for, each page decoded by decode.
func runSearch[T any](ctx context.Context, c *Client, q SessionQuery, base url.Values, decode pageDecoder[T]) (*MappedSearchResult[T], searchMethod, error) {
	return withMethod(ctx, c, q,
		func(app Appliance) (*MappedSearchResult[T], error) {
			return snapshotSearch(ctx, c, q, app, base, decode)
		},
		func() (*MappedSearchResult[T], error) { return basicSearch(ctx, c, q, base, decode) })
}

// withMethod runs snapshot or basic, as searchMethod says. An appliance
// whose firmware documents the advanced search but answers 404 to
// _snapshot is read with the basic search, now and from then on (unless q
// forces the snapshot).
func withMethod[R any](ctx context.Context, c *Client, q SessionQuery, snapshot func(Appliance) (R, error), basic func() (R, error)) (R, searchMethod, error) {
	method, app, err := c.searchMethod(ctx, q)
	if err != nil {
		var zero R
		return zero, method, err
	}
	if method == methodSnapshot {
		out, err := snapshot(app)
		if !errors.Is(err, errNoSnapshot) || q.Method == SearchSnapshot {
			return out, method, err
		}
		c.appliance.noSnapshot.Store(true)
		c.info(ctx, "SPS ("+app.firmwareText()+") answered 404 to GET "+snapshotPath+": session searches use the "+methodBasic.describe(), nil)
		method = methodBasic
	}
	out, err := basic()
	if errors.Is(err, ErrSortNotSliceable) || errors.Is(err, ErrOneSecondOverflow) {
		// Limits of the basic search alone: say which appliance has it.
		err = fmt.Errorf("%w (SPS %s: the basic search, which pages through at most %d results)", err, app.firmwareText(), AuditMaxResults)
	}
	return out, method, err
}
