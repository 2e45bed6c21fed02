package sps

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Requests that got no answer, and answers that are not SPS's: one type
// per thing a user would fix differently (the URL, the appliance's CA, the
// client certificate, the proxy), each unwrapping to the *ConnectionError
// that says which request failed how.

// NetFailure is how a request failed to get an answer.
type NetFailure string

const (
	// FailureDNS: the appliance's host name did not resolve.
	FailureDNS NetFailure = "dns"
	// FailureRefused: the host refused the connection (nothing listens on
	// the port).
	FailureRefused NetFailure = "refused"
	// FailureTimeout: no connection, or no answer, within the request
	// timeout.
	FailureTimeout NetFailure = "timeout"
	// FailureClosed: the connection was closed or reset before an answer.
	FailureClosed NetFailure = "closed"
	// FailureOther: any other failure (Err says which).
	FailureOther NetFailure = "other"
)

// ConnectionError is a request that got no HTTP answer. For a write its
// effect on SPS is unknown.
type ConnectionError struct {
	Method, Path string
	Addr         string // host:port of the appliance, as the URL names it
	Failure      NetFailure
	Attempts     int           // requests sent, retries included (0: not known)
	Elapsed      time.Duration // from the first attempt to the last failure
	Err          error
}

func (e *ConnectionError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "SPS API %s %s: no answer", e.Method, e.Path)
	if e.Addr != "" {
		fmt.Fprintf(&b, " from %s", e.Addr)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " in %d attempts over %s", e.Attempts, e.Elapsed.Round(10*time.Millisecond))
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *ConnectionError) Unwrap() error { return e.Err }

// CertificateError is a TLS certificate the appliance presented that
// could not be verified (unknown authority, wrong host name, expired).
type CertificateError struct{ Conn *ConnectionError }

func (e *CertificateError) Error() string { return e.Conn.Error() }
func (e *CertificateError) Unwrap() error { return e.Conn }

// ClientCertificateError is a TLS handshake the appliance ended because of
// the client certificate: it asked for one and none was configured, or it
// does not trust the one sent. Alert is the TLS alert it sent ("certificate
// required", "unknown certificate authority", "bad certificate"); Subject
// is the subject of the certificate sent ("" when none was).
type ClientCertificateError struct {
	Alert   string
	Subject string
	Conn    *ConnectionError
}

func (e *ClientCertificateError) Error() string { return e.Conn.Error() }
func (e *ClientCertificateError) Unwrap() error { return e.Conn }

// ProxyError is a failure of the HTTP proxy between the client and the
// appliance (HTTPS_PROXY, HTTP_PROXY): it could not be reached (StatusCode
// 0), or it refused to connect to the appliance (StatusCode, Status: 407
// Proxy Authentication Required, 403, 502...). Proxy is its URL without a
// password. Err is the *ConnectionError, or the proxy's own answer (an
// *Error) for plain-HTTP appliances.
type ProxyError struct {
	Proxy      string
	StatusCode int
	Status     string
	Err        error
}

func (e *ProxyError) Error() string {
	if e.StatusCode != 0 {
		return fmt.Sprintf("the proxy %s answered %s: %v", e.Proxy, e.Status, e.Err)
	}
	return fmt.Sprintf("the proxy %s could not be reached: %v", e.Proxy, e.Err)
}

func (e *ProxyError) Unwrap() error { return e.Err }

// StallError is a request or download during which SPS sent nothing for
// Timeout (Config.RequestTimeout): no answer (Err is then the
// *ConnectionError), or no more of the body (Err nil).
type StallError struct {
	Timeout time.Duration
	Err     error
}

func (e *StallError) Error() string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return fmt.Sprintf("SPS sent nothing for %s (the request timeout)", e.Timeout)
}

func (e *StallError) Unwrap() error { return e.Err }

// RedirectError is a 3xx answer. The client never follows redirects: Go's
// HTTP client would repeat a POST, PUT or DELETE to the new address as a
// GET, which SPS answers with 200, so a write would seem to succeed.
type RedirectError struct {
	Method, Path string
	StatusCode   int
	Location     string // absolute; "" when SPS sent no Location header

	baseURL string // the base URL the request went to (BaseURL)
}

// BaseURL is the configured base URL the redirected request went to (""
// when not known).
func (e *RedirectError) BaseURL() string { return e.baseURL }

