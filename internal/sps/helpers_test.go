package sps

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// mockEnv is one mock appliance (mockspstest.Env: server, middleware
// slot, session id record) with the sps tests' logger, which fails the test
// if a password or session id reaches it.
type mockEnv struct {
	*mockspstest.Env
	t   *testing.T
	srv *mocksps.Server
	log *testLogger
}

// newMockEnv starts a mock with cfg (its users default to mockspstest's
// admin and auditor).
func newMockEnv(t *testing.T, cfg mocksps.Config) *mockEnv {
	t.Helper()
	env := mockspstest.Start(t, mockspstest.WithConfig(func(c *mocksps.Config) {
		users := c.Users
		*c = cfg
		if len(c.Users) == 0 {
			c.Users = users
		}
	}))
	e := &mockEnv{Env: env, t: t, srv: env.Server, log: &testLogger{t: t}}
	t.Cleanup(func() { e.log.assertNoSecrets(e.SessionIDs()) })
	return e
}

// answerError is an OnFirst action: answer with an SPS error object, the
// mock never sees the request.
func answerError(status int, typ, msg string) mockspstest.Middleware {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		writeSPSError(w, status, typ, msg, nil)
	}
}

func (e *mockEnv) client(mod ...func(*Config)) *Client {
	e.t.Helper()
	cfg := DefaultConfig()
	cfg.URL, cfg.Username, cfg.Password = e.URL+"/", mockspstest.AdminUser, mockspstest.AdminPassword
	cfg.GroupWindow, cfg.LockWaitTimeout = 30*time.Millisecond, 5*time.Second
	cfg.RetryWaitMin, cfg.RetryWaitMax = 2*time.Millisecond, 20*time.Millisecond
	cfg.RequestTimeout, cfg.Logger = 10*time.Second, e.log
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
		if strings.Contains(s, mockspstest.AdminPassword) {
			l.t.Errorf("log line holds the password: %s", s)
		}
		for _, id := range sessionIDs {
			if id != "" && strings.Contains(s, id) {
				l.t.Errorf("log line holds a session id: %s", s)
			}
		}
		if strings.Contains(s, base64.StdEncoding.EncodeToString([]byte(mockspstest.AdminUser+":"+mockspstest.AdminPassword))) {
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

// vendorSample reads one sample answer.
func vendorSample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "vendor", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cannedAudit answers every audit request with the body answer returns for
// it, after a login, and keeps the queries it received.
type cannedAudit struct {
	answer func(r *http.Request) (status int, body string)

	mu      sync.Mutex
	queries []url.Values
	paths   []string
}

func (c *cannedAudit) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/authentication" {
		http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "0123456789abcdef0123456789abcdef01234567"})
		fmt.Fprint(w, `{"meta":{"href":"/api/authentication"}}`)
		return
	}
	c.mu.Lock()
	c.queries = append(c.queries, r.URL.Query())
	c.paths = append(c.paths, r.URL.EscapedPath())
	c.mu.Unlock()
	status, body := c.answer(r)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func canned(body string) *cannedAudit {
	return &cannedAudit{answer: func(*http.Request) (int, string) { return http.StatusOK, body }}
}

// manyEventsFixture is a session file with one session holding n events.
func manyEventsFixture(n int) string {
	var b strings.Builder
	b.WriteString(`{"sessions": {"svc-many-ssh-1": {"protocol": "ssh", "recording": {"session_id": "svc/many/ssh:1"}}}, "events": {"svc-many-ssh-1": [`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"action": "ls", "channels_id": "1", "content": "$ ls", "record_id": %d, "time": "2024-01-01T00:00:00.000Z", "type": "command"}`, i+1)
	}
	b.WriteString(`]}}`)
	return b.String()
}

// getOptions makes one authenticated read (the VNC options) for tests that
// need a request, not its result.
func getOptions(c *Client, ctx context.Context) (*Object, error) {
	return c.Settings(VNCOptionsArea).Get(ctx)
}
