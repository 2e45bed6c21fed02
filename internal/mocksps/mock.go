package mocksps

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/tree"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// mockPrefix is the test-control API. It is not part of SPS, needs no login,
// and is never counted: tests and demos use it to inspect and disturb the
// appliance from outside.
const mockPrefix = "/_mock"

// mockConfigPrefix reaches any object of the configuration tree:
// /_mock/config/<path relative to /api/configuration>[/<key>].
const mockConfigPrefix = mockPrefix + "/config"

// HandleMock mounts h at path (which must start with "/_mock/") and below
// it, beside the built-in control endpoints; e.g. the fault injector's
// admin API at /_mock/faults. Like all of /_mock it needs no login and is
// neither counted nor faulted. Mounting the same path again replaces h.
func (s *Server) HandleMock(path string, h http.Handler) {
	if !strings.HasPrefix(path, mockPrefix+"/") {
		panic("mocksps: HandleMock path must start with " + mockPrefix + "/")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mounts == nil {
		s.mounts = map[string]http.Handler{}
	}
	s.mounts[strings.TrimRight(path, "/")] = h
}

func (s *Server) mounted(p string) http.Handler {
	s.mu.Lock()
	defer s.mu.Unlock()
	for prefix, h := range s.mounts {
		if p == prefix || strings.HasPrefix(p, prefix+"/") {
			return h
		}
	}
	return nil
}

func (s *Server) serveMock(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if h := s.mounted(p); h != nil {
		h.ServeHTTP(w, r)
		return
	}
	// The endpoints without parameters: the one method each takes, and
	// what it does and answers.
	actions := map[string]struct {
		method string
		answer func() any
	}{
		mockPrefix + "/counters":        {http.MethodGet, func() any { return s.Counters() }},
		mockPrefix + "/reset-counters":  {http.MethodPost, func() any { s.ResetCounters(); return s.Counters() }},
		mockPrefix + "/state":           {http.MethodGet, func() any { return s.state() }},
		mockPrefix + "/expire-sessions": {http.MethodPost, func() any { s.ExpireAllSessions(); return s.state() }},
	}
	if a, ok := actions[p]; ok {
		if allow(w, r, a.method) {
			httpapi.WriteJSON(w, http.StatusOK, a.answer())
		}
		return
	}
	if p == mockConfigPrefix {
		if allow(w, r, http.MethodGet) {
			httpapi.WriteJSON(w, http.StatusOK, s.Snapshot())
		}
		return
	}
	if rel, ok := strings.CutPrefix(p, mockConfigPrefix+"/"); ok {
		s.serveMockConfig(w, r, rel)
		return
	}
	httpapi.NotFound(w, r, "unknown mock control endpoint; see internal/mocksps/README.md")
}

// serveMockConfig reads and changes the committed configuration behind the
// API's back: GET a list, GET/PUT a singleton, GET/PUT/DELETE one object
// of a list (PUT creates it if absent).
func (s *Server) serveMockConfig(w http.ResponseWriter, r *http.Request, rel string) {
	if f, ok := s.tree.Table().Lookup(rel); ok {
		switch f.Kind {
		case tree.List:
			if allow(w, r, http.MethodGet) {
				entries, _ := s.ConfigList(rel)
				httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": entries})
			}
		case tree.Singleton:
			s.serveMockObject(w, r, rel, "", http.MethodGet, http.MethodPut)
		default:
			httpapi.NotFound(w, r, f.Href()+" holds no objects the mock emulates")
		}
		return
	}
	i := strings.LastIndex(rel, "/")
	if f, ok := s.tree.Table().Lookup(rel[:max(i, 0)]); i > 0 && ok && f.Kind == tree.List {
		s.serveMockObject(w, r, rel[:i], rel[i+1:], http.MethodGet, http.MethodPut, http.MethodDelete)
		return
	}
	httpapi.NotFound(w, r, "no configuration list or singleton at /api/configuration/"+rel+"; see internal/mocksps/README.md")
}

func (s *Server) serveMockObject(w http.ResponseWriter, r *http.Request, path, key string, methods ...string) {
	if !allow(w, r, methods...) {
		return
	}
	name := key
	if key == "" {
		name = path[strings.LastIndex(path, "/")+1:]
	}
	switch r.Method {
	case http.MethodPut:
		body, ok := readMockBody(w, r)
		if !ok {
			return
		}
		if err := s.PutConfigObject(path, key, body); err != nil {
			writeMockErr(w, r, err)
			return
		}
	case http.MethodDelete:
		found, err := s.DeleteConfigObject(path, key)
		if err != nil {
			writeMockErr(w, r, err)
			return
		}
		if !found {
			httpapi.NotFound(w, r, "no committed object "+key+" in "+path)
			return
		}
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": key, "deleted": true})
		return
	}
	b, ok := s.ConfigObject(path, key)
	if !ok {
		httpapi.NotFound(w, r, "no committed object "+key+" in "+path)
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": name, "body": b})
}

// mockState is GET /_mock/state.
type mockState struct {
	OptionsShape     string                     `json:"options_shape"`
	SettingsPolicies map[string]json.RawMessage `json:"settings_policies"`
	Options          json.RawMessage            `json:"options"`
	LockHolder       string                     `json:"lock_holder"`
	OpenTransactions int                        `json:"open_transactions"`
	Sessions         int                        `json:"sessions"`
}

func (s *Server) state() mockState {
	return mockState{
		OptionsShape:     s.cfg.OptionsShape,
		SettingsPolicies: s.SettingsPolicies(),
		Options:          s.VNCOptions(),
		LockHolder:       s.LockHolder(),
		OpenTransactions: s.OpenTransactions(),
		Sessions:         s.ActiveSessions(),
	}
}

func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	w.Header().Set("Allow", strings.Join(methods, ", "))
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	httpapi.MethodNotAllowed(w, r)
	return false
}

func readMockBody(w http.ResponseWriter, r *http.Request) (json.RawMessage, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, config.MaxBodyBytes))
	if err != nil {
		httpapi.WriteError(w, r, http.StatusRequestEntityTooLarge, "PayloadTooLarge", "request body too large", nil)
		return nil, false
	}
	return b, true
}

func writeMockErr(w http.ResponseWriter, r *http.Request, err error) {
	var fe *config.FieldError
	var le *transaction.LockedError
	var pe *tree.PathError
	switch {
	case errors.As(err, &pe):
		httpapi.NotFound(w, r, pe.Error())
	case errors.As(err, &fe):
		config.WriteFieldError(w, r, fe)
	case errors.As(err, &le):
		transaction.WriteError(w, r, err)
	default:
		httpapi.WriteError(w, r, http.StatusBadRequest, "SyntacticError", err.Error(), nil)
	}
}
