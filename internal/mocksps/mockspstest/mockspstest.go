// Package mockspstest starts a mock SPS appliance (package mocksps) for a
// test: one harness for the client's tests (internal/sps) and the
// provider's acceptance tests (internal/provider). Start serves a fresh mock
// on an httptest server (plain HTTP, or HTTPS with a self-signed
// certificate), with the same accounts everywhere, an optional middleware
// in front of the mock for fault injection, and a record of the session ids
// the mock hands out (so tests can check that none reaches a log).
//
// It is imported by tests only (depguard keeps the mock out of the
// provider's non-test code).
package mockspstest

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

// Accounts every mock started here has (unless WithUsers replaces them): a
// read/write administrator and a read-only auditor.
const (
	AdminUser       = "admin"
	AdminPassword   = "admin-secret"
	AuditorUser     = "auditor"
	AuditorPassword = "auditor-secret"
)

// Middleware sits in front of the mock; next is the mock itself (or what
// the middleware decides to hand the request to).
type Middleware func(w http.ResponseWriter, r *http.Request, next http.Handler)

type options struct {
	cfg      mocksps.Config
	tls      bool
	tlsHosts []string // extra host names of the certificate
	clientCA []byte   // client certificate login: the CA it trusts
	mw       Middleware
}

// Option adjusts the mock or its server before Start starts them.
type Option func(*options)

// WithConfig changes the mock's configuration (after the other options
// have set theirs).
func WithConfig(f func(*mocksps.Config)) Option {
	return func(o *options) { f(&o.cfg) }
}

// WithOptionsShape picks the VNC options format: "audit" (newer SPS, the
// mock's default) or "legacy".
func WithOptionsShape(shape string) Option {
	return func(o *options) { o.cfg.OptionsShape = shape }
}

// WithFirmware sets the firmware version the mock reports and serves
// ("6.0.12": the basic session search only; 7.x and 8.x: snapshots and
// _count too). The default is mocksps.DefaultFirmware.
func WithFirmware(version string) Option {
	return func(o *options) { o.cfg.Firmware = version }
}

// WithAudit serves st as the session database.
func WithAudit(st *audit.Store) Option {
	return func(o *options) { o.cfg.Audit = st }
}

// WithNow fixes the mock's clock at now.
func WithNow(now time.Time) Option {
	return func(o *options) { o.cfg.Now = func() time.Time { return now } }
}

// WithTLS serves the mock over HTTPS with a fresh self-signed certificate
// (Env.CAPEM). The server's own log of refused handshakes is discarded:
// they are what TLS tests provoke.
func WithTLS() Option {
	return func(o *options) { o.tls = true }
}

// WithTLSHosts serves HTTPS (as WithTLS) with a certificate that also
// names hosts, for clients that reach the mock by another name (through a
// proxy that resolves it: StartProxy).
func WithTLSHosts(hosts ...string) Option {
	return func(o *options) { o.tls, o.tlsHosts = true, hosts }
}

// WithClientCertificates serves HTTPS (as WithTLS) and turns certificate
// login on: client certificates signed by caPEM are verified in the
// handshake, and users maps their subjects (or common names) to accounts.
func WithClientCertificates(caPEM []byte, users map[string]string) Option {
	return func(o *options) {
		o.tls, o.clientCA, o.cfg.CertUsers = true, caPEM, users
	}
}

// WithMiddleware installs mw in front of the mock from the first request;
// Env.Intercept replaces it later.
func WithMiddleware(mw Middleware) Option {
	return func(o *options) { o.mw = mw }
}

// WithUsers replaces the default accounts.
func WithUsers(users ...mocksps.User) Option {
	return func(o *options) { o.cfg.Users = users }
}

// Env is one mock appliance behind an httptest server.
type Env struct {
	Server *mocksps.Server
	HTTP   *httptest.Server
	URL    string // the server's base URL, without a trailing slash
	CAPEM  []byte // the self-signed CA certificate (PEM) with WithTLS, else nil

	mu  sync.Mutex
	mw  Middleware
	ids []string
}

