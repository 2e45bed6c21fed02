// Package httpapi holds the response shapes every mock SPS route shares:
// the JSON envelope with its "meta" object, the documented error object, and
// the per-request context (who is logged in, how long their session has left).
//
// Every area of the mock (auth, transaction, config/vnc, audit) writes through
// these helpers so that error bodies look the same everywhere, as they do on a
// real appliance.
package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Error is the documented SPS error object:
// {"error": {"type", "message", "details"}, "meta": {...}}.
type Error struct {
	Type    string         `json:"type"`
	Message string         `json:"message"`
	Details map[string]any `json:"details"`
}

// ErrorBody is the whole error response.
type ErrorBody struct {
	Error Error          `json:"error"`
	Meta  map[string]any `json:"meta"`
}

// WriteJSON writes v as a JSON response with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// WriteError writes the documented error shape. details may be nil; the
// request path is always added as details.path, as SPS documents for
// Unauthenticated and Unauthorized, and meta.href names the path too.
func WriteError(w http.ResponseWriter, r *http.Request, status int, typ, message string, details map[string]any) {
	d := map[string]any{}
	for k, v := range details {
		d[k] = v
	}
	if _, ok := d["path"]; !ok && r != nil {
		d["path"] = r.URL.Path
	}
	meta := map[string]any{}
	if r != nil {
		meta["href"] = r.URL.Path
	}
	WriteJSON(w, status, ErrorBody{Error: Error{Type: typ, Message: message, Details: d}, Meta: meta})
}

// NotFound answers 404 NotFound, the documented answer for an unknown path
// or object, in every area of the mock.
func NotFound(w http.ResponseWriter, r *http.Request, msg string) {
	WriteError(w, r, http.StatusNotFound, "NotFound", msg, nil)
}

// MethodNotAllowed answers 405 MethodNotAllowed; the handler must already
// have set the Allow header, which the message repeats.
func MethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	WriteError(w, r, http.StatusMethodNotAllowed, "MethodNotAllowed",
		r.Method+" is not allowed on "+r.URL.Path+"; allowed methods: "+w.Header().Get("Allow"), nil)
}

// Caller is the logged-in REST session a request runs under.
type Caller struct {
	SessionID        string // the session_id cookie value (never log it)
	User             string
	Role             string // "admin" or "auditor"
	RemainingSeconds int
}

type callerKey struct{}

// WithCaller stores the authenticated caller in the request context.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

type abortCommitKey struct{}

// WithAbortCommitOnDisconnect marks a commit request whose commit is
// abandoned (nothing published, transaction left open) if the client
// disconnects before the commit finishes. An appliance does not do that:
// only the commit_abort_on_disconnect fault sets it.
func WithAbortCommitOnDisconnect(ctx context.Context) context.Context {
	return context.WithValue(ctx, abortCommitKey{}, true)
}

// AbortCommitOnDisconnect reports the mark WithAbortCommitOnDisconnect sets.
func AbortCommitOnDisconnect(ctx context.Context) bool {
	v, _ := ctx.Value(abortCommitKey{}).(bool)
	return v
}

type commitDelayKey struct{}

// WithExtraCommitDelay makes the commit of this request take d longer (the
// slow_commit fault).
func WithExtraCommitDelay(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, commitDelayKey{}, ExtraCommitDelay(ctx)+d)
}

// ExtraCommitDelay returns what WithExtraCommitDelay added.
func ExtraCommitDelay(ctx context.Context) time.Duration {
	d, _ := ctx.Value(commitDelayKey{}).(time.Duration)
	return d
}

// CallerFrom returns the authenticated caller, if the auth layer set one.
func CallerFrom(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}
