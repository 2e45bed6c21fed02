package sps

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// ConfigError is a Config value New (or one of the parsers below) cannot
// use. Field is the Config field ("URL", "ClientKeyPEM", ...), Problem
// says why, as a phrase that follows the value's name ("is \"ftp://x\";
// it must start with https://..."), so a caller that knows where the
// value came from can name that place. Problem never quotes a password or
// a key.
type ConfigError struct {
	Field   string
	Problem string
}

func (e *ConfigError) Error() string { return "sps: " + e.Field + " " + e.Problem }

// ParseURL checks the appliance's base URL and returns it without a
// trailing slash.
func ParseURL(raw string) (*url.URL, error) {
	bad := func(format string, args ...any) (*url.URL, error) {
		return nil, &ConfigError{Field: "URL", Problem: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(raw) == "" {
		return bad("is required (https://host[:port])")
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	switch {
	case err != nil:
		return bad("is %q, which is not a valid URL (%v)", raw, err)
	case u.Scheme != "https" && u.Scheme != "http":
		return bad("is %q; it must start with https:// (or http:// for a test server), no other scheme", raw)
	case u.Host == "":
		return bad("is %q, which has no host name", raw)
	case u.User != nil:
		// Not quoted: the URL holds a password.
		return bad("holds credentials; put them in username and password, not in the URL")
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return bad("is %q; it must not have a query or fragment", raw)
	}
	return u, nil
}

// ParseCommitMode checks a commit mode's name.
func ParseCommitMode(s string) (CommitMode, error) {
	if m := CommitMode(s); slices.Contains(CommitModes, m) {
		return m, nil
	}
	return "", &ConfigError{Field: "CommitMode", Problem: fmt.Sprintf("is %q; the commit mode must be %q or %q", s, CommitGroup, CommitSingle)}
}

// ReadPEM takes PEM text, or the path of a file holding it, for the Config
// field field, and returns the PEM bytes. Whether they hold what the
// field needs is New's to check.
func ReadPEM(field, textOrPath string) ([]byte, error) {
	if strings.Contains(textOrPath, "-----BEGIN") {
		return []byte(textOrPath), nil
	}
	b, err := os.ReadFile(textOrPath)
	if err != nil {
		return nil, &ConfigError{Field: field, Problem: fmt.Sprintf("is neither PEM text nor a readable file (%v)", err)}
	}
	return b, nil
}

// check returns the parsed URL and every problem of cfg (a completed one).
func (cfg Config) check() (*url.URL, []error) {
	var problems []error
	bad := func(field, format string, args ...any) {
		problems = append(problems, &ConfigError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	u, err := ParseURL(cfg.URL)
	if err != nil {
		problems = append(problems, err)
	}
	certLogin := len(cfg.ClientCertPEM) > 0 || len(cfg.ClientKeyPEM) > 0
	if !certLogin && cfg.Username == "" {
		bad("Username", "is empty; the login needs a username and password, or a client certificate and its key")
	}
	positive := func(field string, d time.Duration, zeroOK bool) {
		switch {
		case d < 0 && zeroOK:
			bad(field, "is %s; it must not be negative (0 means no wait)", d)
		case d <= 0 && !zeroOK:
			bad(field, "is %s; it must be greater than zero", d)
		}
	}
	positive("RequestTimeout", cfg.RequestTimeout, false)
	positive("LockWaitTimeout", cfg.LockWaitTimeout, true)
	positive("GroupWindow", cfg.GroupWindow, true)
	if cfg.MaxRetries < 0 || cfg.MaxRetries > 100 {
		bad("MaxRetries", "is %d; it must be between 0 and 100", cfg.MaxRetries)
	}
	if strings.Contains(cfg.UserAgent, "Mozilla") {
		bad("UserAgent", "is %q, which looks like a browser; SPS would demand a CSRF token", cfg.UserAgent)
	}
	if _, err := ParseCommitMode(string(cfg.CommitMode)); err != nil {
		problems = append(problems, err)
	}
	return u, problems
}

// baseHTTPClient returns the *http.Client every request goes through, with
// the header/logging transport wrapped around the caller's or our own
// transport. Cookies are not kept in a jar: the session cookie is managed
// by hand so a skewed clock cannot make Go drop it as expired.
func (c *Client) baseHTTPClient() (*http.Client, error) {
	var hc http.Client
	if c.cfg.HTTPClient != nil {
		hc = *c.cfg.HTTPClient
	}
	hc.Jar = nil
	inner := hc.Transport
	if inner == nil {
		if c.cfg.HTTPClient != nil {
			inner = http.DefaultTransport
		} else {
			t, err := c.ownTransport()
			if err != nil {
				return nil, err
			}
			inner = t
		}
	}
	hc.Transport = &transport{c: c, next: inner}
	// Redirects come back as answers (and become a *RedirectError) instead
	// of being followed: Go would repeat a POST, PUT or DELETE as a GET.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if hc.Timeout == 0 {
		hc.Timeout = c.cfg.RequestTimeout
	}
	return &hc, nil
}

// ownTransport is the transport of a client without a caller's
// HTTPClient: TLS as configured, and the proxy the environment names.
func (c *Client) ownTransport() (*http.Transport, error) {
	t := http.DefaultTransport.(*http.Transport).Clone()
	tc, err := c.tlsConfig()
	if err != nil {
		return nil, err
	}
	t.TLSClientConfig = tc
	// HTTPS_PROXY, HTTP_PROXY and NO_PROXY (and their lower-case forms),
	// as curl and Terraform itself read them. Read here, once per client,
	// rather than through http.ProxyFromEnvironment, which reads the
	// environment once per process: a provider configured after the
	// environment changed (tests, long-lived plugin processes) would use
	// a stale proxy.
	proxy := httpproxy.FromEnvironment().ProxyFunc()
	c.proxy = proxy
	t.Proxy = func(r *http.Request) (*url.URL, error) { return proxy(r.URL) }
	// net/http reports a proxy's refusal of CONNECT (407, 403, 502...) as
	// its bare status text; keep the status, so the error can say that
	// the proxy, not SPS, refused.
	t.OnProxyConnectResponse = func(_ context.Context, proxyURL *url.URL, _ *http.Request, resp *http.Response) error {
		if resp.StatusCode == http.StatusOK {
			return nil
		}
		return &proxyStatusError{proxy: proxyURL.Redacted(), code: resp.StatusCode, status: resp.Status}
	}
	return t, nil
}

// proxyText names the proxy requests to the appliance go through, without
// its password ("" when none).
func (c *Client) proxyText() string {
	if c.proxy == nil || c.baseURL == nil {
		return ""
	}
	u, err := c.proxy(c.baseURL)
	if err != nil || u == nil {
		return ""
	}
	return u.Redacted()
}

// tlsConfig is TLS 1.2 or later, with the configured roots and client
// certificate.
func (c *Client) tlsConfig() (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: c.cfg.InsecureSkipVerify} //nolint:gosec // opt-in by the user
	if len(c.cfg.CACertPEM) > 0 {
		// The given CAs replace the system roots (pinning): whoever names
		// the appliance's CA does not want every public CA to be able to
		// impersonate the appliance too.
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(c.cfg.CACertPEM) {
			return nil, &ConfigError{Field: "CACertPEM", Problem: "contains no valid PEM-encoded certificate"}
		}
		tc.RootCAs = pool
	}
	if len(c.cfg.ClientCertPEM) > 0 || len(c.cfg.ClientKeyPEM) > 0 {
		cert, err := clientCertificate(c.cfg.ClientCertPEM, c.cfg.ClientKeyPEM)
		if err != nil {
			return nil, err
		}
		// Presented whenever the appliance asks, even when it names CAs
		// that did not sign it (Go would then send none): the appliance's
		// refusal of this certificate says more than a login without one.
		tc.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &cert, nil }
		c.clientCertSubject = cert.Leaf.Subject.String()
	}
	return tc, nil
}

// clientCertificate pairs a client certificate with its key. The problems
// name what to fix; none quotes the key.
func clientCertificate(certPEM, keyPEM []byte) (tls.Certificate, error) {
	bad := func(field, problem string) (tls.Certificate, error) {
		return tls.Certificate{}, &ConfigError{Field: field, Problem: problem}
	}
	switch {
	case len(certPEM) == 0:
		return bad("ClientCertPEM", "is missing: a client key needs the certificate it belongs to")
	case len(keyPEM) == 0:
		return bad("ClientKeyPEM", "is missing: a client certificate needs its private key")
	}
	hasCert, hasKey := hasPEMBlock(certPEM, func(t string) bool { return t == "CERTIFICATE" }),
		hasPEMBlock(keyPEM, func(t string) bool { return strings.HasSuffix(t, "PRIVATE KEY") })
	switch {
	case !hasCert:
		return bad("ClientCertPEM", "contains no PEM-encoded certificate (a -----BEGIN CERTIFICATE----- block)")
	case !hasKey:
		return bad("ClientKeyPEM", "contains no PEM-encoded private key (a PEM block of type PRIVATE KEY, RSA PRIVATE KEY "+
			"or EC PRIVATE KEY); an encrypted key must be decrypted first")
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		// crypto/tls's messages quote no key material.
		return bad("ClientKeyPEM", "does not fit the client certificate: "+err.Error())
	}
	return cert, nil
}

// hasPEMBlock reports whether b holds a PEM block whose type is wanted.
func hasPEMBlock(b []byte, wanted func(string) bool) bool {
	for {
		var block *pem.Block
		if block, b = pem.Decode(b); block == nil {
			return false
		}
		if wanted(block.Type) {
			return true
		}
	}
}
