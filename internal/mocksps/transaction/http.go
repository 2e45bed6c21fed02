package transaction

import (
	"errors"
	"net/http"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// Paths of the transaction endpoints.
const (
	Path        = "/api/transaction"
	ChangesPath = "/api/transaction/changes"
)

// Handler serves /api/transaction and /api/transaction/changes. The auth
// layer must have put the Caller in the request context.
type Handler struct {
	Store       *Store
	CommitDelay time.Duration
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, _ := httpapi.CallerFrom(r.Context())
	switch r.URL.Path {
	case Path:
		w.Header().Set("Allow", "GET, POST, PUT, DELETE")
		switch r.Method {
		case http.MethodGet:
			h.writeStatus(w, c)
		case http.MethodPost:
			h.open(w, r, c)
		case http.MethodPut:
			h.commit(w, r, c)
		case http.MethodDelete:
			if _, err := h.Store.Rollback(c.SessionID); err != nil {
				WriteError(w, r, err)
				return
			}
			h.writeStatus(w, c)
		default:
			httpapi.MethodNotAllowed(w, r)
		}
	case ChangesPath:
		w.Header().Set("Allow", "GET")
		if r.Method != http.MethodGet {
			httpapi.MethodNotAllowed(w, r)
			return
		}
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{
			"changes": h.Store.Changes(c.SessionID),
			"meta": map[string]any{
				"href": ChangesPath, "parent": Path, "remaining_seconds": c.RemainingSeconds,
			},
		})
	default:
		httpapi.NotFound(w, r, "no such endpoint; the transaction API is "+Path+" and "+ChangesPath)
	}
}

func (h *Handler) open(w http.ResponseWriter, r *http.Request, c httpapi.Caller) {
	// SPS answers 411 when the POST has no defined body length (chunked).
	if r.ContentLength < 0 {
		httpapi.WriteError(w, r, http.StatusLengthRequired, "LengthRequired",
			"POST "+Path+" needs a request body of defined length; send Content-Length (0 is fine)", nil)
		return
	}
	if _, err := h.Store.Open(Owner{SessionID: c.SessionID, User: c.User}); err != nil {
		WriteError(w, r, err)
		return
	}
	h.writeStatus(w, c)
}

func (h *Handler) commit(w http.ResponseWriter, r *http.Request, c httpapi.Caller) {
	v, ok := config.ReadJSON(w, r)
	if !ok {
		return
	}
	m, fe := config.Object(v, "body", "status", "message")
	if fe != nil {
		config.WriteFieldError(w, r, fe)
		return
	}
	if _, fe := config.Enum(m, "body", "status", "commit"); fe != nil {
		fe.Message += `; commit with {"status": "commit"} and roll back with DELETE ` + Path
		config.WriteFieldError(w, r, fe)
		return
	}
	msg := ""
	if config.Present(m, "message") {
		s, ok := m["message"].(string)
		if !ok {
			config.WriteFieldError(w, r, config.Errorf("body.message", "must be a string (the commit message)"))
			return
		}
		msg = s
	}
	if err := h.Store.Commit(r.Context(), c.SessionID, msg, h.CommitDelay+httpapi.ExtraCommitDelay(r.Context())); err != nil {
		WriteError(w, r, err)
		return
	}
	h.writeStatus(w, c)
}

func (h *Handler) writeStatus(w http.ResponseWriter, c httpapi.Caller) {
	open, msg := h.Store.Status(c.SessionID)
	st := "closed"
	if open {
		st = "open"
	}
	// Older firmware documents the status under "transaction", newer under
	// "body"; sending both lets either kind of client read it.
	status := map[string]any{"status": st, "commit_message": msg}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{
		"key":         "transaction",
		"body":        status,
		"transaction": status,
		"meta": map[string]any{
			"href": Path, "parent": "/api", "changes": ChangesPath, "remaining_seconds": c.RemainingSeconds,
		},
	})
}

// WriteError answers with the documented response for a Store error.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var le *LockedError
	switch {
	case errors.As(err, &le):
		httpapi.WriteError(w, r, http.StatusConflict, "TransactionLocked", le.Error(),
			map[string]any{"locked_by": le.Holder})
	case errors.Is(err, ErrCommitting):
		httpapi.WriteError(w, r, http.StatusConflict, "TransactionCommitting", err.Error(), nil)
	case errors.Is(err, ErrNotOpen):
		httpapi.WriteError(w, r, http.StatusBadRequest, "TransactionNotOpen", err.Error(), nil)
	case r.Context().Err() != nil:
		// The client went away during the commit delay of a commit
		// marked to abort then (a fault); nothing was committed and
		// nobody is listening.
		httpapi.WriteError(w, r, http.StatusServiceUnavailable, "CommitAborted",
			"the request was canceled before the commit finished; the transaction is still open", nil)
	default:
		httpapi.WriteError(w, r, http.StatusInternalServerError, "InternalError", err.Error(), nil)
	}
}
