package sps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The advanced search of SPS 7.x and 8.x reads a search through one
// snapshot of the session database: GET .../_snapshot gives its id, a
// search with snapshot=<id> gives the first page, and each page's
// meta.next links the one after it, past the basic search's 10000
// results, until it is null. The vendor's Power BI connector reads every
// session this way and counts with .../_count. A snapshot is one moment of
// the database: sessions that close, or that the cleanup removes, while
// the pages are read cannot shift a page boundary. A snapshot expires 5
// minutes after the last query on it; every page is such a query.

const (
	snapshotPath = sessionsPath + "/_snapshot"
	countPath    = sessionsPath + "/_count"
)

// errNoSnapshot is what planSnapshot returns when the appliance answers
// 404 to _snapshot: it has no advanced search after all.
var errNoSnapshot = errors.New("sps: GET " + snapshotPath + " answered 404")

// SnapshotExpiredError is a search whose snapshot SPS no longer knew (it
// expired, or the appliance dropped it) twice: the search was started over
// from a new snapshot once, and lost that one too. Nothing is returned
// from such a search: a result read partly from one snapshot and partly
// from another would be no moment of the database.
type SnapshotExpiredError struct {
	// Firmware is the appliance's firmware version ("" when it did not
	// say).
	Firmware string
	// Pages is how many pages of the second snapshot were read before it
	// was lost.
	Pages int
	// Err is what SPS answered. It is not unwrapped: the 404 it may be
	// says nothing about the sessions asked for.
	Err error
}

func (e *SnapshotExpiredError) Error() string {
	pages := "before its first page"
	if e.Pages > 0 {
		pages = fmt.Sprintf("after %d of its pages", e.Pages)
	}
	return fmt.Sprintf("SPS (%s) no longer knew the session database snapshot of the search %s, on the second "+
		"try too (a snapshot lives 5 minutes after its last query): %v", Appliance{Firmware: e.Firmware}.firmwareText(), pages, e.Err)
}

// snapshotLost marks a page error that means the snapshot is gone: a 404
// (the snapshot existed when the search started), or a 400 or 410 about
// the snapshot parameter. SPS documents no error for it.
type snapshotLost struct{ err error }

func (e snapshotLost) Error() string { return e.err.Error() }
func (e snapshotLost) Unwrap() error { return e.err }

func asSnapshotLost(err error) error {
	e, ok := asError(err)
	if ok && (e.StatusCode == http.StatusNotFound ||
		(e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusGone) && e.Parameter() == "snapshot") {
		return snapshotLost{err}
	}
	return err
}

// snapshotPlan is the plan of a snapshot search: the snapshot, and how
// many sessions match.
type snapshotPlan struct {
	id string
	// count is _count's answer; -1 when the appliance does not serve it.
	count int
}

// planSnapshot takes a snapshot and counts the matches. The count is
// _count of the search's filters, asked as the vendor's connector asks it
// (without the snapshot: the vendor does not say _count takes one), right
// after the snapshot; the pages' own meta.match_count, where they carry
// one, is what the result reports.
func (c *Client) planSnapshot(ctx context.Context, q SessionQuery) (snapshotPlan, error) {
	var snap struct {
		Body struct {
			Snapshot flexString `json:"snapshot"`
		} `json:"body"`
	}
	if err := c.getJSON(ctx, snapshotPath, nil, &snap); err != nil {
		if IsNotFound(err) {
			return snapshotPlan{}, errNoSnapshot
		}
		return snapshotPlan{}, err
	}
	plan := snapshotPlan{id: string(snap.Body.Snapshot), count: -1}
	if plan.id == "" {
		return plan, errors.New("sps: GET " + snapshotPath + " answered without body.snapshot")
	}
	v := q.params()
	v.Del("sort")
	var count struct {
		Count *flexInt `json:"count"`
	}
	err := c.getJSON(ctx, countPath, v, &count)
	switch {
	case IsNotFound(err):
	case err != nil:
		return plan, err
	case count.Count == nil:
		return plan, errors.New("sps: GET " + countPath + " answered without count")
	default:
		plan.count = int(*count.Count)
	}
	return plan, nil
}

