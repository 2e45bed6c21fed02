package mocksps

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/auth"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/tree"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/vnc"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// User is one account the mock accepts at GET /api/authentication.
type User struct {
	Name     string
	Password string
	Role     string // "admin" (read/write) or "auditor" (read-only)
}

// Config shapes one mock appliance. The zero value is a usable appliance
// with one admin:admin account.
type Config struct {
	Users []User // empty → admin:admin with role admin
	// CertUsers turns client certificate login on (with a TLS
	// configuration from RequireClientCertificates): a certificate's
	// subject (RFC 2253, or its common name) → the name of one of Users.
	CertUsers    map[string]string
	OptionsShape string        // "audit" (default) or "legacy"
	SessionTTL   time.Duration // idle timeout of a login session; default 10m
	CommitDelay  time.Duration // how long a commit takes before it publishes
	Audit        *audit.Store  // session database served under /api/audit; nil → empty
	// Firmware is the firmware_version /api/info reports (DefaultFirmware
	// when empty; see ParseFirmware). 7.x and later serve the advanced
	// session search (snapshots, _count); 6.x answers 404 to it.
	Firmware string
	Now      func() time.Time // injectable clock; default time.Now
	// FaultSeed seeds the fault injector's probabilistic rules: the same
	// seed, rules and request sequence inject the same faults.
	FaultSeed int64
	// Interrupt is the interrupt fault's hook: a harness running the
	// client in-process stops it there (as Ctrl-C would). Nil refuses the
	// interrupt kind.
	Interrupt func(r *http.Request)
	// Committed, when set, is the committed configuration to start from
	// (a saved one: mocksps -state-file) instead of the documented defaults;
	// the families it lacks get their seeds.
	Committed *transaction.Snapshot
	// OnCommitted is called after every change of the committed
	// configuration; see transaction.Store.OnCommitted.
	OnCommitted func(gen uint64, st *transaction.State)
	// KeySeed seeds the keys the mock gives created configuration objects:
	// the same seed, clock and requests give the same keys. 0 draws a
	// random seed.
	KeySeed int64
}

// DefaultSessionTTL is the idle timeout when Config.SessionTTL is zero; the
// vendor samples show remaining_seconds counting down from 600.
const DefaultSessionTTL = 10 * time.Minute

// Server is an in-memory SPS appliance: an http.Handler serving the SPS REST
// API under /api and a test-control API under /_mock.
type Server struct {
	cfg      Config
	now      func() time.Time
	firmware Firmware
	auth     *auth.Store
	store    *transaction.Store
	tree     *tree.Tree
	audit    http.Handler
	inj      *faults.Injector

	api     http.Handler // the routes behind auth
	faults  atomic.Pointer[func(http.Handler) http.Handler]
	handler atomic.Pointer[http.Handler]

	mu       sync.Mutex
	requests map[string]int
	total    int
	mounts   map[string]http.Handler // extra /_mock endpoints (HandleMock)
}

