// Package auth emulates SPS REST login: GET /api/authentication with HTTP
// Basic credentials (or, when certificate login is enabled,
// GET /api/authentication?type=x509 with a TLS client certificate) returns
// a session_id cookie, every other /api call must carry it, and a session
// ends after a sliding period of inactivity.
//
// Decisions (see also internal/mocksps/README.md):
//   - Only the cookie authenticates later calls; Basic credentials on other
//     requests are ignored (whether SPS honors them is unconfirmed).
//   - An expired cookie is indistinguishable from an unknown one:
//     401 Unauthenticated, as SPS documents no separate code.
//   - The cookie carries no Expires attribute, so a client with a skewed
//     clock cannot drop it early; the server alone decides expiry.
//   - Role "auditor" may read everything but gets 403 Unauthorized on any
//     write to the configuration or the transaction.
//   - Certificate login (MapCertificates) is SPS's "mixed mode": a
//     certificate user logs in with ?type=x509, a password user as before.
//     The TLS layer verifies the certificate against the client CA (an
//     untrusted one ends the handshake); the login maps its subject to a
//     user, and a certificate no user is mapped to, or none at all, is
//     401 AuthenticationFailure.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"crypto/x509"
	"encoding/hex"
	"maps"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// Roles a user can have.
const (
	RoleAdmin   = "admin"
	RoleAuditor = "auditor"
)

// CookieName is the SPS session cookie.
const CookieName = "session_id"

// LoginPath is the only /api path that needs no session.
const LoginPath = "/api/authentication"

// User is an account of the mock appliance.
type User struct {
	Name, Password, Role string
}

// Store holds the users and the live login sessions.
type Store struct {
	mu       sync.Mutex
	users    map[string]User
	ttl      time.Duration
	now      func() time.Time
	sessions map[string]*session
	onExpire func(sessionID string)
	// certUsers maps a client certificate's subject (RFC 2253, as
	// x509.Certificate.Subject.String() prints it, or its common name) to
	// a user name; nil when certificate login is off.
	certUsers map[string]string
}

type session struct {
	id      string
	user    User
	expires time.Time
}

// NewStore returns a session store. onExpire (may be nil) runs, outside any
// lock, for each session that times out or is expired explicitly, so the
// caller can roll back that session's transaction.
func NewStore(users []User, ttl time.Duration, now func() time.Time, onExpire func(sessionID string)) *Store {
	s := &Store{users: map[string]User{}, ttl: ttl, now: now, sessions: map[string]*session{}, onExpire: onExpire}
	for _, u := range users {
		s.users[u.Name] = u
	}
	return s
}

// Login checks credentials and starts a session.
func (s *Store) Login(name, password string) (httpapi.Caller, bool) {
	s.Sweep()
	u, ok := s.users[name]
	// Compare even for unknown users so timing does not reveal user names.
	if !ok {
		u = User{Password: "\x00unknown"}
	}
	if subtle.ConstantTimeCompare([]byte(u.Password), []byte(password)) != 1 || !ok {
		return httpapi.Caller{}, false
	}
	return s.start(u), true
}

// MapCertificates turns certificate login on: each subject (the full
// RFC 2253 subject or the common name) logs in as the user it maps to.
func (s *Store) MapCertificates(subjectToUser map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.certUsers = maps.Clone(subjectToUser)
}

// LoginCertificate starts a session for the user a verified client
// certificate maps to.
func (s *Store) LoginCertificate(cert *x509.Certificate) (httpapi.Caller, string) {
	s.Sweep()
	s.mu.Lock()
	name, ok := s.certUsers[cert.Subject.String()]
	if !ok {
		name, ok = s.certUsers[cert.Subject.CommonName]
	}
	u, known := s.users[name]
	s.mu.Unlock()
	switch {
	case !ok:
		return httpapi.Caller{}, "no user is mapped to the client certificate with subject " + cert.Subject.String()
	case !known:
		return httpapi.Caller{}, "the client certificate with subject " + cert.Subject.String() + " maps to user " + name + ", who does not exist"
	}
	return s.start(u), ""
}

func (s *Store) start(u User) httpapi.Caller {
	id := newSessionID()
	now := s.now()
	s.mu.Lock()
	s.sessions[id] = &session{id: id, user: u, expires: now.Add(s.ttl)}
	s.mu.Unlock()
	return httpapi.Caller{SessionID: id, User: u.Name, Role: u.Role, RemainingSeconds: seconds(s.ttl)}
}

// Authenticate resolves a session cookie and restarts its idle timer.
func (s *Store) Authenticate(sessionID string) (httpapi.Caller, bool) {
	s.Sweep()
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[sessionID]
	if !ok {
		return httpapi.Caller{}, false
	}
	sess.expires = s.now().Add(s.ttl)
	return httpapi.Caller{SessionID: sessionID, User: sess.user.Name, Role: sess.user.Role, RemainingSeconds: seconds(s.ttl)}, true
}

// Sweep ends every session whose idle time ran out.
func (s *Store) Sweep() {
	now := s.now()
	s.expire(func(sess *session) bool { return !now.Before(sess.expires) })
}

