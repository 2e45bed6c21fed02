package sps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// maxErrorBody caps how much of an error answer is read.
const maxErrorBody = 64 << 10

// request describes one API call.
type request struct {
	sess   *session
	method string
	path   string // absolute API path, e.g. /api/configuration/vnc/options
	query  url.Values
	body   any  // JSON-encoded when non-nil
	safe   bool // safe to repeat: retried on 5xx and connection errors
	// relogin: on 401 Unauthenticated, log the session in again once and
	// repeat. Only for reads: a write's transaction died with the session,
	// so the engine replays the whole group instead.
	relogin bool
	accept  string // default application/json
}

// isAmbiguous reports whether a write may or may not have taken effect:
// the connection failed or SPS answered with a server error.
func isAmbiguous(err error) bool {
	if err == nil {
		return false
	}
	if isTransport(err) {
		return true
	}
	e, ok := asError(err)
	return ok && e.StatusCode >= 500
}

// isTransport reports a request that got no HTTP answer.
func isTransport(err error) bool {
	var ce *ConnectionError
	return errors.As(err, &ce)
}

// doJSON runs r and decodes a 2xx JSON answer into out (when non-nil).
func (c *Client) doJSON(ctx context.Context, r request, out any) error {
	resp, err := c.send(ctx, r, c.http)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	dec := json.NewDecoder(resp.Body)
	// Numbers in untyped parts (map[string]any) stay exact, so a
	// read-modify-write hands back what SPS sent.
	dec.UseNumber()
	if err := dec.Decode(out); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("SPS API %s %s: decoding answer: %w", r.method, r.path, err)
	}
	return nil
}

// getJSON reads path on the read session: it sees committed configuration
// only and never waits for the configuration lock. Audit searches use it.
func (c *Client) getJSON(ctx context.Context, path string, query url.Values, out any) error {
	return c.doJSON(ctx, request{sess: c.read, method: http.MethodGet, path: path, query: query, safe: true, relogin: true}, out)
}

// getStream GETs path on the read session and hands back the open body for
// the caller to read (CSV exports, audit trails). Retries cover only the
// time until the answer starts; the download itself is bounded by ctx, not
// by RequestTimeout. accept may be "" (JSON).
func (c *Client) getStream(ctx context.Context, path string, query url.Values, accept string) (io.ReadCloser, http.Header, error) {
	resp, err := c.send(ctx, request{sess: c.read, method: http.MethodGet, path: path, query: query, safe: true, relogin: true, accept: accept}, c.streamRetry())
	if err != nil {
		return nil, nil, err
	}
	return resp.Body, resp.Header, nil
}

func (c *Client) streamRetry() *retryablehttp.Client { return c.newRetryClient(c.stream) }

// send performs r and returns a 2xx response with its body open; any other
// status becomes an *Error. Logging in (and once, logging in again) happens
// here.
func (c *Client) send(ctx context.Context, r request, rc *retryablehttp.Client) (*http.Response, error) {
	var payload []byte
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, fmt.Errorf("sps: encoding %s %s body: %w", r.method, r.path, err)
		}
		payload = b
	}
	relogged := false
	for {
		sid, gen, err := r.sess.get(ctx)
		if err != nil {
			return nil, err
		}
		resp, err := c.attempt(ctx, r, rc, payload, sid)
		if err == nil {
			return resp, nil
		}
		if r.relogin && !relogged && isUnauthenticated(err) {
			relogged = true
			c.debug(ctx, "SPS session expired; logging in again", map[string]any{"session": r.sess.name, "path": r.path})
			r.sess.expire(gen)
			continue
		}
		if isUnauthenticated(err) {
			// Forget the dead session so the next use logs in.
			r.sess.expire(gen)
		}
		return nil, err
	}
}

func (c *Client) attempt(ctx context.Context, r request, rc *retryablehttp.Client, payload []byte, sid string) (*http.Response, error) {
	u := c.endpoint(r.path, r.query)
	// No payload → nil body, which net/http sends as "Content-Length: 0"
	// on POST/PUT: SPS answers 411 to a POST /api/transaction without a
	// defined length (an empty non-nil reader would go out chunked).
	var body any
	if payload != nil {
		body = payload
	}
	ctx = withRetryPolicy(ctx, r.safe)
	policy, _ := ctx.Value(retryPolicyKey{}).(*retryPolicy)
	policy.patience = c.cfg.RequestTimeout
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, fmt.Errorf("sps: building %s %s: %w", r.method, r.path, err)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.accept != "" {
		req.Header.Set("Accept", r.accept)
	}
	if sid != "" {
		req.Header.Set("Cookie", (&http.Cookie{Name: sessionCookie, Value: sid}).String())
	}
	resp, err := rc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("SPS API %s %s: %w", r.method, r.path, ctx.Err())
		}
		return nil, c.noAnswer(r.method, r.path, policy, err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp, nil
	}
	defer resp.Body.Close()
	if re := c.redirectError(r.method, r.path, resp); re != nil {
		return nil, re
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := parseError(r.method, r.path, resp.StatusCode, b)
	e.user, e.baseURL = c.cfg.Username, c.baseURL.String()
	e.Attempts = policy.attempts
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		rl := &RateLimitedError{RetryAfter: policy.retryAfter, Err: e}
		if policy.tooLong {
			rl.Patience = policy.waitable
		}
		return nil, rl
	case http.StatusProxyAuthRequired:
		// Only a proxy answers 407: a plain-HTTP request goes to the
		// proxy as it is, so its refusal comes back as an answer.
		return nil, &ProxyError{Proxy: c.proxyText(), StatusCode: resp.StatusCode, Status: resp.Status, Err: e}
	}
	return nil, Classify(e)
}

