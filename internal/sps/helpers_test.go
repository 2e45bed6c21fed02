package sps

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

const (
	testUser     = "admin"
	testPassword = "s3cret-Passw0rd"
)

// mockEnv is one mock appliance behind an httptest server, with an
// optional middleware in front of it for fault injection.
type mockEnv struct {
	t   *testing.T
	srv *mocksps.Server
	ts  *httptest.Server
	log *testLogger

	mu  sync.Mutex
	mw  func(w http.ResponseWriter, r *http.Request, next http.Handler)
	ids []string // session ids handed out, to check they never reach logs
}

func newMockEnv(t *testing.T, cfg mocksps.Config) *mockEnv {
	t.Helper()
	if len(cfg.Users) == 0 {
		cfg.Users = []mocksps.User{{Name: testUser, Password: testPassword, Role: "admin"}, {Name: "auditor", Password: "auditor-pw", Role: "auditor"}}
	}
	e := &mockEnv{t: t, srv: mocksps.New(cfg), log: &testLogger{t: t}}
	e.ts = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.ts.Close)
	t.Cleanup(func() { e.log.assertNoSecrets(e.sessionIDs()) })
	return e
}

func (e *mockEnv) serve(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	mw := e.mw
	e.mu.Unlock()
	rec := &cookieSpy{ResponseWriter: w, env: e}
	if mw != nil {
		mw(rec, r, e.srv)
		return
	}
	e.srv.ServeHTTP(rec, r)
}

// onFirst installs a middleware that hands the first request for method
// and path to act (which decides whether next, the mock, sees it) and passes
// every other request straight to the mock. The flag reports whether act ran.
func (e *mockEnv) onFirst(method, path string, act func(w http.ResponseWriter, r *http.Request, next http.Handler)) *atomic.Bool {
	var fired atomic.Bool
	e.intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.Method == method && r.URL.Path == path && fired.CompareAndSwap(false, true) {
			act(w, r, next)
			return
		}
		next.ServeHTTP(w, r)
	})
	return &fired
}

// answerError is an onFirst action: answer with an SPS error object, the
// mock never sees the request.
func answerError(status int, typ, msg string) func(w http.ResponseWriter, r *http.Request, next http.Handler) {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		writeSPSError(w, status, typ, msg, nil)
	}
}

// intercept installs a middleware; next is the mock.
func (e *mockEnv) intercept(mw func(w http.ResponseWriter, r *http.Request, next http.Handler)) {
	e.mu.Lock()
	e.mw = mw
	e.mu.Unlock()
}

func (e *mockEnv) sessionIDs() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.ids...)
}

// cookieSpy records session ids the mock hands out.
type cookieSpy struct {
	http.ResponseWriter
	env *mockEnv
}

func (c *cookieSpy) WriteHeader(code int) {
	for _, sc := range c.Header().Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(sc, "session_id="); ok {
			v, _, _ = strings.Cut(v, ";")
			c.env.mu.Lock()
			c.env.ids = append(c.env.ids, v)
			c.env.mu.Unlock()
		}
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *cookieSpy) Write(b []byte) (int, error) { return c.ResponseWriter.Write(b) }

func (c *cookieSpy) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return c.ResponseWriter.(http.Hijacker).Hijack()
}

func (e *mockEnv) client(mod ...func(*Config)) *Client {
	e.t.Helper()
	cfg := Config{
		URL: e.ts.URL + "/", Username: testUser, Password: testPassword,
		GroupWindow: 30 * time.Millisecond, LockWaitTimeout: 5 * time.Second,
		RetryWaitMin: 2 * time.Millisecond, RetryWaitMax: 20 * time.Millisecond,
		RequestTimeout: 10 * time.Second, Logger: e.log,
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		e.t.Fatalf("New: %v", err)
	}
	return c
}

// policiesByName returns the committed policies in the mock, name → key.
func (e *mockEnv) policiesByName() map[string]string {
	out := map[string]string{}
	for k, b := range e.srv.SettingsPolicies() {
		var p VNCSettingsPolicy
		if err := json.Unmarshal(b, &p); err != nil {
			e.t.Fatalf("mock policy %s: %v", k, err)
		}
		if _, dup := out[p.Name]; dup {
			e.t.Errorf("mock holds two policies named %q", p.Name)
		}
		out[p.Name] = k
	}
	return out
}

func (e *mockEnv) requests(key string) int { return e.srv.Counters().Requests[key] }

// assertNoTransactionLeft: no lock held, nothing open.
func (e *mockEnv) assertNoTransactionLeft() {
	e.t.Helper()
	if h := e.srv.LockHolder(); h != "" {
		e.t.Errorf("lock still held by %q", h)
	}
}

func policy(name string) VNCSettingsPolicy {
	return VNCSettingsPolicy{
		Name: name, Timeout: 600,
		ClientTLSSecuritySettings: VNCTLSSecuritySettings{CipherStrength: VNCCipherStrength{Selection: "recommended"}, MinimumTLSVersion: "TLSv1_2"},
		ServerTLSSecuritySettings: VNCTLSSecuritySettings{CipherStrength: VNCCipherStrength{Selection: "recommended"}, MinimumTLSVersion: "TLSv1_2"},
	}
}

// testLogger sends client logs to t.Log and keeps them to check redaction.
type testLogger struct {
	t     *testing.T
	mu    sync.Mutex
	lines []string
}

func (l *testLogger) add(level, msg string, f map[string]any) {
	line := fmt.Sprintf("%s %s %v", level, msg, f)
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
}

func (l *testLogger) Debug(_ context.Context, msg string, f map[string]any) { l.add("DEBUG", msg, f) }
func (l *testLogger) Info(_ context.Context, msg string, f map[string]any)  { l.add("INFO", msg, f) }
func (l *testLogger) Warn(_ context.Context, msg string, f map[string]any)  { l.add("WARN", msg, f) }

func (l *testLogger) count(substr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.lines {
		if strings.Contains(s, substr) {
			n++
		}
	}
	return n
}

func (l *testLogger) assertNoSecrets(sessionIDs []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.lines {
		if strings.Contains(s, testPassword) {
			l.t.Errorf("log line holds the password: %s", s)
		}
		for _, id := range sessionIDs {
			if id != "" && strings.Contains(s, id) {
				l.t.Errorf("log line holds a session id: %s", s)
			}
		}
		if strings.Contains(s, base64.StdEncoding.EncodeToString([]byte(testUser+":"+testPassword))) {
			l.t.Errorf("log line holds an Authorization value: %s", s)
		}
	}
}

// dropResponse lets next handle r fully, then closes the connection
// without answering: the request took effect, the client can't know.
func dropResponse(w http.ResponseWriter, r *http.Request, next http.Handler) {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

func writeSPSError(w http.ResponseWriter, status int, typ, msg string, details map[string]any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"type": typ, "message": msg, "details": details}, "meta": map[string]any{}})
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
