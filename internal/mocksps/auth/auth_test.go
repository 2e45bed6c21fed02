package auth

import (
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestStoreLifecycle(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	var mu sync.Mutex
	var expired []string
	s := NewStore([]User{{"a", "pw", RoleAdmin}}, time.Minute, func() time.Time { return now }, func(id string) {
		mu.Lock()
		expired = append(expired, id)
		mu.Unlock()
	})
	if _, ok := s.Login("a", "wrong"); ok {
		t.Fatal("wrong password accepted")
	}
	if _, ok := s.Login("nobody", "pw"); ok {
		t.Fatal("unknown user accepted")
	}
	c, ok := s.Login("a", "pw")
	if !ok || len(c.SessionID) != 40 || c.User != "a" || c.Role != RoleAdmin || c.RemainingSeconds != 60 {
		t.Fatalf("Login = %+v, %v", c, ok)
	}
	c2, _ := s.Login("a", "pw")
	if c2.SessionID == c.SessionID {
		t.Fatal("two logins share a session id")
	}

	now = now.Add(59 * time.Second)
	if _, ok := s.Authenticate(c.SessionID); !ok {
		t.Fatal("session expired early")
	}
	now = now.Add(59 * time.Second) // 118 s after login, 59 s after last use
	if _, ok := s.Authenticate(c.SessionID); !ok {
		t.Fatal("idle timer did not slide")
	}
	if s.Active() != 1 || len(expired) != 1 || expired[0] != c2.SessionID {
		t.Fatalf("active %d, expired %v; want only the idle second session gone", s.Active(), expired)
	}
	if !s.Expire(c.SessionID) || s.Expire(c.SessionID) {
		t.Fatal("Expire results wrong")
	}
	if _, ok := s.Authenticate(c.SessionID); ok {
		t.Fatal("expired session still authenticates")
	}
	c3, _ := s.Login("a", "pw")
	s.ExpireAll()
	if _, ok := s.Authenticate(c3.SessionID); ok || len(expired) != 3 {
		t.Fatalf("ExpireAll: expired %v", expired)
	}
}

func TestIsWrite(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		want         bool
	}{
		{"GET", "/api/configuration/vnc/options", false},
		{"HEAD", "/api/transaction", false},
		{"PUT", "/api/configuration/vnc/options", true},
		{"POST", "/api/configuration", true},
		{"DELETE", "/api/transaction", true},
		{"POST", "/api/transaction", true},
		{"POST", "/api/transactions", false}, // not under /api/transaction
		{"POST", "/api/audit/sessions", false},
		{"POST", "/api/configurationX", false},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			if got := IsWrite(httptest.NewRequestWithContext(t.Context(), tc.method, tc.path, nil)); got != tc.want {
				t.Errorf("%s %s: %v", tc.method, tc.path, got)
			}
		})
	}
}