// redirectError returns a *RedirectError when resp redirects elsewhere.
func (c *Client) redirectError(method, path string, resp *http.Response) *RedirectError {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil
	}
	e := &RedirectError{Method: method, Path: path, StatusCode: resp.StatusCode, baseURL: c.baseURL.String()}
	if u, err := resp.Location(); err == nil {
		e.Location = u.String()
	}
	return e
}

func (c *Client) endpoint(path string, query url.Values) string {
	u := *c.baseURL
	u.Path = c.baseURL.Path + path
	u.RawQuery = query.Encode()
	return u.String()
}

// Retry policy. Whether a request is safe to repeat travels in its context
// because retryablehttp's CheckRetry sees the context but not the request.

type retryPolicyKey struct{}

type retryPolicy struct {
	safe     bool
	reason   string // why the previous attempt failed, for the retry log line
	attempts int    // answers seen so far, counted by checkRetry

	// patience caps a server-asked wait (Retry-After): the request
	// timeout, or less when the context's deadline is nearer.
	started    time.Time // when the first attempt was sent
	patience   time.Duration
	retryAfter time.Duration // what the last answer asked for, 0 if nothing
	tooLong    bool          // it asked for more than waitable, so no retry
	waitable   time.Duration // the patience left when it asked
}

// waitLeft is how long the request may still wait before a retry.
func (p *retryPolicy) waitLeft(ctx context.Context) time.Duration {
	left := p.patience
	if dl, ok := ctx.Deadline(); ok {
		left = min(left, time.Until(dl))
	}
	return max(left, 0)
}

func withRetryPolicy(ctx context.Context, safe bool) context.Context {
	return context.WithValue(ctx, retryPolicyKey{}, &retryPolicy{safe: safe, started: time.Now()})
}

func (c *Client) newRetryClient(hc *http.Client) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   hc,
		Logger:       nil, // retries are logged through c.log by the hook below
		RetryWaitMin: c.cfg.RetryWaitMin,
		RetryWaitMax: c.cfg.RetryWaitMax,
		RetryMax:     c.cfg.MaxRetries,
		CheckRetry:   checkRetry,
		Backoff:      jitterBackoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, attempt int) {
			if attempt == 0 {
				return
			}
			c.stats.retries.Add(1)
			reason := ""
			if p, ok := req.Context().Value(retryPolicyKey{}).(*retryPolicy); ok {
				reason = p.reason
			}
			c.warn(req.Context(), "retrying SPS API request", map[string]any{
				"http_method": req.Method, "http_path": req.URL.Path, "attempt": attempt + 1,
				"max_attempts": c.cfg.MaxRetries + 1, "reason": reason,
			})
		},
	}
}

func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	p, _ := ctx.Value(retryPolicyKey{}).(*retryPolicy)
	if p != nil {
		p.attempts++
	}
	if p != nil && err == nil && (resp.StatusCode == http.StatusTooManyRequests ||
		(resp.StatusCode == http.StatusServiceUnavailable && p.safe)) {
		p.retryAfter = 0
		if wait, ok := retryAfter(resp.Header, time.Now()); ok {
			p.retryAfter = wait
			if left := p.waitLeft(ctx); wait > left {
				// Waiting as asked would outlast the request's patience:
				// fail now and say so rather than retry too early.
				p.tooLong, p.waitable = true, left
				return false, nil
			}
		}
		// 429 means the request was not processed, so even a write that
		// is not safe to repeat is sent again.
		p.reason = resp.Status
		return true, nil
	}
	if p == nil || !p.safe {
		return false, nil
	}
	if err != nil {
		if permanentTransportError(err) {
			return false, nil
		}
		p.reason = err.Error()
		return true, nil
	}
	switch resp.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		p.reason = resp.Status
		return true, nil
	}
	return false, nil
}

// jitterBackoff is exponential backoff with "equal jitter": half the step is
// fixed, half random, so many clients retrying together spread out. The
// Retry-After of a 429 or 503 is honored as asked: checkRetry has already
// refused a wait longer than the request's patience.
func jitterBackoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if wait, ok := retryAfter(resp.Header, time.Now()); ok {
			return wait
		}
	}
	return expJitter(minWait, maxWait, attempt)
}

// retryAfter reads a Retry-After header in either form RFC 9110 allows:
// delay-seconds or an HTTP date (a date in the past is no wait). It is
// written here rather than taken from retryablehttp, whose v0.7.8 parser
// is unexported and reads only one of the three HTTP date formats
// (RFC 1123), where http.ParseTime reads all three.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 || s > math.MaxInt64/int64(time.Second) {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(at.Sub(now), 0), true
}

func expJitter(minWait, maxWait time.Duration, attempt int) time.Duration {
	step := minWait
	for i := 0; i < attempt && step < maxWait; i++ {
		step *= 2
	}
	step = min(step, maxWait)
	half := step / 2
	return half + rand.N(half+1)
}