// Start starts a fresh mock appliance and stops it when the test ends.
func Start(t testing.TB, opts ...Option) *Env {
	t.Helper()
	o := options{cfg: mocksps.Config{Users: []mocksps.User{
		{Name: AdminUser, Password: AdminPassword, Role: "admin"},
		{Name: AuditorUser, Password: AuditorPassword, Role: "auditor"},
	}}}
	for _, opt := range opts {
		opt(&o)
	}
	e := &Env{Server: mocksps.New(o.cfg), mw: o.mw}
	e.HTTP = httptest.NewUnstartedServer(http.HandlerFunc(e.serve))
	if o.tls {
		tlsCfg, caPEM, err := mocksps.SelfSignedTLS(o.tlsHosts...)
		if err != nil {
			t.Fatal(err)
		}
		if o.clientCA != nil {
			if err := mocksps.RequireClientCertificates(tlsCfg, o.clientCA); err != nil {
				t.Fatal(err)
			}
		}
		e.HTTP.TLS, e.CAPEM = tlsCfg, caPEM
		e.HTTP.Config.ErrorLog = log.New(io.Discard, "", 0)
		e.HTTP.StartTLS()
	} else {
		e.HTTP.Start()
	}
	t.Cleanup(e.HTTP.Close)
	e.URL = e.HTTP.URL
	return e
}

func (e *Env) serve(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	mw := e.mw
	e.mu.Unlock()
	rec := &cookieSpy{ResponseWriter: w, env: e}
	if mw != nil {
		mw(rec, r, e.Server)
		return
	}
	e.Server.ServeHTTP(rec, r)
}

// Intercept installs mw in front of the mock (nil removes it).
func (e *Env) Intercept(mw Middleware) {
	e.mu.Lock()
	e.mw = mw
	e.mu.Unlock()
}

// OnFirst installs a middleware that hands the first request for method
// and path to act (which decides whether next, the mock, sees it) and
// passes every other request straight to the mock. The flag reports whether
// act ran.
func (e *Env) OnFirst(method, path string, act Middleware) *atomic.Bool {
	var fired atomic.Bool
	e.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.Method == method && r.URL.Path == path && fired.CompareAndSwap(false, true) {
			act(w, r, next)
			return
		}
		next.ServeHTTP(w, r)
	})
	return &fired
}

// SessionIDs returns the session ids the mock has handed out so far.
func (e *Env) SessionIDs() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.ids...)
}

// ProviderBlock renders a provider "sps" block that logs in to this mock;
// extra lines (for example `commit_mode = "single"`) go inside it verbatim.
func (e *Env) ProviderBlock(username, password string, extra ...string) string {
	return ProviderBlock(e.URL, username, password, extra...)
}

// AdminBlock is ProviderBlock for the administrator.
func (e *Env) AdminBlock(extra ...string) string {
	return e.ProviderBlock(AdminUser, AdminPassword, extra...)
}

// AuditorBlock is ProviderBlock for the read-only auditor.
func (e *Env) AuditorBlock(extra ...string) string {
	return e.ProviderBlock(AuditorUser, AuditorPassword, extra...)
}

// ProviderBlock renders a provider "sps" block for any URL (tests of bad
// URLs use it without a mock).
func ProviderBlock(url, username, password string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"sps\" {\n  url      = %q\n  username = %q\n  password = %q\n", url, username, password)
	for _, line := range extra {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	b.WriteString("}\n")
	return b.String()
}

// cookieSpy records the session ids the mock hands out, as seen on the
// wire (an answer written without WriteHeader counts too).
type cookieSpy struct {
	http.ResponseWriter
	env  *Env
	seen bool
}

func (c *cookieSpy) WriteHeader(code int) {
	if !c.seen {
		c.seen = true
		resp := http.Response{Header: c.Header()}
		for _, ck := range resp.Cookies() {
			if ck.Name == "session_id" && ck.Value != "" {
				c.env.mu.Lock()
				c.env.ids = append(c.env.ids, ck.Value)
				c.env.mu.Unlock()
			}
		}
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *cookieSpy) Write(b []byte) (int, error) {
	if !c.seen {
		c.WriteHeader(http.StatusOK)
	}
	return c.ResponseWriter.Write(b)
}

// Hijack lets middlewares cut connections (fault injection).
func (c *cookieSpy) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return c.ResponseWriter.(http.Hijacker).Hijack()
}

// Unwrap lets http.ResponseController reach the real writer.
func (c *cookieSpy) Unwrap() http.ResponseWriter { return c.ResponseWriter }
