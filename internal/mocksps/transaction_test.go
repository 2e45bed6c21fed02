package mocksps

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTransactionLifecycle(t *testing.T) {
	s, ts := start(t, Config{})
	a := login(t, ts, "admin")
	b := login(t, ts, "admin2")

	r := a.do("GET", "/api/transaction", nil).must(t, 200)
	if at(r.json, "key") != "transaction" || at(r.json, "body", "status") != "closed" ||
		at(r.json, "transaction", "status") != "closed" || at(r.json, "meta", "changes") != "/api/transaction/changes" ||
		at(r.json, "meta", "href") != "/api/transaction" || at(r.json, "meta", "parent") != "/api" {
		t.Fatalf("initial status = %s", r.raw)
	}

	r = a.do("POST", "/api/transaction", nil).must(t, 200)
	if at(r.json, "body", "status") != "open" || at(r.json, "transaction", "status") != "open" {
		t.Fatalf("after open: %s", r.raw)
	}
	a.do("POST", "/api/transaction", nil).must(t, 200) // idempotent for the owner

	// The other admin meets the lock on open and on any config write.
	for _, rq := range []struct {
		method, path string
		body         any
	}{
		{"POST", "/api/transaction", nil},
		{"POST", policies, validPolicy("bobs")},
		{"PUT", policies + "/-30211", validPolicy("default")},
		{"DELETE", policies + "/-30211", nil},
		{"PUT", "/api/configuration/vnc/options", map[string]any{"audit": map[string]any{"cleanup": map[string]any{"enabled": false}, "timestamping": map[string]any{"selection": "local", "signing_interval": 30}}, "service": map[string]any{"enabled": true}}},
	} {
		r := b.do(rq.method, rq.path, rq.body)
		d := r.errType(t, 409, "TransactionLocked")
		if d["locked_by"] != "admin" || !strings.Contains(at(r.json, "error", "message").(string), `"admin"`) {
			t.Fatalf("%s %s: lock error %s", rq.method, rq.path, r.raw)
		}
	}
	if r := b.do("GET", "/api/transaction", nil).must(t, 200); at(r.json, "body", "status") != "closed" {
		t.Fatal("the other session sees the owner's transaction as its own")
	}

	// Owner reads its own changes; others read committed state.
	key := at(a.do("POST", policies, validPolicy("mine")).must(t, 201).json, "key").(string)
	a.do("GET", policies+"/"+key, nil).must(t, 200)
	b.do("GET", policies+"/"+key, nil).errType(t, 404, "NotFound")
	if n := len(at(b.do("GET", policies, nil).json, "items").([]any)); n != 1 {
		t.Fatalf("other session lists %d policies, want 1", n)
	}
	ch := a.do("GET", "/api/transaction/changes", nil).must(t, 200)
	changes := at(ch.json, "changes").([]any)
	if len(changes) != 1 || at(changes[0], "type") != "create" || at(changes[0], "path") != policies+"/"+key ||
		at(changes[0], "new_value", "name") != "mine" || at(ch.json, "meta", "href") != "/api/transaction/changes" {
		t.Fatalf("changes = %s", ch.raw)
	}
	if n := len(at(b.do("GET", "/api/transaction/changes", nil).json, "changes").([]any)); n != 0 {
		t.Fatalf("other session sees %d changes", n)
	}

	r = a.do("PUT", "/api/transaction", map[string]any{"status": "commit", "message": "add mine"}).must(t, 200)
	if at(r.json, "body", "status") != "closed" || at(r.json, "body", "commit_message") != "add mine" {
		t.Fatalf("commit response %s", r.raw)
	}
	b.do("GET", policies+"/"+key, nil).must(t, 200)
	if _, ok := s.SettingsPolicies()[key]; !ok || s.LockHolder() != "" {
		t.Fatal("commit did not publish or did not release the lock")
	}
	if c := s.Counters(); c.Commits != 1 {
		t.Fatalf("commits = %d", c.Commits)
	}

	// Now b can work; rollback drops its change.
	b.do("DELETE", policies+"/"+key, nil).must(t, 200) // implicit open
	if s.LockHolder() != "admin2" {
		t.Fatalf("implicit open: lock holder %q", s.LockHolder())
	}
	if r := b.do("GET", "/api/transaction", nil); at(r.json, "body", "status") != "open" {
		t.Fatal("implicit open not reported")
	}
	r = b.do("DELETE", "/api/transaction", nil).must(t, 200)
	if at(r.json, "body", "status") != "closed" || s.LockHolder() != "" {
		t.Fatalf("rollback: %s", r.raw)
	}
	if _, ok := s.SettingsPolicies()[key]; !ok {
		t.Fatal("rolled-back delete happened anyway")
	}
	b.do("DELETE", "/api/transaction", nil).must(t, 200) // nothing open: still fine
	if c := s.Counters(); c.Rollbacks != 1 {
		t.Fatalf("rollbacks = %d, want 1", c.Rollbacks)
	}
}

