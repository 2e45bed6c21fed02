package sps

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseError(t *testing.T) {
	t.Parallel()
	e := parseError("PUT", "/api/configuration/vnc/settings_policies/1", 400,
		[]byte(`{"error":{"type":"SemanticError","message":"must be at least 1","details":{"path":"body.timeout"}},"meta":{}}`))
	if e.Type != "SemanticError" || e.Message != "must be at least 1" || e.Details["path"] != "body.timeout" || e.StatusCode != 400 {
		t.Fatalf("parsed %+v", e)
	}
	want := "SPS API PUT /api/configuration/vnc/settings_policies/1: 400 SemanticError: must be at least 1 (at body.timeout)"
	if e.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", e.Error(), want)
	}
	if !IsValidation(e) || IsNotFound(e) || IsLocked(e) || IsInvalidQuery(e) {
		t.Errorf("classification wrong for %v", e)
	}

	// Non-JSON bodies from the web server layer.
	e = parseError("POST", "/api/transaction", 411, []byte("<html>Length Required</html>"))
	if e.Type != "" || e.Message != "<html>Length Required</html>" {
		t.Fatalf("parsed %+v", e)
	}
	if got := e.Error(); got != "SPS API POST /api/transaction: 411 Length Required: <html>Length Required</html>" {
		t.Errorf("Error() = %q", got)
	}
	e = parseError("GET", "/x", 502, nil)
	if got := e.Error(); got != "SPS API GET /x: 502 Bad Gateway" {
		t.Errorf("Error() = %q", got)
	}
	long := strings.Repeat("x", 1000)
	if e := parseError("GET", "/x", 500, []byte(long)); len(e.Message) > 210 {
		t.Errorf("long body not truncated: %d", len(e.Message))
	}
}

func TestErrorClassesAndMessages(t *testing.T) {
	t.Parallel()
	mk := func(method string, status int, typ string, details map[string]any) *Error {
		return &Error{Method: method, Path: "/api/p", StatusCode: status, Type: typ, Message: "m", Details: details, user: "bob", baseURL: "https://sps:8443"}
	}
	notFound := mk("GET", 404, "NotFound", map[string]any{"path": "/api/p"})
	if !IsNotFound(notFound) || !IsNotFound(fmt.Errorf("wrapped: %w", notFound)) {
		t.Error("IsNotFound")
	}
	if strings.Contains(notFound.Error(), "(at") {
		t.Errorf("details.path equal to the request path repeated: %q", notFound.Error())
	}

	forbidden := mk("PUT", 403, "Unauthorized", nil)
	if !IsUnauthorized(forbidden) || IsAuthenticationFailure(forbidden) {
		t.Error("IsUnauthorized")
	}
	if got, want := forbidden.Error(), `SPS API PUT /api/p: 403 Unauthorized: m (user "bob" at https://sps:8443)`; got != want {
		t.Errorf("403 message = %q, want %q", got, want)
	}
	if forbidden.User() != "bob" || forbidden.BaseURL() != "https://sps:8443" {
		t.Errorf("User, BaseURL = %q, %q", forbidden.User(), forbidden.BaseURL())
	}

	authFail := mk("GET", 401, "AuthenticationFailure", nil)
	if !IsAuthenticationFailure(authFail) || isUnauthenticated(authFail) {
		t.Error("IsAuthenticationFailure")
	}
	if got, want := authFail.Error(), `SPS API GET /api/p: 401 AuthenticationFailure: m (user "bob" at https://sps:8443)`; got != want {
		t.Errorf("auth failure message = %q, want %q", got, want)
	}
	if !isUnauthenticated(mk("GET", 401, "Unauthenticated", nil)) {
		t.Error("isUnauthenticated")
	}

	locked := mk("POST", 409, "TransactionLocked", map[string]any{"locked_by": "alice"})
	if !IsLocked(locked) || locked.LockedBy() != "alice" || !strings.Contains(locked.Error(), `locked by "alice"`) {
		t.Errorf("locked: %v", locked)
	}
	lt := &LockTimeoutError{Holder: "alice", Waited: 90 * time.Second, Err: locked}
	if !IsLocked(lt) {
		t.Error("LockTimeoutError must satisfy IsLocked")
	}
	if got, want := lt.Error(), `SPS configuration lock held by user "alice"; waited 1m30s`; got != want {
		t.Errorf("lock timeout message = %q, want %q", got, want)
	}
	if got, want := (&LockTimeoutError{Waited: time.Second}).Error(), "SPS configuration lock held by another session; waited 1s"; got != want {
		t.Errorf("lock timeout without holder = %q, want %q", got, want)
	}
	searchDown := mk("GET", 500, "SearchUnavailable", nil)
	searchDown.Attempts = 5
	if got, want := searchDown.Error(), "SPS API GET /api/p: 500 SearchUnavailable: m"; got != want || !IsSearchUnavailable(searchDown) {
		t.Errorf("search unavailable message = %q, want %q", got, want)
	}
	leftover := &LeftoverTransactionError{Err: mk("DELETE", 502, "", nil)}
	if got, want := leftover.Error(), "an earlier SPS transaction of this provider failed and could not be rolled back, twice; "+
		"opening a new one could commit its leftover writes, so none is opened: SPS API DELETE /api/p: 502 Bad Gateway: m"; got != want {
		t.Errorf("leftover transaction message = %q, want %q", got, want)
	}

	// The client states facts; advice is the provider's (diagnostics.go).
	for _, err := range []error{notFound, forbidden, authFail, locked, lt, searchDown, leftover, ErrEarlierCommitRunning,
		ErrCommitOutcomeUnknown, &CommitOutcomeUnknownError{Waited: time.Second, Cause: errors.New("c")},
		&CommitOutcomeUnknownError{StatusErr: errors.New("s"), Cause: errors.New("c")}, ErrTimestampingUnsupported, &StallError{Timeout: time.Second},
		&RedirectError{Method: "GET", Path: "/api/p", StatusCode: 301, Location: "https://other/api/p"}} {
		for _, advice := range []string{"ask", "check", "retry", "run terraform", "should", "set url"} {
			if strings.Contains(strings.ToLower(err.Error()), advice) {
				t.Errorf("%T %q gives advice (%q): that is the provider's job", err, err, advice)
			}
		}
	}

	if !IsInvalidQuery(mk("GET", 400, "InvalidQuery", nil)) || !IsInvalidQuery(mk("GET", 400, "InvalidQueryValue", nil)) {
		t.Error("IsInvalidQuery")
	}
	if IsNotFound(errors.New("404")) || IsLocked(nil) {
		t.Error("plain errors must not classify")
	}
}

