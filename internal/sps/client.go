package sps

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Logger receives the client's log lines. The provider implements it with
// tflog; a nil Logger means no logging. Fields never hold secrets.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Info(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

// CommitMode says how configuration writes are grouped into transactions.
type CommitMode string

const (
	// CommitGroup collects concurrent operations into one transaction.
	CommitGroup CommitMode = "group"
	// CommitSingle runs one transaction per operation, one at a time.
	CommitSingle CommitMode = "single"
)

// Defaults for zero Config fields.
const (
	DefaultRequestTimeout  = 60 * time.Second
	DefaultMaxRetries      = 4
	DefaultLockWaitTimeout = 5 * time.Minute
	DefaultUserAgent       = "terraform-provider-sps/dev"
	DefaultGroupWindow     = 100 * time.Millisecond
	DefaultReadCacheTTL    = 10 * time.Second
	defaultGroupCap        = 50
)

// NoLockWait as Config.LockWaitTimeout makes a held configuration lock fail
// at once (zero would take the default).
const NoLockWait time.Duration = -1

// Config configures a Client. Zero values take the documented defaults.
type Config struct {
	URL                string // https://host[:port]; a trailing slash is tolerated
	Username, Password string
	CACertPEM          []byte // the only roots trusted (they replace the system pool); nil → system roots
	InsecureSkipVerify bool
	RequestTimeout     time.Duration // per HTTP request; default 60s
	MaxRetries         int           // retries of requests safe to repeat; default 4, negative → 0
	LockWaitTimeout    time.Duration // how long to wait for another user's lock; default 5m, NoLockWait (negative) → fail at once
	UserAgent          string        // default "terraform-provider-sps/dev"; never a browser UA (SPS 7.5+ CSRF check)
	CommitMode         CommitMode    // default CommitGroup
	GroupWindow        time.Duration // quiet time that closes a group (see doc.go); default 100ms
	HTTPClient         *http.Client  // optional base client (tests); its Transport is wrapped
	Logger             Logger

	// ReadCacheTTL is how long the settings-policy list read for refreshes is
	// reused; default 10s, negative disables the cache. Every commit made by
	// this client empties it.
	ReadCacheTTL time.Duration
	// RetryWaitMin/RetryWaitMax bound the jittered backoff between retries;
	// defaults 250ms and 5s. Tests shorten them.
	RetryWaitMin, RetryWaitMax time.Duration
}

// Client talks to one SPS appliance. It is safe for concurrent use; all
// callers share its two login sessions.
type Client struct {
	cfg     Config
	baseURL *url.URL
	log     Logger

	http   *retryablehttp.Client // JSON requests, per-request timeout
	stream *http.Client          // long downloads: bounded by ctx only

	read  *session // refresh, data sources, import: committed state only
	write *session // owned by the engine: transactions

	engine   *engine
	policies *listCache

	stats statsCounters

	// loginRejected is the 401 AuthenticationFailure SPS gave at login, if
	// it did. The client does not try the same password again: every try
	// counts toward the appliance's account lockout.
	loginRejected atomic.Pointer[Error]
}

// ClientStats counts what the client did; tests and benchmarks read it.
type ClientStats struct {
	Logins       int64 // successful logins (both sessions)
	Requests     int64 // HTTP attempts, retries included
	Retries      int64 // repeated attempts of requests safe to repeat
	Transactions int64 // transactions opened
	Commits      int64
	Rollbacks    int64
	Replays      int64 // operations re-run in a new transaction
	Groups       int64 // groups run (each opens at most one transaction)
	CacheHits    int64
	CacheFills   int64 // list requests made to fill the read cache
}

type statsCounters struct {
	logins, requests, retries, transactions, commits, rollbacks, replays, groups, cacheHits, cacheFills atomic.Int64
}

// Stats returns a snapshot of the client's counters.
func (c *Client) Stats() ClientStats {
	s := &c.stats
	return ClientStats{
		Logins: s.logins.Load(), Requests: s.requests.Load(), Retries: s.retries.Load(),
		Transactions: s.transactions.Load(), Commits: s.commits.Load(), Rollbacks: s.rollbacks.Load(),
		Replays: s.replays.Load(), Groups: s.groups.Load(), CacheHits: s.cacheHits.Load(), CacheFills: s.cacheFills.Load(),
	}
}