func TestCommitErrors(t *testing.T) {
	_, ts := start(t, Config{})
	a := login(t, ts, "admin")
	a.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).errType(t, 400, "TransactionNotOpen")
	a.do("POST", "/api/transaction", nil).must(t, 200)
	for _, body := range []any{
		map[string]any{"status": "rollback"},
		map[string]any{"status": "open"},
		map[string]any{},
		map[string]any{"status": "commit", "message": 5},
		map[string]any{"status": "commit", "extra": true},
	} {
		t.Run(fmt.Sprint(body), func(t *testing.T) {
			d := a.do("PUT", "/api/transaction", body).errType(t, 400, "SemanticError")
			if p, _ := d["path"].(string); !strings.HasPrefix(p, "body.") {
				t.Errorf("%v: details.path = %v", body, d["path"])
			}
		})
	}
	a.do("PUT", "/api/transaction", "{not json").errType(t, 400, "SyntacticError")
	r := a.do("PATCH", "/api/transaction", nil)
	r.errType(t, 405, "MethodNotAllowed")
	if r.header.Get("Allow") != "GET, POST, PUT, DELETE" {
		t.Errorf("Allow = %q", r.header.Get("Allow"))
	}
	a.do("POST", "/api/transaction/changes", nil).errType(t, 405, "MethodNotAllowed")
	a.do("GET", "/api/transaction/nope", nil).errType(t, 404, "NotFound")
}

// POST /api/transaction without a defined body length (chunked) → 411.
func TestOpenNeedsLength(t *testing.T) {
	_, ts := start(t, Config{})
	c := login(t, ts, "admin")
	u := strings.TrimPrefix(ts.URL, "http://")
	conn, err := (&net.Dialer{}).DialContext(t.Context(), "tcp", u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cookie := c.hc.Jar.Cookies(mustURL(t, ts.URL))[0]
	_, _ = conn.Write([]byte("POST /api/transaction HTTP/1.1\r\nHost: x\r\nCookie: session_id=" + cookie.Value +
		"\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
	buf := make([]byte, 512)
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, _ := conn.Read(buf)
	if !strings.HasPrefix(string(buf[:n]), "HTTP/1.1 411") {
		t.Fatalf("response %q, want 411", buf[:n])
	}
}

func TestCommitDelayIsAtomicOverHTTP(t *testing.T) {
	_, ts := start(t, Config{CommitDelay: 150 * time.Millisecond})
	a := login(t, ts, "admin")
	b := login(t, ts, "viewer")
	a.do("POST", policies, validPolicy("one")).must(t, 201)
	a.do("POST", policies, validPolicy("two")).must(t, 201)

	// The commit runs in the background; only plain values cross over.
	var wg sync.WaitGroup
	var status int
	var took time.Duration
	wg.Go(func() {
		req, _ := http.NewRequestWithContext(t.Context(), "PUT", ts.URL+"/api/transaction", strings.NewReader(`{"status":"commit"}`))
		begin := time.Now()
		resp, err := a.hc.Do(req)
		took = time.Since(begin)
		if err == nil {
			status = resp.StatusCode
			resp.Body.Close()
		}
	})
	seen := map[int]bool{}
	for deadline := time.Now().Add(300 * time.Millisecond); time.Now().Before(deadline); {
		seen[len(at(b.do("GET", policies, nil).json, "items").([]any))] = true
	}
	wg.Wait()
	if status != 200 || took < 150*time.Millisecond {
		t.Fatalf("commit: status %d after %v; want 200 after at least CommitDelay", status, took)
	}
	if !seen[1] || !seen[3] || len(seen) != 2 {
		t.Fatalf("reader saw list sizes %v; want 1 then 3, nothing between", seen)
	}
}

func TestExpiryDuringOpenTransactionFreesLockForOthers(t *testing.T) {
	clk := newClock()
	s, ts := start(t, Config{Now: clk.Now, SessionTTL: time.Minute})
	a := login(t, ts, "admin")
	a.do("POST", policies, validPolicy("doomed")).must(t, 201)
	clk.Advance(30 * time.Second)
	b := login(t, ts, "admin2")
	b.do("POST", "/api/transaction", nil).errType(t, 409, "TransactionLocked")
	clk.Advance(31 * time.Second) // a idle for 61 s
	b.do("POST", "/api/transaction", nil).must(t, 200)
	if s.LockHolder() != "admin2" {
		t.Fatalf("holder %q", s.LockHolder())
	}
	if len(s.SettingsPolicies()) != 1 {
		t.Fatal("expired transaction's change was committed")
	}
	a.do("GET", "/api/transaction", nil).errType(t, 401, "Unauthenticated")
}
