package sps

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/hashicorp/go-retryablehttp"
)

// sessionCookie is the cookie SPS hands out at login.
const sessionCookie = "session_id"

// session is one SPS login (one session_id cookie), shared by every caller
// that uses it. It logs in on first use; concurrent first uses wait for a
// single login. Once SPS has rejected the credentials (401
// AuthenticationFailure), neither session of the client logs in again: the
// password will not become right during the run, and every failed attempt
// counts toward the appliance's account lockout. The cookie value is kept here rather than in a cookie jar:
// a jar drops cookies whose Expires has passed by the client's clock, which
// breaks when the client's and the appliance's clocks differ.
type session struct {
	c    *Client
	name string // "read" or "write", for logs

	mu       sync.Mutex
	id       string // session_id value; "" → not logged in
	gen      uint64 // bumped on every login, so a stale 401 doesn't log in twice
	inflight *loginCall
}

type loginCall struct {
	done chan struct{}
	err  error
}

// get returns the session id, logging in if there is none.
func (s *session) get(ctx context.Context) (string, uint64, error) {
	for {
		s.mu.Lock()
		if s.id != "" {
			id, gen := s.id, s.gen
			s.mu.Unlock()
			return id, gen, nil
		}
		if rejected := s.c.loginRejected.Load(); rejected != nil {
			s.mu.Unlock()
			return "", 0, rejected
		}
		call := s.inflight
		if call == nil {
			call = &loginCall{done: make(chan struct{})}
			s.inflight = call
			// The login is shared: it must not fail because the caller
			// that happened to start it gave up.
			go s.runLogin(context.WithoutCancel(ctx), call)
		}
		s.mu.Unlock()
		select {
		case <-call.done:
			if call.err != nil {
				return "", 0, call.err
			}
		case <-ctx.Done():
			return "", 0, ctx.Err()
		}
	}
}

func (s *session) runLogin(ctx context.Context, call *loginCall) {
	id, err := s.c.login(ctx, s.name)
	var rejected *AuthenticationError
	if errors.As(err, &rejected) && s.c.loginRejected.CompareAndSwap(nil, rejected) {
		s.c.warn(ctx, "SPS rejected the credentials; this run will not try to log in again", map[string]any{"user": s.c.who()})
	}
	s.mu.Lock()
	s.inflight = nil
	if err == nil {
		s.id = id
		s.gen++
	}
	call.err = err
	s.mu.Unlock()
	close(call.done)
}

// expire forgets the session if it is still the one with generation gen
// (SPS said it is no longer valid). A later get logs in again.
func (s *session) expire(gen uint64) {
	s.mu.Lock()
	if s.gen == gen {
		s.id = ""
	}
	s.mu.Unlock()
}

// generation returns the current login generation.
func (s *session) generation() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen
}

// login performs GET /api/authentication, with Basic credentials or, when
// the client has a certificate, as a certificate login (?type=x509: the
// TLS handshake presented it), and returns the session_id cookie value.
func (c *Client) login(ctx context.Context, which string) (string, error) {
	const path = "/api/authentication"
	var query url.Values
	if c.certLogin() {
		query = url.Values{"type": {"x509"}}
	}
	ctx = withRetryPolicy(ctx, true)
	policy, _ := ctx.Value(retryPolicyKey{}).(*retryPolicy)
	policy.patience = c.cfg.RequestTimeout
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, c.endpoint(path, query), nil)
	if err != nil {
		return "", fmt.Errorf("sps: building login request: %w", err)
	}
	if !c.certLogin() {
		req.SetBasicAuth(c.cfg.Username, c.cfg.Password)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("logging in to SPS at %s as %s: %w", c.baseURL, c.who(), ctx.Err())
		}
		return "", c.noAnswer(http.MethodGet, path, policy, err)
	}
	defer resp.Body.Close()
	if re := c.redirectError(http.MethodGet, path, resp); re != nil {
		return "", re
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if resp.StatusCode != http.StatusOK {
		e := parseError(http.MethodGet, path, resp.StatusCode, body)
		e.user, e.baseURL = c.cfg.Username, c.baseURL.String()
		e.Attempts = policy.attempts
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			// Any 401 at login is a credential problem; never treat it as
			// an expired session (that would loop).
			e.Type = errTypeAuthenticationFailure
		case http.StatusProxyAuthRequired:
			return "", &ProxyError{Proxy: c.proxyText(), StatusCode: resp.StatusCode, Status: resp.Status, Err: e}
		}
		err := Classify(e)
		var ae *AuthenticationError
		if errors.As(err, &ae) {
			ae.Certificate = c.clientCertSubject
		}
		return "", err
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie && ck.Value != "" {
			c.stats.logins.Add(1)
			c.debug(ctx, "logged in to SPS", map[string]any{"session": which, "user": c.who()})
			return ck.Value, nil
		}
	}
	return "", fmt.Errorf("logging in to SPS at %s as %s: the answer set no %s cookie", c.baseURL, c.who(), sessionCookie)
}

// certLogin reports a client that logs in with its client certificate.
func (c *Client) certLogin() bool { return c.clientCertSubject != "" }

// who names the account the client logs in as, for messages: the
// username, or the client certificate's subject.
func (c *Client) who() string {
	if c.certLogin() {
		return "certificate " + strconv.Quote(c.clientCertSubject)
	}
	return strconv.Quote(c.cfg.Username)
}