// New checks cfg and builds a Client. It does not contact SPS: the first
// request logs in.
func New(cfg Config) (*Client, error) {
	u, err := parseBaseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if cfg.Username == "" {
		return nil, errors.New("sps: username is required")
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	} else if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.LockWaitTimeout == 0 {
		cfg.LockWaitTimeout = DefaultLockWaitTimeout
	} else if cfg.LockWaitTimeout < 0 {
		cfg.LockWaitTimeout = 0 // the first refusal ends the wait
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if strings.Contains(cfg.UserAgent, "Mozilla") {
		return nil, fmt.Errorf("sps: user agent %q looks like a browser; SPS would demand a CSRF token", cfg.UserAgent)
	}
	switch cfg.CommitMode {
	case "":
		cfg.CommitMode = CommitGroup
	case CommitGroup, CommitSingle:
	default:
		return nil, fmt.Errorf("sps: unknown commit mode %q (want %q or %q)", cfg.CommitMode, CommitGroup, CommitSingle)
	}
	if cfg.GroupWindow <= 0 {
		cfg.GroupWindow = DefaultGroupWindow
	}
	if cfg.ReadCacheTTL == 0 {
		cfg.ReadCacheTTL = DefaultReadCacheTTL
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = 250 * time.Millisecond
	}
	if cfg.RetryWaitMax < cfg.RetryWaitMin {
		cfg.RetryWaitMax = max(5*time.Second, cfg.RetryWaitMin)
	}

	c := &Client{cfg: cfg, baseURL: u, log: cfg.Logger}
	base, err := c.baseHTTPClient()
	if err != nil {
		return nil, err
	}
	c.http = c.newRetryClient(base)
	stream := *base
	stream.Timeout = 0
	stream.Transport = &stallGuard{next: base.Transport, limit: cfg.RequestTimeout}
	c.stream = &stream

	c.read = &session{c: c, name: "read"}
	c.write = &session{c: c, name: "write"}
	c.engine = newEngine(c)
	c.policies = newListCache(c, cfg.ReadCacheTTL)
	return c, nil
}

func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("sps: URL is required (https://host[:port])")
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		return nil, fmt.Errorf("sps: invalid URL %q: %w", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("sps: invalid URL %q: scheme must be https", raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("sps: invalid URL %q: no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("sps: invalid URL: put credentials in username/password, not in the URL")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("sps: invalid URL %q: no query or fragment allowed", raw)
	}
	return u, nil
}

// baseHTTPClient returns the *http.Client every request goes through, with
// the header/logging transport wrapped around the caller's or our own TLS
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
			t, err := c.tlsTransport()
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

func (c *Client) tlsTransport() (*http.Transport, error) {
	t := http.DefaultTransport.(*http.Transport).Clone()
	tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: c.cfg.InsecureSkipVerify} //nolint:gosec // opt-in by the user
	if len(c.cfg.CACertPEM) > 0 {
		// The given CAs replace the system roots (pinning): whoever names
		// the appliance's CA does not want every public CA to be able to
		// impersonate the appliance too.
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(c.cfg.CACertPEM) {
			return nil, errors.New("sps: the CA certificate bundle holds no PEM certificate")
		}
		tc.RootCAs = pool
	}
	t.TLSClientConfig = tc
	return t, nil
}

// Logging helpers: a nil Logger is allowed.

func (c *Client) debug(ctx context.Context, msg string, f map[string]any) {
	if c.log != nil {
		c.log.Debug(ctx, msg, f)
	}
}

func (c *Client) info(ctx context.Context, msg string, f map[string]any) {
	if c.log != nil {
		c.log.Info(ctx, msg, f)
	}
}

func (c *Client) warn(ctx context.Context, msg string, f map[string]any) {
	if c.log != nil {
		c.log.Warn(ctx, msg, f)
	}
}