// New builds a mock appliance seeded with the documented defaults.
func New(cfg Config) *Server {
	if len(cfg.Users) == 0 {
		cfg.Users = []User{{Name: "admin", Password: "admin", Role: auth.RoleAdmin}}
	}
	if cfg.OptionsShape != vnc.ShapeLegacy {
		cfg.OptionsShape = vnc.ShapeAudit
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	s := &Server{cfg: cfg, now: cfg.Now, requests: map[string]int{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.cfg.Audit == nil {
		s.cfg.Audit = audit.NewStore()
	}
	if s.cfg.Firmware == "" {
		s.cfg.Firmware = DefaultFirmware
	}
	fw, err := ParseFirmware(s.cfg.Firmware)
	if err != nil {
		panic("mocksps: Config.Firmware: " + err.Error())
	}
	s.firmware = fw

	seed := transaction.NewState()
	if cfg.Committed != nil {
		seed = transaction.FromSnapshot(*cfg.Committed)
	}
	// A saved configuration gets the families it predates.
	tree.Seed(seed, cfg.OptionsShape)
	s.store = transaction.NewStore(seed)
	if cfg.OnCommitted != nil {
		s.store.OnCommitted(cfg.OnCommitted)
	}
	users := make([]auth.User, len(cfg.Users))
	for i, u := range cfg.Users {
		users[i] = auth.User{Name: u.Name, Password: u.Password, Role: u.Role}
	}
	// A session that ends takes its open transaction (and the lock) with it.
	s.auth = auth.NewStore(users, cfg.SessionTTL, s.now, s.store.Discard)
	if cfg.CertUsers != nil {
		s.auth.MapCertificates(cfg.CertUsers)
	}
	s.tree = tree.New(s.store, cfg.OptionsShape, cfg.KeySeed, s.now)
	s.audit = s.newAuditHandler()
	s.api = s.routes()
	// The fault injector starts with no rules, so it changes nothing until a
	// test or the CLI arms one; its admin API lives under /_mock/faults.
	s.inj = faults.New(cfg.FaultSeed, faults.Hooks{ExpireSession: s.ExpireSessionOf, HoldLock: s.HoldLock, Interrupt: cfg.Interrupt})
	s.SetFaults(s.inj.Middleware)
	s.HandleMock(faults.AdminPath, s.inj.AdminHandler())
	return s
}

// Faults returns the server's fault injector (the one served at
// /_mock/faults). It keeps working after SetFaults replaced or removed its
// middleware, but then no longer sees any request.
func (s *Server) Faults() *faults.Injector { return s.inj }

// Handler returns the composed API handler:
// counters → recover → faults (if set) → auth → routes.
// /_mock is routed beside it by ServeHTTP and is neither counted nor faulted.
func (s *Server) Handler() http.Handler { return *s.handler.Load() }

// SetFaults installs (or, with nil, removes) a middleware between panic
// recovery and authentication, e.g. the fault injector. It is safe to call
// while serving.
func (s *Server) SetFaults(mw func(http.Handler) http.Handler) {
	if mw == nil {
		s.faults.Store(nil)
	} else {
		s.faults.Store(&mw)
	}
	s.rebuild()
}

func (s *Server) rebuild() {
	h := s.auth.Middleware(isPublic, s.api)
	if mw := s.faults.Load(); mw != nil {
		h = (*mw)(h)
	}
	h = s.count(recoverJSON(h))
	s.handler.Store(&h)
}

// ServeHTTP serves the SPS API and the /_mock control API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
		// The vendor docs write some URLs with a trailing slash
		// (".../settings_policies/"); treat both spellings alike.
		r2 := *r
		u := *r.URL
		u.Path = strings.TrimRight(p, "/")
		if u.Path == "" {
			u.Path = "/"
		}
		u.RawPath = ""
		r2.URL = &u
		r = &r2
	}
	if r.URL.Path == mockPrefix || strings.HasPrefix(r.URL.Path, mockPrefix+"/") {
		recoverJSON(http.HandlerFunc(s.serveMock)).ServeHTTP(w, r)
		return
	}
	s.Handler().ServeHTTP(w, r)
}

// isPublic lists the requests that need no session: login itself and the
// anonymous form of /api/info. Paths outside /api answer 404 without auth.
func isPublic(r *http.Request) bool {
	p := r.URL.Path
	return p == auth.LoginPath || p == infoPath || (p != "/api" && !strings.HasPrefix(p, "/api/"))
}

func (s *Server) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[r.Method+" "+r.URL.Path]++
		s.total++
		s.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func recoverJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler { //nolint:errorlint // sentinel compared as net/http does
					panic(v)
				}
				httpapi.WriteError(w, r, http.StatusInternalServerError, "InternalError",
					"the mock hit an internal error while serving this request", nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Snapshot returns the committed configuration as plain data.
func (s *Server) Snapshot() transaction.Snapshot {
	var out transaction.Snapshot
	s.store.Committed(func(st *transaction.State) { out = st.Snapshot() })
	return out
}

// Firmware is the firmware version this server reports.
func (s *Server) Firmware() Firmware { return s.firmware }

// OptionsShape is the options shape this server serves for every protocol.
func (s *Server) OptionsShape() string { return s.cfg.OptionsShape }

// Counters counts the SPS API requests the mock has served (never /_mock).
type Counters struct {
	Requests  map[string]int `json:"requests"` // "METHOD /path" → count
	Total     int            `json:"total"`
	Commits   int            `json:"commits"`   // successful commits
	Rollbacks int            `json:"rollbacks"` // DELETE /api/transaction that dropped an open transaction
}

// Counters returns a snapshot of the request counters.
func (s *Server) Counters() Counters {
	s.mu.Lock()
	c := Counters{Requests: make(map[string]int, len(s.requests)), Total: s.total}
	for k, v := range s.requests {
		c.Requests[k] = v
	}
	s.mu.Unlock()
	c.Commits, c.Rollbacks = s.store.Counts()
	return c
}

// ResetCounters zeroes every counter.
func (s *Server) ResetCounters() {
	s.mu.Lock()
	s.requests = map[string]int{}
	s.total = 0
	s.mu.Unlock()
	s.store.ResetCounts()
}

// LockHolder returns the user name holding the configuration lock, or "".
func (s *Server) LockHolder() string {
	s.auth.Sweep()
	o, ok := s.store.Holder()
	if !ok {
		return ""
	}
	return o.User
}

// OpenTransactions returns how many transactions are open (0 or 1: SPS has
// one global configuration lock).
func (s *Server) OpenTransactions() int {
	if s.LockHolder() == "" {
		return 0
	}
	return 1
}

// ExpireAllSessions ends every login session now, as an idle timeout would:
// their cookies stop working and any open transaction is rolled back.
func (s *Server) ExpireAllSessions() { s.auth.ExpireAll() }

// ActiveSessions returns the number of live login sessions.
func (s *Server) ActiveSessions() int { return s.auth.Active() }

// configHash fingerprints the committed configuration for /api/info:
// every list and singleton, in path order.
func (s *Server) configHash() string {
	h := sha256.New()
	snap := s.Snapshot()
	for _, p := range sortedKeys(snap.Lists) {
		h.Write([]byte(p))
		for _, e := range snap.Lists[p] {
			h.Write([]byte(e.Key))
			h.Write(e.Body)
		}
	}
	for _, p := range sortedKeys(snap.Singletons) {
		h.Write([]byte(p))
		h.Write(snap.Singletons[p])
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// ExpireSessionOf ends the login session whose session_id cookie r carries
// (if any), rolling back its transaction, exactly as an idle timeout would.
// It is the fault injector's ExpireSession hook.
func (s *Server) ExpireSessionOf(r *http.Request) {
	if ck, err := r.Cookie(auth.CookieName); err == nil {
		s.auth.Expire(ck.Value)
	}
}

// HoldLock makes user hold the configuration lock for d through an open
// transaction of a hidden session no client can use (another administrator
// at work). It fails with a *transaction.LockedError if the lock is taken.
// It is the fault injector's HoldLock hook.
func (s *Server) HoldLock(user string, d time.Duration) error {
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := "hold-lock-" + hex.EncodeToString(b[:])
	if _, err := s.store.Open(transaction.Owner{SessionID: id, User: user}); err != nil {
		return err
	}
	time.AfterFunc(d, func() { s.store.Discard(id) })
	return nil
}