func TestIsAmbiguous(t *testing.T) {
	t.Parallel()
	if !isAmbiguous(&ConnectionError{Method: "POST", Path: "/p", Err: errors.New("EOF")}) {
		t.Error("transport error")
	}
	if !isAmbiguous(&Error{StatusCode: http.StatusBadGateway}) {
		t.Error("502")
	}
	if isAmbiguous(&Error{StatusCode: http.StatusBadRequest}) || isAmbiguous(nil) {
		t.Error("400/nil")
	}
}

func TestBackoffBounds(t *testing.T) {
	t.Parallel()
	for attempt := range 10 {
		for range 50 {
			d := expJitter(10*time.Millisecond, 80*time.Millisecond, attempt)
			step := min(10*time.Millisecond<<attempt, 80*time.Millisecond)
			if d < step/2 || d > step {
				t.Fatalf("attempt %d: %v outside [%v, %v]", attempt, d, step/2, step)
			}
		}
	}
	resp := &http.Response{StatusCode: 503, Header: http.Header{"Retry-After": {"1"}}}
	if d := jitterBackoff(time.Millisecond, 5*time.Second, 0, resp); d != time.Second {
		t.Errorf("Retry-After ignored: %v", d)
	}
}

func TestRedactHeaders(t *testing.T) {
	t.Parallel()
	h := http.Header{"Authorization": {"Basic xyz"}, "Cookie": {"session_id=abc"}, "Set-Cookie": {"session_id=abc"}, "Accept": {"application/json"}}
	got := redactHeaders(h)
	for _, k := range []string{"Authorization", "Cookie", "Set-Cookie"} {
		if got[k] != "<redacted>" {
			t.Errorf("%s = %q", k, got[k])
		}
	}
	if got["Accept"] != "application/json" {
		t.Errorf("Accept = %q", got["Accept"])
	}
}

func TestRedactBody(t *testing.T) {
	t.Parallel()
	got := redactBody([]byte(`{"plain":"pw1","nested":{"Password":"pw2","name":"n"},"list":[{"private_key":"k"}]}`))
	want := `{"list":[{"private_key":"<redacted>"}],"nested":{"Password":"<redacted>","name":"n"},"plain":"<redacted>"}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := redactBody([]byte("user:pw")); got != "<7 bytes, not JSON>" {
		t.Errorf("non-JSON: %q", got)
	}
}
