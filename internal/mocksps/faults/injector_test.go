package faults

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

func TestStatusFault(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		typ    string
	}{
		{500, "InternalError"},
		{502, "BadGateway"},
		{503, "ServiceUnavailable"},
		{0, "ServiceUnavailable"}, // default
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			in := New(1, Hooks{})
			id := mustAdd(t, in, Fault{Kind: KindStatus, Match: "POST /api/configuration/vnc/*", Status: tc.status})
			sps := newFakeSPS()
			h := in.Middleware(sps)

			rec := record(h, "POST", "/api/configuration/vnc/settings_policies", `{}`)
			want := tc.status
			if want == 0 {
				want = 503
			}
			if rec.Code != want {
				t.Fatalf("status %d: got %d", tc.status, rec.Code)
			}
			typ, _, details := errorOf(t, decode(t, rec))
			if typ != tc.typ || details["path"] != "/api/configuration/vnc/settings_policies" {
				t.Errorf("status %d: type %q details %v", tc.status, typ, details)
			}
			if got := rec.Header().Get(HeaderFault); got != id+" status" {
				t.Errorf("%s header = %q", HeaderFault, got)
			}
			if n := sps.count("POST /api/configuration/vnc/settings_policies"); n != 0 {
				t.Errorf("the failed request reached the server %d times", n)
			}
			// Count defaults to one: the next request goes through.
			if rec := record(h, "POST", "/api/configuration/vnc/settings_policies", `{}`); rec.Code != 200 {
				t.Errorf("second request: %d", rec.Code)
			}
			if st := in.Injected(); st.Total != 1 || st.ByKind[KindStatus] != 1 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestNonMatchingRequestsPass(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	mustAdd(t, in, Fault{Kind: KindStatus, Match: "PUT /api/transaction", Count: -1})
	sps := newFakeSPS()
	h := in.Middleware(sps)
	for _, req := range [][2]string{{"GET", "/api/transaction"}, {"PUT", "/api/transaction/changes"}, {"POST", "/api/transaction"}} {
		if rec := record(h, req[0], req[1], ""); rec.Code != 200 {
			t.Errorf("%v: %d", req, rec.Code)
		}
	}
	if rec := record(h, "PUT", "/api/transaction/", commitBody); rec.Code != 503 {
		t.Errorf("trailing slash should still match: %d", rec.Code)
	}
	if f := in.List()[0]; f.Matched != 1 || f.Injected != 1 {
		t.Errorf("counters %+v", f)
	}
}

func TestDropBefore(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	srv, sps := serve(t, in)
	mustAdd(t, in, Fault{Kind: KindDropBefore, Match: "PUT /api/configuration/vnc/options"})

	_, _, _, err := do(t, srv.Client(), "PUT", srv.URL+"/api/configuration/vnc/options", `{"a":1}`)
	if err == nil {
		t.Fatal("client got a response; want a transport error")
	}
	if n := sps.count("PUT /api/configuration/vnc/options"); n != 0 {
		t.Fatalf("dropped request was applied %d times", n)
	}
	status, _, _, err := do(t, srv.Client(), "PUT", srv.URL+"/api/configuration/vnc/options", `{"a":1}`)
	if err != nil || status != 200 {
		t.Fatalf("next request: %d %v", status, err)
	}
	if n := sps.count("PUT /api/configuration/vnc/options"); n != 1 {
		t.Errorf("applied %d times, want 1", n)
	}
	if st := in.Injected(); st.ByKind[KindDropBefore] != 1 {
		t.Errorf("stats %+v", st)
	}
}

// Documents a trap for test authors (see doc.go): net/http resends an
// idempotent request once when a reused connection dies without an answer.
func TestDropBeforeGETIsRetriedByGoTransport(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	srv, sps := serve(t, in)
	c := srv.Client()
	if status, _, _, err := do(t, c, "GET", srv.URL+"/api/info", ""); err != nil || status != 200 {
		t.Fatalf("warm-up: %d %v", status, err)
	}
	mustAdd(t, in, Fault{Kind: KindDropBefore, Match: "GET /api/info"})
	status, _, _, err := do(t, c, "GET", srv.URL+"/api/info", "")
	if err != nil || status != 200 {
		t.Fatalf("got %d %v; want a silent retry that succeeds", status, err)
	}
	if n := sps.count("GET /api/info"); n != 2 {
		t.Errorf("server saw %d GETs, want 2 (warm-up and retry)", n)
	}
	if f := in.List()[0]; f.Matched != 2 || f.Injected != 1 {
		t.Errorf("counters %+v", f)
	}
}

func TestDropAfter(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	srv, sps := serve(t, in)
	mustAdd(t, in, Fault{Kind: KindDropAfter, Match: "POST /api/configuration/**"})

	_, _, _, err := do(t, srv.Client(), "POST", srv.URL+"/api/configuration/vnc/settings_policies", `{"name":"x"}`)
	if err == nil {
		t.Fatal("client got a response; want a transport error")
	}
	if n := sps.count("POST /api/configuration/vnc/settings_policies"); n != 1 {
		t.Fatalf("request applied %d times, want exactly 1", n)
	}
	if st := in.Injected(); st.ByKind[KindDropAfter] != 1 || st.Total != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestCountAndSkip(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	mustAdd(t, in, Fault{Kind: KindStatus, Match: "GET /api/info", Skip: 2, Count: 2, Status: 500})
	h := in.Middleware(newFakeSPS())
	var got []int
	for range 6 {
		got = append(got, record(h, "GET", "/api/info", "").Code)
		record(h, "GET", "/api/other", "") // does not match, must not count
	}
	want := []int{200, 200, 500, 500, 200, 200}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("codes %v, want %v", got, want)
		}
	}
	if f := in.List()[0]; f.Matched != 6 || f.Injected != 2 {
		t.Errorf("counters %+v", f)
	}
}

