package sps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// Paging limits of the audit API, as SPS documents them.
const (
	// AuditPageSize is the largest page (limit) SPS serves; larger limits
	// are silently cut to it.
	AuditPageSize = 500
	// AuditMaxResults is the deepest a basic search reaches: SPS ignores
	// offsets beyond 10000, so no more results can be read.
	AuditMaxResults = 10000
)

// pageMeta is the part of a list answer's meta that paging needs.
type pageMeta struct {
	MatchCount *flexInt        `json:"match_count"`
	Limit      flexInt         `json:"limit"`
	Offset     flexInt         `json:"offset"`
	Next       json.RawMessage `json:"next"` // absent, null or a link
}

// hasNext reports whether meta promises another page: a non-null next link.
// known is false when the answer had no next element at all.
func (m *pageMeta) hasNext() (next, known bool) {
	if m.Next == nil {
		return false, false
	}
	t := bytes.TrimSpace(m.Next)
	return !bytes.Equal(t, []byte("null")) && !bytes.Equal(t, []byte(`""`)), true
}

// decodeList reads a list answer {"items": [...], "meta": {...}} from r one
// item at a time: each item is handed to item with the decoder positioned
// at it, so a 500-item page is never held as raw JSON, and only what the
// item decoder keeps stays in memory. Other top-level elements are skipped.
func decodeList(r io.Reader, item func(dec *json.Decoder) error) (pageMeta, error) {
	var meta pageMeta
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return meta, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return meta, err
		}
		key, _ := tok.(string)
		switch key {
		case "items":
			if err := decodeArray(dec, item); err != nil {
				return meta, fmt.Errorf("items: %w", err)
			}
		case "meta":
			if err := dec.Decode(&meta); err != nil {
				return meta, fmt.Errorf("meta: %w", err)
			}
		default:
			if err := skipValue(dec); err != nil {
				return meta, err
			}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return meta, err
	}
	return meta, nil
}

// decodeArray walks a JSON array (or null) calling item for each element.
func decodeArray(dec *json.Decoder, item func(dec *json.Decoder) error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil // "items": null
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("expected a list, got %v", tok)
	}
	for dec.More() {
		if err := item(dec); err != nil {
			return err
		}
	}
	_, err = dec.Token() // ']'
	return err
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, got %v", want, tok)
	}
	return nil
}

// skipValue consumes one JSON value without keeping it.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// getList GETs one page of a list endpoint on the read session and streams
// its items through item.
func (c *Client) getList(ctx context.Context, path string, query url.Values, item func(dec *json.Decoder) error) (pageMeta, error) {
	resp, err := c.send(ctx, request{sess: c.read, method: http.MethodGet, path: path, query: query, safe: true, relogin: true}, c.http)
	if err != nil {
		return pageMeta{}, err
	}
	defer resp.Body.Close()
	meta, err := decodeList(resp.Body, item)
	if err != nil {
		return meta, fmt.Errorf("SPS API GET %s: decoding answer: %w", path, err)
	}
	return meta, nil
}

// listAll reads every page of a small per-session list (events, alerts,
// channels) one after the other, up to the 10000-result limit. These lists
// do not always carry match_count (the events sample has none), so paging
// follows meta.next and stops at a short or empty page.
//
// item decodes one item and reports whether it is new: false for an item
// the list already holds (see listAllUnique), which is dropped. Counts
// against match_count use the new items; the offset sent counts every item
// served, as it is the appliance's position in the list.
//
// truncated reports that the limit was reached while the appliance did not
// say the list ended there (match_count above it, a next link, or neither
// known). The vendor caps searches at 10000 results and documents the same
// limit/offset paging for these lists without saying whether offsets past
// 10000 work, so the client does not read past it.
func (c *Client) listAll(ctx context.Context, path string, query url.Values, item func(dec *json.Decoder) (fresh bool, err error)) (truncated bool, err error) {
	offset, kept := 0, 0
	defer func() {
		if offset > kept && err == nil {
			c.debug(ctx, "dropped items repeated across pages", map[string]any{
				"path": path, "items": kept, "duplicates_dropped": offset - kept,
			})
		}
	}()
	var meta pageMeta
	for offset < AuditMaxResults {
		q := cloneValues(query)
		q.Set("limit", strconv.Itoa(min(AuditPageSize, AuditMaxResults-offset)))
		q.Set("offset", strconv.Itoa(offset))
		n := 0
		meta, err = c.getList(ctx, path, q, func(dec *json.Decoder) error {
			n++
			fresh, err := item(dec)
			if fresh {
				kept++
			}
			return err
		})
		if err != nil {
			return false, err
		}
		offset += n
		// more: the appliance counts results beyond those read so far.
		more := meta.MatchCount != nil && kept < int(*meta.MatchCount)
		if n == 0 {
			return more, nil
		}
		if meta.MatchCount != nil && !more {
			return false, nil
		}
		if next, known := meta.hasNext(); known && !next {
			return more, nil
		}
		if limit := int(meta.Limit); n < AuditPageSize && (limit == 0 || n < limit) {
			return more, nil
		}
	}
	return true, nil
}

// listAllOf is listAll for lists whose items decode as one wire type D,
// converted to what callers see with conv. Every item served is kept: use
// it only for lists whose items carry nothing that names one of them.
func listAllOf[D, T any](ctx context.Context, c *Client, path string, query url.Values, conv func(D) T) ([]T, bool, error) {
	return listAllUnique(ctx, c, path, query, conv, func(T) (struct{}, bool) { return struct{}{}, false })
}

// listAllUnique is listAllOf that keeps the first item of each identity
// and drops the items repeating it. id returns an item's identity, or
// false when the item carries none (it is then kept).
//
// Why: the vendor's paging example, on the events, alerts, indexing and
// trail-download pages alike, counts offsets from 1 ("offset=501" shows
// items 501 to 1000, "offset=1001" the remaining 12 of 1012), while
// meta.offset, the text ("the default value of the offset is 0") and the
// mock count from 0. An appliance that reads offsets the example's way
// answers offset=500 with the 500th item, already read as the last of the
// first page, and shifts every later page by one. Items are dropped only
// by an identity that names one item, so a repeat is always such an
// overlap, never a second item; an item pushed past the 10000-result
// limit that way makes truncated true.
func listAllUnique[D, T any, K comparable](ctx context.Context, c *Client, path string, query url.Values, conv func(D) T, id func(T) (K, bool)) ([]T, bool, error) {
	var out []T
	seen := map[K]struct{}{}
	truncated, err := c.listAll(ctx, path, query, func(dec *json.Decoder) (bool, error) {
		var d D
		if err := dec.Decode(&d); err != nil {
			return false, err
		}
		v := conv(d)
		if k, ok := id(v); ok {
			if _, dup := seen[k]; dup {
				return false, nil
			}
			seen[k] = struct{}{}
		}
		out = append(out, v)
		return true, nil
	})
	return out, truncated, err
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v)+2)
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
