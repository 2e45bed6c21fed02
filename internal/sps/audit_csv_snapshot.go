package sps

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	gojson "github.com/goccy/go-json"
)

// snapshotCSV is the CSV export of a search read through a snapshot. SPS
// has no CSV form of a snapshot's pages (the vendor does not say format=csv
// takes snapshot; the mock refuses it), so the rows are built from the
// snapshot's JSON pages, asked for the same fields, the way SPS writes its
// CSV: a Key column, then one column per field in the order asked, every
// cell quoted, one row per value of a list element. The header line is
// SPS's own: the first line of a one-session CSV page of the basic search,
// so the columns are titled as the appliance titles them.
func (c *Client) snapshotCSV(ctx context.Context, q SessionQuery, app Appliance, fields []string) (*CSVExport, error) {
	header, err := c.csvHeaderLine(ctx, q, fields)
	if err != nil {
		return nil, err
	}
	base := q.params()
	base.Set("fields", strings.Join(fields, ","))
	res, err := snapshotSearch(ctx, c, q, app, base, csvRows(fields))
	if err != nil {
		return nil, err
	}
	eol := "\n"
	if bytes.HasSuffix(header, []byte("\r\n")) {
		eol = "\r\n"
	}
	var out bytes.Buffer
	out.Write(header)
	if !bytes.HasSuffix(header, []byte("\n")) {
		out.WriteString(eol)
	}
	for _, rows := range res.Items {
		for _, row := range rows {
			writeCSVRecord(&out, row, eol)
		}
	}
	return &CSVExport{CSV: out.String(), MatchCount: res.MatchCount, Truncated: res.Truncated}, nil
}

// csvHeaderLine is the header line (with its line ending) SPS writes for
// fields.
func (c *Client) csvHeaderLine(ctx context.Context, q SessionQuery, fields []string) ([]byte, error) {
	v := q.params()
	v.Set("fields", strings.Join(fields, ","))
	v.Set("format", "csv")
	page, err := c.csvPage(ctx, offsetPage(v, 0, 1), 1)
	if err != nil {
		return nil, err
	}
	end, err := csvHeaderEnd(page)
	if err != nil {
		return nil, fmt.Errorf("sps: the CSV header SPS sent: %w", err)
	}
	return page[:end], nil
}

// writeCSVRecord writes cells as SPS does: every cell quoted, quotes
// doubled.
func writeCSVRecord(b *bytes.Buffer, cells []string, eol string) {
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(c, `"`, `""`))
		b.WriteByte('"')
	}
	b.WriteString(eol)
}

// csvRows decodes search pages into each session's CSV rows: its key,
// then one cell per field, one row per combination of list values.
func csvRows(fields []string) pageDecoder[[][]string] {
	return func(body []byte, sizeHint int) (searchPage[[][]string], pageMeta, error) {
		var page struct {
			Items []struct {
				Key  flexString      `json:"key"`
				Body json.RawMessage `json:"body"`
			} `json:"items"`
			Meta pageMeta `json:"meta"`
		}
		if err := gojson.Unmarshal(body, &page); err != nil {
			return searchPage[[][]string]{}, pageMeta{}, err
		}
		out := searchPage[[][]string]{keys: make([]string, 0, sizeHint), items: make([][][]string, 0, sizeHint)}
		for _, it := range page.Items {
			doc, err := decodeBody(it.Body)
			if err != nil {
				return out, page.Meta, fmt.Errorf("session %s: %w", string(it.Key), err)
			}
			cols := make([][]string, len(fields))
			for i, f := range fields {
				cols[i] = csvCells(lookupField(doc, f))
			}
			out.keys = append(out.keys, string(it.Key))
			out.items = append(out.items, crossRows(string(it.Key), cols))
		}
		return out, page.Meta, nil
	}
}

func decodeBody(b json.RawMessage) (any, error) {
	if len(b) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// lookupField finds a requested field in a session's body: SPS answers a
// field under the name it was asked by, its dots nesting objects; a key
// holding the whole dotted name is read too. Through a list, the values of
// its elements are collected.
func lookupField(v any, path string) any {
	if path == "" {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if w, ok := x[path]; ok {
			return w
		}
		for i := range len(path) {
			if path[i] != '.' {
				continue
			}
			if w, ok := x[path[:i]]; ok {
				if got := lookupField(w, path[i+1:]); got != nil {
					return got
				}
			}
		}
	case []any:
		var out []any
		for _, e := range x {
			switch got := lookupField(e, path).(type) {
			case nil:
			case []any:
				out = append(out, got...)
			default:
				out = append(out, got)
			}
		}
		if out != nil {
			return out
		}
	}
	return nil
}

// csvCells is a value as CSV cells: one per list element (an empty list
// gives one empty cell); strings as they are, null as "", anything else
// as its JSON.
func csvCells(v any) []string {
	list, ok := v.([]any)
	if !ok {
		return []string{csvText(v)}
	}
	if len(list) == 0 {
		return []string{""}
	}
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = csvText(e)
	}
	return out
}

func csvText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

// crossRows makes the rows of one session: key first, then every
// combination of the columns' cells, in order.
func crossRows(key string, cols [][]string) [][]string {
	rows := [][]string{{key}}
	for _, cells := range cols {
		next := make([][]string, 0, len(rows)*len(cells))
		for _, r := range rows {
			for _, cell := range cells {
				next = append(next, append(r[:len(r):len(r)], cell))
			}
		}
		rows = next
	}
	return rows
}