func TestUnlimitedCount(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	mustAdd(t, in, Fault{Kind: KindStatus, Count: -1})
	h := in.Middleware(newFakeSPS())
	for i := range 5 {
		if c := record(h, "DELETE", "/api/anything", "").Code; c != 503 {
			t.Fatalf("request %d: %d", i, c)
		}
	}
}

// pattern returns which of n matching requests a probability rule failed.
func pattern(t *testing.T, seed int64, n int) []bool {
	in := New(seed, Hooks{})
	// A rule before it that also draws must not change its stream.
	mustAdd(t, in, Fault{Kind: KindLatency, Match: "GET /other", Probability: 0.5, Delay: Duration(time.Nanosecond)})
	mustAdd(t, in, Fault{Kind: KindStatus, Match: "GET /api/info", Probability: 0.3})
	h := in.Middleware(newFakeSPS())
	out := make([]bool, n)
	for i := range out {
		if i%3 == 0 {
			record(h, "GET", "/other", "")
		}
		out[i] = record(h, "GET", "/api/info", "").Code == 503
	}
	return out
}

func TestProbabilityIsReproducible(t *testing.T) {
	t.Parallel()
	a, b, c := pattern(t, 42, 300), pattern(t, 42, 300), pattern(t, 43, 300)
	hits, same := 0, true
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("seed 42 differs at request %d", i)
		}
		if a[i] {
			hits++
		}
		same = same && a[i] == c[i]
	}
	if same {
		t.Error("seeds 42 and 43 produced the same pattern")
	}
	// 300 draws at p=0.3: expect about 90; far outside means the
	// probability is not applied.
	if hits < 50 || hits > 130 {
		t.Errorf("%d of 300 requests failed at p=0.3", hits)
	}
}

func TestProbabilityWithCount(t *testing.T) {
	t.Parallel()
	in := New(7, Hooks{})
	mustAdd(t, in, Fault{Kind: KindStatus, Probability: 0.9, Count: 3})
	h := in.Middleware(newFakeSPS())
	for range 50 {
		record(h, "GET", "/api/info", "")
	}
	if st := in.Injected(); st.Total != 3 {
		t.Errorf("fired %d times, want the count 3", st.Total)
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	mustAdd(t, in, Fault{Kind: KindLatency, Match: "GET /api/info", Delay: Duration(40 * time.Millisecond)})
	sps := newFakeSPS()
	h := in.Middleware(sps)

	start := time.Now()
	if rec := record(h, "GET", "/api/info", ""); rec.Code != 200 {
		t.Fatalf("latency must not change the answer: %d", rec.Code)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("took %v, want at least 40ms", d)
	}
	if sps.count("GET /api/info") != 1 {
		t.Error("delayed request was not handled")
	}

	in.SetLatency(30 * time.Millisecond)
	start = time.Now()
	record(h, "GET", "/api/other", "")
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("global latency: took %v, want at least 30ms", d)
	}
	if in.Latency() != 30*time.Millisecond {
		t.Errorf("Latency() = %v", in.Latency())
	}
	// The mock's own controls are never slowed down.
	start = time.Now()
	record(h, "GET", "/_mock/whatever", "")
	if d := time.Since(start); d >= 30*time.Millisecond {
		t.Errorf("/_mock/ request was delayed %v", d)
	}
}

