package sps

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// maxLoggedBody caps how much of a body reaches the debug log.
const maxLoggedBody = 4096

// transport sets the headers every SPS request needs and logs the traffic at
// debug level. Redaction happens here, at the lowest layer, so no caller can
// forget it: Authorization (the password) and Cookie/Set-Cookie (the session
// id) never reach the log.
type transport struct {
	c    *Client
	next http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	// RoundTrip must not modify the caller's request.
	req = req.Clone(req.Context())
	req.Header.Set("User-Agent", t.c.cfg.UserAgent)
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	// SPS answers 417 to Expect: 100-continue.
	req.Header.Del("Expect")
	t.c.stats.requests.Add(1)

	logging := t.c.log != nil
	if logging {
		f := map[string]any{
			"http_method":  req.Method,
			"http_url":     req.URL.Redacted(),
			"http_headers": redactHeaders(req.Header),
		}
		if b := loggableRequestBody(req); b != "" {
			f["http_body"] = b
		}
		t.c.debug(req.Context(), "SPS API request", f)
	}

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if !logging {
		return resp, err
	}
	f := map[string]any{
		"http_method":      req.Method,
		"http_url":         req.URL.Redacted(),
		"http_duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		f["error"] = err.Error()
		t.c.debug(req.Context(), "SPS API request failed", f)
		return resp, err
	}
	f["http_status"] = resp.StatusCode
	f["http_headers"] = redactHeaders(resp.Header)
	if b := loggableResponseBody(resp); b != "" {
		f["http_body"] = b
	}
	t.c.debug(req.Context(), "SPS API response", f)
	return resp, nil
}

var redactedHeaders = map[string]bool{
	"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true, "X-Token": true,
}

func redactHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		if redactedHeaders[http.CanonicalHeaderKey(k)] {
			out[k] = "<redacted>"
			continue
		}
		out[k] = strings.Join(v, ", ")
	}
	return out
}

// loggableRequestBody returns the request body for the log, if it is small
// JSON. The login request has no body; the body is re-readable through
// GetBody, which retryablehttp always sets.
func loggableRequestBody(req *http.Request) string {
	if req.GetBody == nil || req.ContentLength <= 0 || req.ContentLength > maxLoggedBody {
		return ""
	}
	rc, err := req.GetBody()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, maxLoggedBody))
	return redactBody(b)
}

// sensitiveKeys are JSON keys whose values never reach the log, e.g. the
// {"plain": "<password>"} body SPS takes for password objects.
var sensitiveKeys = []string{"password", "plain", "secret", "passphrase", "private_key", "token"}

// redactBody masks sensitive values in a JSON body; anything that is not
// JSON is logged only as its size.
func redactBody(b []byte) string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return fmt.Sprintf("<%d bytes, not JSON>", len(b))
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(redactValue(v)); err != nil {
		return ""
	}
	return strings.TrimSuffix(out.String(), "\n")
}

func redactValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			lk := strings.ToLower(k)
			if slices.ContainsFunc(sensitiveKeys, func(s string) bool { return strings.Contains(lk, s) }) {
				t[k] = "<redacted>"
				continue
			}
			t[k] = redactValue(val)
		}
	case []any:
		for i := range t {
			t[i] = redactValue(t[i])
		}
	}
	return v
}

// loggableResponseBody reads a small JSON body for the log and puts an
// equivalent reader back. Streams (unknown or large length, CSV) are left
// alone so logging never buffers a download.
func loggableResponseBody(resp *http.Response) string {
	if resp.ContentLength < 0 || resp.ContentLength > maxLoggedBody ||
		!strings.Contains(resp.Header.Get("Content-Type"), "json") {
		return ""
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		// Hand the caller the same failure it would have seen.
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), errReader{err}))
		return ""
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return redactBody(b)
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
