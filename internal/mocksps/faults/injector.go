package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// AdminPath is where AdminHandler expects to be mounted. Requests under
// "/_mock/" never pass through the fault rules or the global latency.
const AdminPath = "/_mock/faults"

// HeaderFault names the fault (ID and kind) on every response the injector
// writes itself, so a test log shows which answers were made up. Clients
// must not depend on it: a real SPS never sends it.
const HeaderFault = "X-Mock-Fault"

// Hooks are the callbacks into the mock core that some kinds need. A nil hook
// makes Add refuse the kinds that need it.
type Hooks struct {
	// ExpireSession ends the login session of r's caller (its session_id
	// cookie) and rolls back that session's transaction, exactly as an idle
	// timeout would. It is called before the request reaches the auth layer.
	ExpireSession func(r *http.Request)
	// HoldLock makes user hold the configuration lock, through an open
	// transaction of a session the client cannot see, for d. It fails when
	// the lock is already held.
	HoldLock func(user string, d time.Duration) error
	// Interrupt tells the client under test to stop, as an operator's
	// Ctrl-C does (Terraform then cancels the provider's requests). The
	// mock cannot do that itself, so only a harness that runs the client
	// in the same process supplies it; without it, the interrupt kind is
	// refused.
	Interrupt func(r *http.Request)
}

// Stats counts the faults that fired.
type Stats struct {
	Total  int            `json:"total"`
	ByKind map[string]int `json:"by_kind"`
	// HookErrors counts lock faults whose HoldLock call failed (the request
	// then went through untouched and the fault stayed armed).
	HookErrors    int    `json:"hook_errors"`
	LastHookError string `json:"last_hook_error,omitempty"`
}

// Injector holds the fault rules of one mock appliance. It is safe for
// concurrent use.
type Injector struct {
	seed  int64
	hooks Hooks

	mu      sync.Mutex
	rules   []*rule
	lastID  int
	latency time.Duration
	stats   Stats
}

type rule struct {
	f   Fault
	m   matcher
	rng *rand.Rand // nil unless f.Probability > 0
}

// limit is how many times the rule may fire; -1 means without limit.
func (r *rule) limit() int {
	switch {
	case r.f.Count < 0:
		return -1
	case r.f.Count > 0:
		return r.f.Count
	case r.f.Probability > 0:
		return -1
	}
	return 1
}

// New returns an injector with no rules. seed makes probabilistic faults
// reproducible: the same seed, rules and request sequence give the same
// injections.
func New(seed int64, hooks Hooks) *Injector {
	return &Injector{seed: seed, hooks: hooks, stats: Stats{ByKind: map[string]int{}}}
}

// Seed returns the seed the injector was made with.
func (in *Injector) Seed() int64 { return in.seed }

// Add validates f and arms it. Rules are evaluated in the order they were
// added.
func (in *Injector) Add(f Fault) (id string, err error) {
	ids, err := in.AddAll([]Fault{f})
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// AddAll arms every fault in fs, or none of them if any is invalid (the error
// then names its index).
func (in *Injector) AddAll(fs []Fault) (ids []string, err error) {
	type compiled struct {
		f Fault
		m matcher
	}
	cs := make([]compiled, 0, len(fs))
	for i, f := range fs {
		nf, m, err := normalize(f, in.hooks)
		if err != nil {
			if len(fs) > 1 {
				return nil, &IndexError{Index: i, Err: err}
			}
			return nil, err
		}
		cs = append(cs, compiled{nf, m})
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, c := range cs {
		in.lastID++
		c.f.ID = "f" + strconv.Itoa(in.lastID)
		r := &rule{f: c.f, m: c.m}
		if c.f.Probability > 0 {
			// One stream per rule, so adding a rule never shifts the
			// draws of another.
			r.rng = rand.New(rand.NewPCG(uint64(in.seed), uint64(in.lastID)))
		}
		in.rules = append(in.rules, r)
		ids = append(ids, c.f.ID)
	}
	return ids, nil
}

// IndexError is a validation error for one element of a list of faults.
type IndexError struct {
	Index int
	Err   error
}

func (e *IndexError) Error() string { return fmt.Sprintf("fault %d: %v", e.Index, e.Err) }
func (e *IndexError) Unwrap() error { return e.Err }

// Remove disarms one fault. It reports whether the ID existed.
func (in *Injector) Remove(id string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	for i, r := range in.rules {
		if r.f.ID == id {
			in.rules = append(in.rules[:i:i], in.rules[i+1:]...)
			return true
		}
	}
	return false
}

// Clear disarms every fault and zeroes the statistics. The global latency
// stays: it is a setting of the run, not a fault.
func (in *Injector) Clear() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.rules = nil
	in.stats = Stats{ByKind: map[string]int{}}
}

// List returns the faults in evaluation order, with their counters. Spent
// faults stay listed until removed or cleared.
func (in *Injector) List() []Fault {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make([]Fault, 0, len(in.rules))
	for _, r := range in.rules {
		out = append(out, r.f)
	}
	return out
}

// Get returns one fault by ID.
func (in *Injector) Get(id string) (Fault, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, r := range in.rules {
		if r.f.ID == id {
			return r.f, true
		}
	}
	return Fault{}, false
}

// Injected returns how many faults fired, by kind.
func (in *Injector) Injected() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	s := in.stats
	s.ByKind = maps.Clone(in.stats.ByKind)
	return s
}