func TestLatencyClientGivesUp(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	in.SetLatency(time.Hour)
	sps := newFakeSPS()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	req := httptest.NewRequestWithContext(ctx, "PUT", "/api/configuration/vnc/options", strings.NewReader(`{}`))
	in.Middleware(sps).ServeHTTP(httptest.NewRecorder(), req)
	if n := sps.count("PUT /api/configuration/vnc/options"); n != 0 {
		t.Errorf("abandoned request was applied %d times", n)
	}
}

func TestCommitFail400(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	mustAdd(t, in, Fault{Kind: KindCommitFail400})
	sps := newFakeSPS()
	h := in.Middleware(sps)

	// Not commits: untouched, and not counted as matches.
	record(h, "PUT", "/api/transaction", `{"status":"open"}`)
	record(h, "GET", "/api/transaction", "")

	rec := record(h, "PUT", "/api/transaction", commitBody)
	if rec.Code != 400 {
		t.Fatalf("commit: %d", rec.Code)
	}
	typ, _, details := errorOf(t, decode(t, rec))
	errs, _ := details["errors"].([]any)
	if typ != "SemanticError" || len(errs) != 1 {
		t.Errorf("type %q details %v", typ, details)
	}
	if sps.commitCount() != 0 || sps.count("PUT /api/transaction") != 1 {
		t.Errorf("rejected commit reached the server (commits %d)", sps.commitCount())
	}
	// The transaction is still open on the server; the retry commits.
	if rec := record(h, "PUT", "/api/transaction", commitBody); rec.Code != 200 || sps.commitCount() != 1 {
		t.Errorf("retry: %d, commits %d", rec.Code, sps.commitCount())
	}
	if f := in.List()[0]; f.Matched != 2 || f.Match != "PUT /api/transaction" {
		t.Errorf("rule %+v", f)
	}
}

func TestCommit500AppliedAndNotApplied(t *testing.T) {
	t.Parallel()
	bodies := map[string]string{}
	for kind, wantCommits := range map[string]int{KindCommit500Applied: 1, KindCommit500NotApplied: 0} {
		t.Run(kind, func(t *testing.T) {
			in := New(1, Hooks{})
			mustAdd(t, in, Fault{Kind: kind})
			sps := newFakeSPS()
			rec := record(in.Middleware(sps), "PUT", "/api/transaction", commitBody)
			if rec.Code != 500 {
				t.Fatalf("%s: %d", kind, rec.Code)
			}
			typ, _, _ := errorOf(t, decode(t, rec))
			if typ != "InternalError" {
				t.Errorf("%s: type %q", kind, typ)
			}
			if sps.commitCount() != wantCommits {
				t.Errorf("%s: %d commits applied, want %d", kind, sps.commitCount(), wantCommits)
			}
			bodies[kind] = rec.Body.String()
		})
	}
	if bodies[KindCommit500Applied] != bodies[KindCommit500NotApplied] {
		t.Errorf("the two 500s differ, a client could tell them apart:\n%s\n%s",
			bodies[KindCommit500Applied], bodies[KindCommit500NotApplied])
	}
}

