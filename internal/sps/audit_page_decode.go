package sps

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"

	gojson "github.com/goccy/go-json"
)

// Search pages are the client's hot path: 500 sessions of about 2 KB each,
// up to 20 pages per search. encoding/json's reflection decoder spends
// about 30 ms of CPU on such a page, more than the 20 ms an appliance takes
// to answer, so concurrent paging could not hide the latency on a small
// machine. goccy/go-json decodes the same types (it honors the
// json.Unmarshaler methods of flexString and flexInt and encoding/json's
// field matching rules) about 4x faster; other lists keep encoding/json.

var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// sessionPage is one page of GET /api/audit/sessions.
type sessionPage struct {
	Items []struct {
		Key  flexString `json:"key"`
		Body sessionDoc `json:"body"`
	} `json:"items"`
	Meta pageMeta `json:"meta"`
}

// getPage GETs one page of a session search on the read session and hands
// its body to decode. Page buffers (about 1 MB for 500 sessions) are
// reused: decoding copies every value it keeps out of the buffer.
func (c *Client) getPage(ctx context.Context, req pageRequest, decode func(body []byte) error) error {
	resp, err := c.send(ctx, request{sess: c.read, method: http.MethodGet, path: req.path, query: req.query, safe: true, relogin: true}, c.http)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer pageBuffers.Put(buf)
	buf.Reset()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return fmt.Errorf("SPS API GET %s: reading answer: %w", req.path, err)
	}
	if err := decode(buf.Bytes()); err != nil {
		return fmt.Errorf("SPS API GET %s: decoding answer: %w", req.path, err)
	}
	return nil
}

// sessionPages decodes search pages into what convert makes of their
// sessions.
func sessionPages[T any](convert func(page []Session) ([]T, error)) pageDecoder[T] {
	return func(body []byte, sizeHint int) (searchPage[T], pageMeta, error) {
		sessions, meta, err := decodeSessionPage(body, sizeHint)
		if err != nil {
			return searchPage[T]{}, meta, err
		}
		keys := make([]string, len(sessions))
		for i := range sessions {
			keys[i] = sessions[i].ID
		}
		items, err := convert(sessions)
		if err != nil {
			return searchPage[T]{}, meta, errConvert{err}
		}
		if len(items) != len(sessions) {
			return searchPage[T]{}, meta, errConvert{fmt.Errorf("sps: convert returned %d items for %d sessions", len(items), len(sessions))}
		}
		return searchPage[T]{keys: keys, items: items}, meta, nil
	}
}

// errConvert is a failure of the caller's convert, which is not a
// decoding failure of the page and is returned as it is.
type errConvert struct{ err error }

func (e errConvert) Error() string { return e.err.Error() }
func (e errConvert) Unwrap() error { return e.err }

// decodeSessionPage turns a page body into the sessions the provider
// keeps; the documents themselves are dropped with the page.
func decodeSessionPage(body []byte, sizeHint int) ([]Session, pageMeta, error) {
	var page sessionPage
	if err := gojson.Unmarshal(body, &page); err != nil {
		return nil, pageMeta{}, err
	}
	sessions := make([]Session, 0, max(sizeHint, len(page.Items)))
	for i := range page.Items {
		it := &page.Items[i]
		sessions = append(sessions, it.Body.session(string(it.Key)))
	}
	return sessions, page.Meta, nil
}
