package mocksps

import (
	"encoding/json"
	"net/http"
	"time"
)

// User is one account the mock accepts at GET /api/authentication.
type User struct {
	Name     string
	Password string
	Role     string // "admin" (read/write) or "auditor" (read-only)
}

// Config shapes one mock appliance.
type Config struct {
	Users        []User        // empty → admin:admin:admin
	OptionsShape string        // "audit" (default) or "legacy"
	SessionTTL   time.Duration // idle timeout of a login session; default 10m
	CommitDelay  time.Duration // how long PUT /api/transaction {"status":"commit"} takes
	// Audit is wired once internal/mocksps/audit exists.
	Now func() time.Time // injectable clock; default time.Now
}

// Server is an in-memory SPS appliance.
type Server struct{ cfg Config }

// New builds a mock appliance seeded with the documented defaults.
func New(cfg Config) *Server { return &Server{cfg: cfg} }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }

// SettingsPolicies returns the committed VNC settings policies, key → body.
func (s *Server) SettingsPolicies() map[string]json.RawMessage { return nil }

// VNCOptions returns the committed VNC options body.
func (s *Server) VNCOptions() json.RawMessage { return nil }

// PutSettingsPolicy writes a settings policy straight into the committed
// configuration, as if another administrator had changed it.
func (s *Server) PutSettingsPolicy(key string, body json.RawMessage) error { return nil }

// DeleteSettingsPolicy removes a committed settings policy out of band.
func (s *Server) DeleteSettingsPolicy(key string) bool { return false }

// PutVNCOptions replaces the committed VNC options out of band.
func (s *Server) PutVNCOptions(body json.RawMessage) error { return nil }

// Counters counts API requests the mock has served.
type Counters struct {
	Requests  map[string]int // "METHOD /path" → count
	Total     int
	Commits   int
	Rollbacks int
}

func (s *Server) Counters() Counters     { return Counters{Requests: map[string]int{}} }
func (s *Server) ResetCounters()         {}
func (s *Server) LockHolder() string     { return "" }
func (s *Server) OpenTransactions() int  { return 0 }
func (s *Server) ExpireAllSessions()     {}