func TestCommit500AppliedPassesRealFailureAndStaysArmed(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	mustAdd(t, in, Fault{Kind: KindCommit500Applied})
	sps := newFakeSPS()
	sps.failCommit = true
	h := in.Middleware(sps)

	rec := record(h, "PUT", "/api/transaction", commitBody)
	if rec.Code != 400 || rec.Header().Get(HeaderFault) != "" {
		t.Fatalf("real failure not passed on: %d %q", rec.Code, rec.Header().Get(HeaderFault))
	}
	if typ, msg, _ := errorOf(t, decode(t, rec)); typ != "SemanticError" || msg != "real validation failure" {
		t.Errorf("got %s: %s", typ, msg)
	}
	if st := in.Injected(); st.Total != 0 {
		t.Errorf("stats count a fault that did not happen: %+v", st)
	}
	sps.mu.Lock()
	sps.failCommit = false
	sps.mu.Unlock()
	if rec := record(h, "PUT", "/api/transaction", commitBody); rec.Code != 500 || sps.commitCount() != 1 {
		t.Errorf("armed fault: %d, commits %d", rec.Code, sps.commitCount())
	}
}

func TestSlowCommit(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	mustAdd(t, in, Fault{Kind: KindSlowCommit, Delay: Duration(40 * time.Millisecond)})
	sps := newFakeSPS()
	var mu sync.Mutex
	var delays []time.Duration
	h := in.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		delays = append(delays, httpapi.ExtraCommitDelay(r.Context()))
		mu.Unlock()
		sps.ServeHTTP(w, r)
	}))
	record(h, "PUT", "/api/transaction", `{"status":"open"}`)
	if f := in.List()[0]; f.Matched != 0 {
		t.Errorf("non-commit counted as a match: %+v", f)
	}
	if rec := record(h, "PUT", "/api/transaction", commitBody); rec.Code != 200 || sps.commitCount() != 1 {
		t.Fatalf("slow commit: %d, commits %d", rec.Code, sps.commitCount())
	}
	// The delay is handed to the commit itself (the server sleeps it while
	// the transaction is committing), not slept in front of it.
	mu.Lock()
	defer mu.Unlock()
	if len(delays) != 2 || delays[0] != 0 || delays[1] != 40*time.Millisecond {
		t.Errorf("extra commit delays seen by the server = %v, want [0s 40ms]", delays)
	}
}

// commit_abort_on_disconnect marks the commit; interrupt calls its hook.
func TestCommitAbortAndInterruptKinds(t *testing.T) {
	t.Parallel()
	if _, err := New(1, Hooks{}).Add(Fault{Kind: KindInterrupt}); err == nil {
		t.Error("interrupt accepted without an Interrupt hook")
	}
	var interrupted atomic.Int32
	in := New(1, Hooks{Interrupt: func(*http.Request) { interrupted.Add(1) }})
	mustAdd(t, in, Fault{Kind: KindCommitAbortOnDisconnect})
	mustAdd(t, in, Fault{Kind: KindInterrupt, Match: "PUT /api/transaction"})
	var marked []bool
	h := in.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		marked = append(marked, httpapi.AbortCommitOnDisconnect(r.Context()))
		w.WriteHeader(http.StatusOK)
	}))
	record(h, "PUT", "/api/transaction", commitBody)
	record(h, "PUT", "/api/transaction", commitBody)
	if len(marked) != 2 || !marked[0] || marked[1] {
		t.Errorf("abort marks = %v, want [true false] (count 1)", marked)
	}
	if interrupted.Load() != 1 {
		t.Errorf("interrupt hook ran %d times, want 1", interrupted.Load())
	}
}