// snapshotSearch reads a search through one snapshot (readSnapshot). When
// SPS loses the snapshot during the read, the search starts over once from
// a new one; losing that one too is a *SnapshotExpiredError. app names the
// firmware in errors.
func snapshotSearch[T any](ctx context.Context, c *Client, q SessionQuery, app Appliance, base url.Values, decode pageDecoder[T]) (*MappedSearchResult[T], error) {
	out, pages, err := readSnapshot(ctx, c, q, base, decode)
	var lost snapshotLost
	if !errors.As(err, &lost) {
		return out, err
	}
	c.warn(ctx, fmt.Sprintf("SPS lost the session database snapshot after %d pages; reading the search again from a new snapshot", pages), map[string]any{
		"firmware_version": app.Firmware, "error": lost.err.Error(),
	})
	out, pages, err = readSnapshot(ctx, c, q, base, decode)
	if errors.As(err, &lost) {
		return nil, &SnapshotExpiredError{Firmware: app.Firmware, Pages: pages, Err: lost.err}
	}
	return out, err
}

// readSnapshot plans a snapshot search, reads its pages and merges them;
// pages is how many pages it read (also when it failed).
func readSnapshot[T any](ctx context.Context, c *Client, q SessionQuery, base url.Values, decode pageDecoder[T]) (out *MappedSearchResult[T], pages int, err error) {
	wanted := q.wanted()
	plan, err := c.planSnapshot(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	fields := map[string]any{"count": plan.count, "max_results": wanted}
	if plan.count > wanted {
		// max_results is checked against the count before the first page:
		// only the pages holding wanted sessions are read.
		c.info(ctx, fmt.Sprintf("%d sessions match, more than max_results: reading the first %d through a snapshot", plan.count, wanted), fields)
	} else {
		c.info(ctx, fmt.Sprintf("reading the session search through a snapshot (%d sessions match)", plan.count), fields)
	}
	first := cloneValues(base)
	first.Set("snapshot", plan.id)
	if wanted < AuditPageSize {
		// A full page is what the connector reads (it sends no limit);
		// a smaller one only when fewer sessions are wanted.
		first.Set("limit", strconv.Itoa(wanted))
	}
	got, last, ended, err := snapshotPages(ctx, c, pageRequest{path: sessionsPath, query: first, limit: min(wanted, AuditPageSize)}, wanted, plan.count, q.workers(), decode)
	if err != nil {
		return nil, len(got), err
	}
	// How many match: the snapshot's own count where its pages carry one;
	// else, when the links ended, what they held; else _count's (taken of
	// the live database), at least what was read.
	matchCount := -1
	if last.MatchCount != nil {
		matchCount = int(*last.MatchCount)
	}
	out = mergePages(got, wanted, max(matchCount, 0))
	switch {
	case matchCount >= 0:
	case ended:
		out.MatchCount = len(out.Items)
	default:
		out.MatchCount, out.Truncated = max(plan.count, len(out.Items)), true
	}
	return out, len(got), nil
}

// maxEmptyPages stops an appliance that keeps linking empty pages.
const maxEmptyPages = 3

// inFlight is one page request under way.
type inFlight[T any] struct {
	req    pageRequest
	cancel context.CancelFunc
	done   chan struct{}
	page   searchPage[T]
	meta   pageMeta
	err    error
}

// snapshotPages reads the pages of a snapshot search from first on,
// following meta.next until it is null (ended) or wanted sessions are read.
//
// Where the links are offset links (the same request with limit and offset,
// offset one page further each time), the pages after the last known link
// are predicted and kept in flight, workers at a time; a predicted page is
// kept only when the page before it linked to exactly it, so an appliance
// whose links work some other way is followed one page at a time, as its
// links say. count (-1 when unknown) bounds how many pages are predicted,
// so no page past the last match is asked for.
func snapshotPages[T any](ctx context.Context, c *Client, first pageRequest, wanted, count, workers int, decode pageDecoder[T]) (pages []searchPage[T], last pageMeta, ended bool, err error) {
	target := wanted
	if count >= 0 {
		target = min(wanted, count)
	}
	start := func(req pageRequest) *inFlight[T] {
		f := &inFlight[T]{req: req, done: make(chan struct{})}
		var fctx context.Context
		fctx, f.cancel = context.WithCancel(ctx)
		go func() {
			defer close(f.done)
			f.page, f.meta, f.err = fetchPage(fctx, c, req, decode)
			f.err = asSnapshotLost(f.err)
		}()
		return f
	}
	queue := []*inFlight[T]{start(first)}
	defer func() {
		for _, f := range queue {
			f.cancel()
			<-f.done
		}
	}()
	var read, empty int
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		<-f.done
		f.cancel()
		if f.err != nil {
			return pages, last, false, f.err
		}
		pages, last, read = append(pages, f.page), f.meta, read+len(f.page.keys)
		c.info(ctx, fmt.Sprintf("fetched page %d of the snapshot search", len(pages)), map[string]any{"sessions": len(f.page.keys), "read": read})
		empty++
		if len(f.page.keys) > 0 {
			empty = 0
		}
		link, ok, err := nextLink(f.meta)
		switch {
		case err != nil:
			return pages, last, false, err
		case !ok:
			return pages, last, true, nil
		case read >= wanted:
			return pages, last, false, nil
		case empty >= maxEmptyPages || link.same(f.req):
			return pages, last, false, fmt.Errorf("sps: the snapshot search keeps linking pages without sessions (meta.next %s)", link.String())
		case len(queue) == 0 || !link.same(queue[0].req):
			// Not what was predicted: drop the predictions, follow the link.
			for _, g := range queue {
				g.cancel()
				<-g.done
			}
			queue = []*inFlight[T]{start(link)}
		}
		for len(queue) < workers {
			next, ok := predictNext(queue[len(queue)-1].req, read+len(queue)*link.limit, target)
			if !ok {
				break
			}
			queue = append(queue, start(next))
		}
	}
	return pages, last, false, nil
}

