package sps

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
)

// maxCSVPage caps one CSV page read into memory (500 sessions of a few
// hundred bytes each fit many times over).
const maxCSVPage = 64 << 20

// CSVExport is the outcome of SearchSessionsCSV.
type CSVExport struct {
	// CSV is one header line, then the rows of every session read.
	CSV string
	// MatchCount is how many sessions matched, as SPS counted them.
	MatchCount int
	// Truncated is true when more sessions matched than were exported.
	Truncated bool
}

// SearchSessionsCSV returns the sessions matching q as the CSV export SPS
// produces (format=csv) for the given fields: one header line, then the rows
// of every session up to q.MaxResults. q.Fields is ignored. The search is
// read the way the appliance calls for (see SearchSessionsMapped): with the
// basic search, SPS's own CSV pages (basicCSV); through a snapshot, where
// SPS has no CSV form, rows built from the snapshot's JSON pages
// (snapshotCSV).
//
// A session with a list element (analytics.interesting_events) takes one
// row per list value, so the row count can exceed the session count.
func (c *Client) SearchSessionsCSV(ctx context.Context, q SessionQuery, fields []string) (*CSVExport, error) {
	if len(fields) == 0 {
		return nil, errors.New("sps: a CSV export needs at least one field")
	}
	if slices.Contains(fields, "*") {
		// Every element as a column is SPS's own expansion; JSON pages
		// cannot tell which columns it makes.
		q.Method = SearchBasic
	}
	out, _, err := withMethod(ctx, c, q,
		func(app Appliance) (*CSVExport, error) { return c.snapshotCSV(ctx, q, app, fields) },
		func() (*CSVExport, error) { return c.basicCSV(ctx, q, fields) })
	return out, err
}

// basicCSV is the CSV export of the basic search, planned like it
// (planSlices: CSV has no match_count, so a one-session JSON search counts
// first; beyond 10000 sessions it finds the start_time slices too), then
// every page fetched at once.
//
// SPS sends the header on every page, so it is kept from the first page only.
// The pages are otherwise passed through byte for byte: SPS quotes every
// value, and re-encoding would change that.
func (c *Client) basicCSV(ctx context.Context, q SessionQuery, fields []string) (*CSVExport, error) {
	base := q.params()
	base.Set("fields", strings.Join(fields, ","))
	base.Set("format", "csv")
	wanted := q.wanted()
	plan, err := c.planSlices(ctx, q, wanted)
	if err != nil {
		return nil, err
	}
	pages := plan.pages(wanted)
	if len(pages) == 0 {
		pages = []slicePage{{offset: 0, limit: 1}} // still fetch the header
	}
	values := make([]url.Values, len(plan.slices))
	for i, s := range plan.slices {
		values[i] = s.values(base, q.Query, plan.desc)
	}
	bodies, err := fetchPages(ctx, pages, q.workers(), func(ctx context.Context, i int, p slicePage) ([]byte, error) {
		b, err := c.csvPage(ctx, offsetPage(values[p.slice], p.offset, p.limit), i+1)
		if err == nil {
			c.info(ctx, fmt.Sprintf("fetched page %d of %d of the CSV export", i+1, len(pages)), map[string]any{"bytes": len(b)})
		}
		return b, err
	})
	if err != nil {
		return nil, err
	}
	out, err := joinCSVPages(bodies)
	if err != nil {
		return nil, err
	}
	return &CSVExport{CSV: out, MatchCount: plan.total, Truncated: plan.total > wanted}, nil
}

// csvPage reads CSV page n.
func (c *Client) csvPage(ctx context.Context, req pageRequest, n int) ([]byte, error) {
	body, _, err := c.getStream(ctx, req.path, req.query, "text/csv, application/json")
	if err != nil {
		return nil, err
	}
	defer body.Close()
	b, err := io.ReadAll(io.LimitReader(body, maxCSVPage))
	if err != nil {
		return nil, fmt.Errorf("SPS API GET %s (CSV page %d): %w", req.path, n, err)
	}
	return b, nil
}

// joinCSVPages concatenates CSV pages, keeping the first page's header and
// dropping the header line of every later page. Header detection uses a CSV
// reader, so a quoted header value containing a newline is handled.
func joinCSVPages(pages [][]byte) (string, error) {
	var out bytes.Buffer
	for i, p := range pages {
		if i > 0 {
			off, err := csvHeaderEnd(p)
			if err != nil {
				return "", fmt.Errorf("CSV page %d: %w", i+1, err)
			}
			p = p[off:]
		}
		if len(p) == 0 {
			continue
		}
		if out.Len() > 0 && !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
			// A page without a final line ending: end it the way the
			// first page ends its lines.
			if bytes.Contains(pages[0], []byte("\r\n")) {
				out.WriteString("\r\n")
			} else {
				out.WriteString("\n")
			}
		}
		out.Write(p)
	}
	return out.String(), nil
}

// csvHeaderEnd returns the byte offset just past the first CSV record and
// its line ending.
func csvHeaderEnd(b []byte) (int, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	if _, err := r.Read(); err != nil {
		if errors.Is(err, io.EOF) {
			return len(b), nil
		}
		return 0, err
	}
	off := int(r.InputOffset())
	// InputOffset stops after the record's '\n'; it is already past any
	// "\r\n". Guard against a final record without a line ending.
	return min(off, len(b)), nil
}