func TestExpireSessionHook(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var expired []string
	in := New(1, Hooks{ExpireSession: func(r *http.Request) {
		c, err := r.Cookie("session_id")
		if err != nil {
			t.Errorf("hook got no cookie: %v", err)
			return
		}
		mu.Lock()
		expired = append(expired, c.Value)
		mu.Unlock()
	}})
	mustAdd(t, in, Fault{Kind: KindExpireSession, Match: "* /api/configuration/**", Skip: 1})
	sps := newFakeSPS()
	h := in.Middleware(sps)
	for _, sid := range []string{"first", "second", "third"} {
		req := httptest.NewRequestWithContext(t.Context(), "GET", "/api/configuration/vnc/options", nil)
		req.AddCookie(&http.Cookie{Name: "session_id", Value: sid})
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(expired) != 1 || expired[0] != "second" {
		t.Errorf("expired %v, want [second]", expired)
	}
	// The request goes on to the server, which answers it (401 there).
	if n := sps.count("GET /api/configuration/vnc/options"); n != 3 {
		t.Errorf("server saw %d requests, want 3", n)
	}
}

func TestLockHook(t *testing.T) {
	t.Parallel()
	type call struct {
		user string
		d    time.Duration
	}
	var mu sync.Mutex
	var calls []call
	fail := true
	in := New(1, Hooks{HoldLock: func(user string, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, call{user, d})
		if fail {
			fail = false
			return errors.New("lock already held by admin")
		}
		return nil
	}})
	mustAdd(t, in, Fault{Kind: KindLock, Match: "POST /api/transaction", Delay: Duration(2 * time.Second)})
	mustAdd(t, in, Fault{Kind: KindLock, Match: "DELETE /api/transaction", Delay: Duration(time.Second), User: "alice"})
	sps := newFakeSPS()
	h := in.Middleware(sps)

	record(h, "POST", "/api/transaction", "") // hook fails: fault stays armed
	st := in.Injected()
	if st.Total != 0 || st.HookErrors != 1 || !strings.Contains(st.LastHookError, "already held") {
		t.Errorf("after failed hook: %+v", st)
	}
	record(h, "POST", "/api/transaction", "")
	record(h, "POST", "/api/transaction", "") // spent
	record(h, "DELETE", "/api/transaction", "")

	mu.Lock()
	defer mu.Unlock()
	want := []call{{DefaultLockUser, 2 * time.Second}, {DefaultLockUser, 2 * time.Second}, {"alice", time.Second}}
	if len(calls) != len(want) {
		t.Fatalf("calls %v, want %v", calls, want)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Errorf("call %d = %v, want %v", i, calls[i], want[i])
		}
	}
	if st := in.Injected(); st.ByKind[KindLock] != 2 {
		t.Errorf("stats %+v", st)
	}
	if sps.count("POST /api/transaction") != 3 {
		t.Error("lock fault must pass the request on")
	}
}

func TestOnlyFirstResponseFaultActs(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	mustAdd(t, in, Fault{Kind: KindStatus, Match: "GET /api/info", Status: 500})
	mustAdd(t, in, Fault{Kind: KindLatency, Match: "GET /api/info", Delay: Duration(time.Millisecond)})
	mustAdd(t, in, Fault{Kind: KindStatus, Match: "GET /api/info", Status: 502})
	h := in.Middleware(newFakeSPS())
	if c := record(h, "GET", "/api/info", "").Code; c != 500 {
		t.Fatalf("first: %d", c)
	}
	if c := record(h, "GET", "/api/info", "").Code; c != 502 {
		t.Fatalf("second: %d", c)
	}
	fs := in.List()
	if fs[1].Injected != 1 || fs[2].Matched != 1 {
		t.Errorf("latency rule should fire alongside; the later status rule should see only the second request: %+v", fs)
	}
}

func TestClearAndRemove(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	id := mustAdd(t, in, Fault{Kind: KindStatus, Count: -1})
	h := in.Middleware(newFakeSPS())
	record(h, "GET", "/api/info", "")
	in.SetLatency(time.Millisecond)
	in.Clear()
	if len(in.List()) != 0 || in.Injected().Total != 0 {
		t.Errorf("after Clear: %v %+v", in.List(), in.Injected())
	}
	if in.Latency() != time.Millisecond {
		t.Error("Clear must keep the global latency")
	}
	if c := record(h, "GET", "/api/info", "").Code; c != 200 {
		t.Errorf("cleared fault still fires: %d", c)
	}
	if in.Remove(id) {
		t.Error("Remove after Clear found the fault")
	}
	id2 := mustAdd(t, in, Fault{Kind: KindStatus})
	if id2 == id {
		t.Error("IDs are reused after Clear")
	}
	if !in.Remove(id2) || len(in.List()) != 0 {
		t.Error("Remove failed")
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	in := New(3, Hooks{})
	mustAdd(t, in, Fault{Kind: KindStatus, Probability: 0.5})
	sps := newFakeSPS()
	h := in.Middleware(sps)
	const n = 200
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			record(h, "GET", "/api/info", "")
			if i%20 == 0 {
				_ = in.List()
				_ = in.Injected()
			}
		})
	}
	wg.Wait()
	if got := in.Injected().Total + sps.count("GET /api/info"); got != n {
		t.Errorf("injected + handled = %d, want %d", got, n)
	}
}