// nextLink reads meta.next: ok is false at the end (null, "" or absent).
// The link is a path on the appliance with its query (the connector's
// tests use opaque relative paths); an absolute URL is read the same way.
func nextLink(m pageMeta) (req pageRequest, ok bool, err error) {
	if next, _ := m.hasNext(); !next {
		return req, false, nil
	}
	var s flexString
	if err := s.UnmarshalJSON(m.Next); err != nil {
		return req, false, fmt.Errorf("sps: meta.next of a snapshot page: %w", err)
	}
	u, err := url.Parse(string(s))
	if err != nil || !strings.HasPrefix(u.Path, "/api/") {
		return req, false, fmt.Errorf("sps: meta.next of a snapshot page is not a path on the appliance: %q", string(s))
	}
	req = pageRequest{path: u.Path, query: u.Query(), limit: AuditPageSize}
	if l, err := strconv.Atoi(req.query.Get("limit")); err == nil && l > 0 {
		req.limit = min(l, AuditPageSize)
	}
	return req, true, nil
}

// String is the request as a link.
func (r pageRequest) String() string { return r.path + "?" + r.query.Encode() }

// same reports whether two requests ask for the same page.
func (r pageRequest) same(o pageRequest) bool {
	return r.path == o.path && r.query.Encode() == o.query.Encode()
}

// predictNext is the page after req when req is an offset link (offset
// advanced by limit), as long as the sessions scheduled stay below target.
func predictNext(req pageRequest, scheduled, target int) (pageRequest, bool) {
	limit, errL := strconv.Atoi(req.query.Get("limit"))
	offset, errO := strconv.Atoi(req.query.Get("offset"))
	if errL != nil || errO != nil || limit <= 0 || scheduled >= target {
		return req, false
	}
	v := cloneValues(req.query)
	v.Set("offset", strconv.Itoa(offset+limit))
	return pageRequest{path: req.path, query: v, limit: req.limit}, true
}
