package mocksps

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is an injectable time source tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var testUsers = []User{
	{Name: "admin", Password: "adminpw", Role: "admin"},
	{Name: "admin2", Password: "admin2pw", Role: "admin"},
	{Name: "viewer", Password: "viewerpw", Role: "auditor"},
}

// start runs a mock with testUsers (unless cfg names users) behind httptest.
func start(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	if cfg.Users == nil {
		cfg.Users = testUsers
	}
	s := New(cfg)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

// client is one REST client with its own cookie jar (one login session).
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func anon(t *testing.T, ts *httptest.Server) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: ts.URL, hc: &http.Client{Jar: jar}}
}

// login returns a client logged in as user (password from testUsers).
func login(t *testing.T, ts *httptest.Server, user string) *client {
	t.Helper()
	c := anon(t, ts)
	pw := ""
	for _, u := range testUsers {
		if u.Name == user {
			pw = u.Password
		}
	}
	req, _ := http.NewRequestWithContext(c.t.Context(), http.MethodGet, ts.URL+"/api/authentication", nil)
	req.SetBasicAuth(user, pw)
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login %s: status %d", user, resp.StatusCode)
	}
	return c
}

type response struct {
	status int
	header http.Header
	raw    []byte
	json   map[string]any
}

// do sends a request; body may be nil, a string (sent raw) or a value
// (sent as JSON).
func (c *client) do(method, path string, body any) response {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if err := json.Unmarshal(raw, &r.json); err != nil {
		c.t.Fatalf("%s %s: response is not a JSON object (%v): %q", method, path, err, raw)
	}
	return r
}

// must asserts the status and returns the response.
func (r response) must(t *testing.T, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.raw)
	}
	return r
}

// errType asserts an error response's status and error.type.
func (r response) errType(t *testing.T, status int, typ string) map[string]any {
	t.Helper()
	r.must(t, status)
	e, _ := r.json["error"].(map[string]any)
	if e == nil || e["type"] != typ {
		t.Fatalf("error %v, want type %s", r.json["error"], typ)
	}
	if msg, _ := e["message"].(string); msg == "" {
		t.Fatalf("error has no message: %s", r.raw)
	}
	if _, ok := r.json["meta"].(map[string]any); !ok {
		t.Fatalf("error has no meta: %s", r.raw)
	}
	d, _ := e["details"].(map[string]any)
	return d
}

// at walks a decoded JSON value by keys.
func at(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// validPolicy returns a valid settings policy body named name.
func validPolicy(name string) map[string]any {
	var m map[string]any
	_ = json.Unmarshal([]byte(`{"client_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"inactivity_timeout":{"enabled":false},"preconnect_channel_check":false,"server_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"timeout":600}`), &m)
	m["name"] = name
	return m
}

const policies = "/api/configuration/vnc/settings_policies"

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