// ExpireAll ends every session now, as if all had timed out.
func (s *Store) ExpireAll() {
	s.expire(func(*session) bool { return true })
}

func (s *Store) expire(match func(*session) bool) {
	var gone []string
	s.mu.Lock()
	for id, sess := range s.sessions {
		if match(sess) {
			delete(s.sessions, id)
			gone = append(gone, id)
		}
	}
	s.mu.Unlock()
	if s.onExpire != nil {
		for _, id := range gone {
			s.onExpire(id)
		}
	}
}

// Expire ends one session now and reports whether it was live.
func (s *Store) Expire(sessionID string) bool {
	found := false
	s.expire(func(sess *session) bool {
		if sess.id == sessionID {
			found = true
			return true
		}
		return false
	})
	return found
}

// Active returns the number of live sessions.
func (s *Store) Active() int {
	s.Sweep()
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// ServeLogin handles GET /api/authentication.
func (s *Store) ServeLogin(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		httpapi.WriteError(w, r, http.StatusMethodNotAllowed, "MethodNotAllowed",
			r.Method+" is not supported here; log in with GET "+LoginPath+" and HTTP Basic credentials", nil)
		return
	}
	var c httpapi.Caller
	if r.URL.Query().Get("type") == "x509" {
		var problem string
		if c, problem = s.certificateLogin(r); problem != "" {
			writeAuthFailure(w, r, problem)
			return
		}
	} else {
		name, password, ok := r.BasicAuth()
		if !ok {
			writeAuthFailure(w, r, "no HTTP Basic credentials were sent; send an Authorization: Basic header with user name and password")
			return
		}
		if c, ok = s.Login(name, password); !ok {
			writeAuthFailure(w, r, "authentication with the given user name and password failed")
			return
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: c.SessionID, Path: "/", HttpOnly: true,
		// Secure only on TLS: Go's cookie jar never sends a Secure cookie
		// over plain HTTP, which -plain-http mode must still support.
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
	})
	w.Header().Set("Allow", "GET")
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"meta": map[string]any{
		"href": LoginPath, "parent": "/api", "remaining_seconds": c.RemainingSeconds,
	}})
}

// certificateLogin is GET /api/authentication?type=x509: the TLS layer
// verified the certificate (VerifiedChains); the subject picks the user.
func (s *Store) certificateLogin(r *http.Request) (httpapi.Caller, string) {
	s.mu.Lock()
	enabled := s.certUsers != nil
	s.mu.Unlock()
	switch {
	case !enabled:
		return httpapi.Caller{}, "client certificate (X.509) login is not enabled on this appliance; use HTTP Basic credentials"
	case r.TLS == nil:
		return httpapi.Caller{}, "client certificate login needs HTTPS"
	case len(r.TLS.PeerCertificates) == 0:
		return httpapi.Caller{}, "no client certificate was presented in the TLS handshake"
	case len(r.TLS.VerifiedChains) == 0:
		return httpapi.Caller{}, "the client certificate is not signed by a trusted CA"
	}
	return s.LoginCertificate(r.TLS.PeerCertificates[0])
}

func writeAuthFailure(w http.ResponseWriter, r *http.Request, msg string) {
	w.Header().Set("WWW-Authenticate", `Basic realm="SPS REST API", charset="UTF-8"`)
	httpapi.WriteError(w, r, http.StatusUnauthorized, "AuthenticationFailure", msg, nil)
}

// Middleware authenticates every request that needs a session (public
// reports which do not), stores the Caller in the context, and enforces the
// auditor role's read-only rule. Requests public says need no session pass
// through unchanged, with a Caller only if a valid cookie was sent.
func (s *Store) Middleware(public func(*http.Request) bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var caller httpapi.Caller
		ok := false
		if ck, err := r.Cookie(CookieName); err == nil && ck.Value != "" {
			caller, ok = s.Authenticate(ck.Value)
		}
		if !ok {
			if public(r) {
				next.ServeHTTP(w, r)
				return
			}
			httpapi.WriteError(w, r, http.StatusUnauthorized, "Unauthenticated",
				"this resource needs an authenticated session: log in with GET "+LoginPath+
					" and send the session_id cookie it returns (sessions end after inactivity)", nil)
			return
		}
		if caller.Role != RoleAdmin && IsWrite(r) {
			httpapi.WriteError(w, r, http.StatusForbidden, "Unauthorized",
				"user "+caller.User+" has role "+caller.Role+", which may only read; "+
					"configuration changes and transactions need the admin role", nil)
			return
		}
		next.ServeHTTP(w, r.WithContext(httpapi.WithCaller(r.Context(), caller)))
	})
}

// IsWrite reports whether r changes the configuration or the transaction,
// which only admins may do.
func IsWrite(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	p := r.URL.Path
	return under(p, "/api/configuration") || under(p, "/api/transaction")
}

func under(p, prefix string) bool {
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}

func newSessionID() string {
	var b [20]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

func seconds(d time.Duration) int {
	return int(math.Ceil(d.Seconds()))
}