// SetLatency delays every request (except under /_mock/) by d before it is
// handled, on top of any latency fault. Benchmarks use it to emulate a
// remote appliance.
func (in *Injector) SetLatency(d time.Duration) {
	if d < 0 {
		d = 0
	}
	in.mu.Lock()
	in.latency = d
	in.mu.Unlock()
}

// Latency returns the global per-request latency.
func (in *Injector) Latency() time.Duration {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.latency
}

// plan is what the rules decided for one request.
type plan struct {
	delay  time.Duration
	locks  []*rule
	expire bool
	// interrupt: call Hooks.Interrupt; abortCommit: abandon the commit if
	// the client disconnects during it.
	interrupt, abortCommit bool
	// commitDelay is slow_commit's share of delay, added to the commit's
	// own duration.
	commitDelay time.Duration
	action      *rule // the one response-changing fault, if any
}

// decide runs the rules against r. Every matching delay, lock and
// expire_session rule takes part; of the response-changing kinds only the
// first that fires does, and the rules after it of those kinds do not see
// the request at all (their Skip and Count are untouched).
func (in *Injector) decide(r *http.Request, commit bool) plan {
	in.mu.Lock()
	defer in.mu.Unlock()
	p := plan{delay: in.latency}
	for _, rl := range in.rules {
		terminal := isTerminal(rl.f.Kind)
		if terminal && p.action != nil {
			continue
		}
		if !rl.m.matches(r) || (isCommitKind(rl.f.Kind) && !commit) {
			continue
		}
		rl.f.Matched++
		if rl.f.Matched <= rl.f.Skip {
			continue
		}
		if lim := rl.limit(); lim >= 0 && rl.f.Injected >= lim {
			continue
		}
		// Draw only for armed rules, so the stream depends on nothing
		// but the sequence of matching requests.
		if rl.rng != nil && rl.rng.Float64() >= rl.f.Probability {
			continue
		}
		rl.f.Injected++
		in.stats.Total++
		in.stats.ByKind[rl.f.Kind]++
		switch {
		case terminal:
			p.action = rl
		case rl.f.Kind == KindLock:
			p.locks = append(p.locks, rl)
		case rl.f.Kind == KindExpireSession:
			p.expire = true
		case rl.f.Kind == KindInterrupt:
			p.interrupt = true
		case rl.f.Kind == KindCommitAbortOnDisconnect:
			p.abortCommit = true
		case rl.f.Kind == KindSlowCommit:
			p.commitDelay += time.Duration(rl.f.Delay)
		default: // latency
			p.delay += time.Duration(rl.f.Delay)
		}
	}
	return p
}

// refund takes back a firing that turned out not to happen, so the fault
// stays armed for the next matching request.
func (in *Injector) refund(rl *rule, hookErr error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if hookErr != nil {
		in.stats.HookErrors++
		in.stats.LastHookError = hookErr.Error()
	}
	for _, cur := range in.rules {
		if cur == rl { // not after Clear/Remove: its counts are gone already
			rl.f.Injected--
			in.stats.Total--
			in.stats.ByKind[rl.f.Kind]--
			return
		}
	}
}

// isTerminal reports kinds that decide the response.
func isTerminal(kind string) bool {
	switch kind {
	case KindStatus, KindDropBefore, KindDropAfter, KindCommitFail400, KindCommit500Applied, KindCommit500NotApplied,
		KindSearchUnavailable, KindRateLimit:
		return true
	}
	return false
}

// Middleware applies the fault rules in front of next. Put it inside any
// request counting and panic recovery (so injected requests are still
// counted) and outside authentication (so expire_session acts before the
// session is checked, and drop_before/status faults leave the server
// untouched).
func (in *Injector) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_mock/") {
			next.ServeHTTP(w, r)
			return
		}
		p := in.decide(r, isCommitRequest(r))
		if p.abortCommit {
			r = r.WithContext(httpapi.WithAbortCommitOnDisconnect(r.Context()))
		}
		if p.interrupt {
			in.hooks.Interrupt(r)
		}
		if !sleep(r.Context(), p.delay) {
			return // the client gave up; nobody is listening any more
		}
		if p.commitDelay > 0 {
			// Part of the commit itself: the transaction is committing
			// (further commits and writes get 409) and the commit
			// finishes even if the client hangs up, unless a fault says
			// to abandon it.
			r = r.WithContext(httpapi.WithExtraCommitDelay(r.Context(), p.commitDelay))
		}
		for _, rl := range p.locks {
			if err := in.hooks.HoldLock(rl.f.User, time.Duration(rl.f.Delay)); err != nil {
				in.refund(rl, err)
			}
		}
		if p.expire {
			in.hooks.ExpireSession(r)
		}
		if p.action == nil {
			next.ServeHTTP(w, r)
			return
		}
		in.act(p.action, next, w, r)
	})
}