func (e *RedirectError) Error() string {
	if e.Location == "" {
		return fmt.Sprintf("SPS API %s %s: %d %s without a Location header", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	}
	return fmt.Sprintf("SPS API %s %s: %d %s redirect to %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode), e.Location)
}

// SuggestedURL is the base URL the redirect points at: Location without
// the API path that was requested (and without a trailing slash added to
// it). It is "" when Location does not end with that path (the redirect
// goes to some other page, e.g. a login portal).
func (e *RedirectError) SuggestedURL() string {
	u, err := url.Parse(e.Location)
	if err != nil || u.Host == "" {
		return ""
	}
	base, ok := strings.CutSuffix(strings.TrimSuffix(u.Path, "/"), strings.TrimSuffix(e.Path, "/"))
	if !ok {
		return ""
	}
	u.Path, u.RawPath, u.RawQuery, u.Fragment = base, "", "", ""
	return strings.TrimRight(u.String(), "/")
}

// noAnswer is the typed error of a request to path that got no HTTP
// answer (err, from the transport), after the attempts p counted.
func (c *Client) noAnswer(method, path string, p *retryPolicy, err error) error {
	conn := &ConnectionError{Method: method, Path: path, Addr: hostPort(c.baseURL), Failure: netFailure(err), Err: err}
	if p != nil {
		conn.Attempts, conn.Elapsed = p.attempts, time.Since(p.started)
	}
	var (
		stall  *StallError
		status *proxyStatusError
	)
	switch {
	case errors.As(err, &stall):
		return &StallError{Timeout: stall.Timeout, Err: conn}
	case errors.As(err, &status):
		return &ProxyError{Proxy: status.proxy, StatusCode: status.code, Status: status.status, Err: conn}
	case isProxyConnect(err):
		return &ProxyError{Proxy: c.proxyText(), Err: conn}
	case isCertificateError(err):
		return &CertificateError{Conn: conn}
	}
	if alert := certificateAlert(err); alert != "" {
		return &ClientCertificateError{Alert: alert, Subject: c.clientCertSubject, Conn: conn}
	}
	return conn
}

// hostPort is u's host and port, the port filled in from the scheme.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	if u.Scheme == "http" {
		return net.JoinHostPort(u.Hostname(), "80")
	}
	return net.JoinHostPort(u.Hostname(), "443")
}

func netFailure(err error) NetFailure {
	var (
		dnsErr *net.DNSError
		netErr net.Error
	)
	switch {
	case errors.As(err, &dnsErr):
		return FailureDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return FailureRefused
	case errors.As(err, &netErr) && netErr.Timeout():
		return FailureTimeout
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return FailureClosed
	}
	return FailureOther
}

// proxyStatusError is a proxy's refusal of a CONNECT (set by the
// transport's OnProxyConnectResponse): net/http would report only the
// status text.
type proxyStatusError struct {
	proxy  string
	code   int
	status string
}

func (e *proxyStatusError) Error() string {
	return "proxy " + e.proxy + " answered CONNECT with " + e.status
}

// isProxyConnect reports a failure to reach the proxy itself (net/http
// marks those with the operation "proxyconnect").
func isProxyConnect(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "proxyconnect"
}

// isCertificateError reports a TLS certificate SPS presented that could not
// be verified (unknown authority, wrong host name, expired).
func isCertificateError(err error) bool {
	var (
		verifyErr    *tls.CertificateVerificationError
		authorityErr x509.UnknownAuthorityError
		hostErr      x509.HostnameError
		invalidErr   x509.CertificateInvalidError
	)
	return errors.As(err, &verifyErr) || errors.As(err, &authorityErr) || errors.As(err, &hostErr) || errors.As(err, &invalidErr)
}

// certificateAlert returns the TLS alert the appliance sent about the
// client's certificate ("certificate required", "unknown certificate
// authority", ...), or "". crypto/tls keeps its alert type unexported and
// reports a received alert as a *net.OpError "remote error" (or, read by
// net/http's connection loop, only as text), so the text is what tells.
func certificateAlert(err error) string {
	msg := err.Error()
	i := strings.Index(msg, "remote error: tls: ")
	if i < 0 {
		return ""
	}
	alert := msg[i+len("remote error: tls: "):]
	if j := strings.IndexAny(alert, ";:\n"); j >= 0 {
		alert = alert[:j]
	}
	if !strings.Contains(alert, "certificate") {
		return ""
	}
	return alert
}

// permanentTransportError: retrying cannot help (a certificate either side
// refused, plain HTTP to a TLS port, a host name that does not exist, a
// proxy asking for credentials).
func permanentTransportError(err error) bool {
	var (
		rhErr  tls.RecordHeaderError
		dnsErr *net.DNSError
		status *proxyStatusError
	)
	return isCertificateError(err) || certificateAlert(err) != "" || errors.As(err, &rhErr) ||
		(errors.As(err, &dnsErr) && dnsErr.IsNotFound) ||
		(errors.As(err, &status) && status.code == http.StatusProxyAuthRequired)
}
