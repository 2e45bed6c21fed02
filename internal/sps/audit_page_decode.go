package sps

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
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

// getSessionPage GETs one page of the session search on the read session
// and decodes it. sizeHint is the number of sessions expected.
func (c *Client) getSessionPage(ctx context.Context, path string, query url.Values, sizeHint int) ([]Session, pageMeta, error) {
	resp, err := c.send(ctx, request{sess: c.read, method: http.MethodGet, path: path, query: query, safe: true, relogin: true}, c.http)
	if err != nil {
		return nil, pageMeta{}, err
	}
	defer resp.Body.Close()
	// Page buffers (about 1 MB for 500 sessions) are reused: decoding
	// copies every value it keeps out of the buffer.
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer pageBuffers.Put(buf)
	buf.Reset()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return nil, pageMeta{}, fmt.Errorf("SPS API GET %s: reading answer: %w", path, err)
	}
	sessions, meta, err := decodeSessionPage(buf.Bytes(), sizeHint)
	if err != nil {
		return nil, meta, fmt.Errorf("SPS API GET %s: decoding answer: %w", path, err)
	}
	return sessions, meta, nil
}

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