// act performs a response-changing fault.
func (in *Injector) act(rl *rule, next http.Handler, w http.ResponseWriter, r *http.Request) {
	tag := rl.f.ID + " " + rl.f.Kind
	switch rl.f.Kind {
	case KindStatus:
		w.Header().Set(HeaderFault, tag)
		writeStatus(w, r, rl.f.Status)
	case KindSearchUnavailable:
		w.Header().Set(HeaderFault, tag)
		httpapi.WriteError(w, r, http.StatusInternalServerError, "SearchUnavailable",
			"the search backend is inaccessible", nil)
	case KindRateLimit:
		w.Header().Set(HeaderFault, tag)
		wait := time.Duration(rl.f.Delay)
		switch rl.f.RetryAfter {
		case RetryAfterSeconds:
			w.Header().Set("Retry-After", strconv.FormatInt(int64((wait+time.Second-1)/time.Second), 10))
		case RetryAfterDate:
			// HTTP dates have whole seconds: round up, so the client never
			// comes back before the wait is over.
			w.Header().Set("Retry-After", time.Now().Add(wait+time.Second-1).UTC().Truncate(time.Second).Format(http.TimeFormat))
		}
		httpapi.WriteError(w, r, http.StatusTooManyRequests, "TooManyRequests",
			"too many requests; nothing was processed, retry after the time Retry-After gives", nil)
	case KindDropBefore:
		dropConnection(w)
	case KindDropAfter:
		next.ServeHTTP(&bufferedResponse{}, r)
		dropConnection(w)
	case KindCommitFail400:
		w.Header().Set(HeaderFault, tag)
		httpapi.WriteError(w, r, http.StatusBadRequest, "SemanticError",
			"the configuration failed validation at commit; nothing was applied and the transaction is still open: "+
				"fix the objects listed in details.errors and commit again, or roll back",
			map[string]any{"errors": []map[string]any{{
				"path":    "/api/transaction",
				"message": "commit rejected by the mock's fault injector",
			}}})
	case KindCommit500NotApplied:
		w.Header().Set(HeaderFault, tag)
		writeStatus(w, r, http.StatusInternalServerError)
	case KindCommit500Applied:
		rec := &bufferedResponse{}
		next.ServeHTTP(rec, r)
		if rec.code() < 200 || rec.code() > 299 {
			// The commit failed by itself, so nothing was applied and a
			// 500 would not be the fault's "applied" case: pass the
			// real answer on and keep the fault armed.
			in.refund(rl, nil)
			rec.replay(w)
			return
		}
		w.Header().Set(HeaderFault, tag)
		writeStatus(w, r, http.StatusInternalServerError)
	}
}

// writeStatus writes an injected server error. Both commit_500 kinds and
// the status kind use it, so a client cannot tell them apart by the body.
func writeStatus(w http.ResponseWriter, r *http.Request, status int) {
	typ, msg := "InternalError", "internal server error; the request may or may not have been applied"
	switch status {
	case http.StatusBadGateway:
		typ, msg = "BadGateway", "the appliance's web server got no valid answer from the API service"
	case http.StatusServiceUnavailable:
		typ, msg = "ServiceUnavailable", "the API service is temporarily unavailable; retry later"
	case http.StatusGatewayTimeout:
		typ, msg = "GatewayTimeout", "the API service did not answer in time"
	}
	httpapi.WriteError(w, r, status, typ, msg, nil)
}

// dropConnection closes the client's connection without a response. If the
// connection cannot be taken over (HTTP/2, or a wrapping ResponseWriter
// without Unwrap), it aborts the handler instead, which net/http turns into
// a closed connection or reset stream; recovery middleware must re-panic
// http.ErrAbortHandler for that to work.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// isCommitRequest reports PUT /api/transaction with {"status": "commit"}.
// It reads the body and puts it back for the handlers behind.
func isCommitRequest(r *http.Request) bool {
	if r.Method != http.MethodPut || strings.TrimSuffix(r.URL.Path, "/") != "/api/transaction" || r.Body == nil {
		return false
	}
	const maxBody = 64 << 10 // a commit body is tiny; never buffer a huge one
	buf, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(buf), r.Body), r.Body}
	if err != nil || len(buf) > maxBody {
		return false
	}
	var body struct {
		Status string `json:"status"`
	}
	return json.Unmarshal(buf, &body) == nil && body.Status == "commit"
}

// sleep waits d or until ctx ends; it reports whether the whole delay passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// bufferedResponse holds a response the client will not get as written.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header {
	if b.header == nil {
		b.header = http.Header{}
	}
	return b.header
}

func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

func (b *bufferedResponse) code() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}

func (b *bufferedResponse) replay(w http.ResponseWriter) {
	maps.Copy(w.Header(), b.header)
	w.WriteHeader(b.code())
	_, _ = w.Write(b.body.Bytes())
}
