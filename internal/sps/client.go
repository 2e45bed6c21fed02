package sps

import (
	"context"
	"errors"
	"net/http"
	"net/url"
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

// CommitModes lists the commit modes, for settings that offer them.
var CommitModes = []CommitMode{CommitGroup, CommitSingle}

// The defaults DefaultConfig holds.
const (
	DefaultRequestTimeout  = 60 * time.Second
	DefaultMaxRetries      = 4
	DefaultLockWaitTimeout = 5 * time.Minute
	DefaultUserAgent       = "terraform-provider-sps/dev"
	DefaultGroupWindow     = 100 * time.Millisecond
	DefaultReadCacheTTL    = 10 * time.Second
	DefaultRetryWaitMin    = 250 * time.Millisecond
	DefaultRetryWaitMax    = 5 * time.Second
	defaultGroupCap        = 50
)

// Config configures a Client. Start from DefaultConfig and set what
// differs: New takes such a Config as it is, so a zero field means zero
// (no retries, no wait for a held lock). A Config written as a literal
// instead gets the default for every zero field, and a negative
// MaxRetries, LockWaitTimeout or ReadCacheTTL means none: shorter where
// the defaults are wanted (tests).
type Config struct {
	URL string // https://host[:port]; a trailing slash is tolerated (ParseURL)
	// Username and Password log in with HTTP Basic credentials. With a
	// client certificate, neither is needed: the login presents the
	// certificate (GET /api/authentication?type=x509) and SPS maps it to
	// its user.
	Username, Password string
	// ClientCertPEM and ClientKeyPEM are a client certificate (chain) and
	// its private key, PEM encoded (ReadPEM reads them from text or a
	// file). The key is never logged.
	ClientCertPEM, ClientKeyPEM []byte
	CACertPEM                   []byte        // the only roots trusted (they replace the system pool); nil → system roots
	InsecureSkipVerify          bool          // wins over CACertPEM
	RequestTimeout              time.Duration // per HTTP request
	MaxRetries                  int           // retries of requests safe to repeat
	LockWaitTimeout             time.Duration // how long to wait for another user's lock; 0 → fail at once
	UserAgent                   string        // never a browser UA (SPS 7.5+ CSRF check)
	CommitMode                  CommitMode
	GroupWindow                 time.Duration // quiet time that closes a group (see doc.go)
	HTTPClient                  *http.Client  // optional base client (tests); its Transport is wrapped
	Logger                      Logger

	// ReadCacheTTL is how long each area's list, read for refreshes, is
	// reused; 0 (or negative) reads afresh each time. Every commit made by
	// this client empties the cache.
	ReadCacheTTL time.Duration
	// RetryWaitMin/RetryWaitMax bound the jittered backoff between
	// retries, and the waits for a lock or an earlier commit.
	RetryWaitMin, RetryWaitMax time.Duration

	// complete marks a Config from DefaultConfig: New takes it as it is.
	complete bool
}

// DefaultConfig returns a Config holding every default. The provider
// starts from it and overrides only the settings its user set.
func DefaultConfig() Config {
	return Config{
		RequestTimeout:  DefaultRequestTimeout,
		MaxRetries:      DefaultMaxRetries,
		LockWaitTimeout: DefaultLockWaitTimeout,
		UserAgent:       DefaultUserAgent,
		CommitMode:      CommitGroup,
		GroupWindow:     DefaultGroupWindow,
		ReadCacheTTL:    DefaultReadCacheTTL,
		RetryWaitMin:    DefaultRetryWaitMin,
		RetryWaitMax:    DefaultRetryWaitMax,
		complete:        true,
	}
}

// completed fills a literal Config's zero fields from DefaultConfig.
func (cfg Config) completed() Config {
	if cfg.complete {
		return cfg
	}
	d := DefaultConfig()
	orDefault := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	orDefault(&cfg.RequestTimeout, d.RequestTimeout)
	orDefault(&cfg.GroupWindow, d.GroupWindow)
	orDefault(&cfg.RetryWaitMin, d.RetryWaitMin)
	switch {
	case cfg.LockWaitTimeout == 0:
		cfg.LockWaitTimeout = d.LockWaitTimeout
	case cfg.LockWaitTimeout < 0:
		cfg.LockWaitTimeout = 0
	}
	if cfg.ReadCacheTTL == 0 {
		cfg.ReadCacheTTL = d.ReadCacheTTL
	}
	if cfg.RetryWaitMax < cfg.RetryWaitMin {
		cfg.RetryWaitMax = max(d.RetryWaitMax, cfg.RetryWaitMin)
	}
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = d.MaxRetries
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = d.UserAgent
	}
	if cfg.CommitMode == "" {
		cfg.CommitMode = d.CommitMode
	}
	cfg.complete = true
	return cfg
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

	engine *engine
	cache  *readCache

	// proxy picks the proxy of a request (from the environment);
	// clientCertSubject names the client certificate, for messages.
	proxy             func(*url.URL) (*url.URL, error)
	clientCertSubject string

	// appliance is what /api/info said, read once (audit_appliance.go).
	appliance applianceInfo

	stats statsCounters

	// loginRejected is the refusal SPS gave at login (401
	// AuthenticationFailure), if it did. The client does not try the same
	// credentials again: every try counts toward the appliance's account
	// lockout.
	loginRejected atomic.Pointer[AuthenticationError]
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
// request logs in. Every problem of cfg is a *ConfigError naming the
// field; they come joined (errors.Join), all at once.
func New(cfg Config) (*Client, error) {
	cfg = cfg.completed()
	u, problems := cfg.check()
	c := &Client{cfg: cfg, baseURL: u, log: cfg.Logger}
	base, err := c.baseHTTPClient()
	if err != nil {
		problems = append(problems, err)
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	c.http = c.newRetryClient(base)
	stream := *base
	stream.Timeout = 0
	stream.Transport = &stallGuard{next: base.Transport, limit: cfg.RequestTimeout}
	c.stream = &stream

	c.read = &session{c: c, name: "read"}
	c.write = &session{c: c, name: "write"}
	c.engine = newEngine(c)
	c.cache = newReadCache(c, cfg.ReadCacheTTL)
	return c, nil
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
