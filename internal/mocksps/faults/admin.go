package faults

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// AdminHandler serves the fault controls at AdminPath. They are part of the
// mock, not of the SPS API, and need no login:
//
//	GET    /_mock/faults          rules, stats, seed and global latency
//	POST   /_mock/faults          add a fault (JSON object) or several (array; all or none)
//	DELETE /_mock/faults          remove every fault and zero the stats
//	GET    /_mock/faults/{id}     one fault
//	DELETE /_mock/faults/{id}     remove one fault
//	GET    /_mock/faults/latency  {"latency": "5ms"}
//	PUT    /_mock/faults/latency  set it from the same shape
//
// Errors use the SPS error shape: 400 SyntacticError for a body that is not
// JSON of the right shape, 400 SemanticError for an invalid fault, 404
// NotFound, 405 MethodNotAllowed.
func (in *Injector) AdminHandler() http.Handler {
	return http.HandlerFunc(in.serveAdmin)
}

// maxAdminBody bounds what a POST may send; a list of rules is small.
const maxAdminBody = 1 << 20

func (in *Injector) serveAdmin(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, AdminPath)
	switch {
	case !ok:
		httpapi.NotFound(w, r, "no such mock control endpoint")
	case rest == "" || rest == "/":
		in.serveCollection(w, r)
	case rest == "/latency":
		in.serveLatency(w, r)
	case strings.Count(rest, "/") == 1:
		in.serveOne(w, r, rest[1:])
	default:
		httpapi.NotFound(w, r, "no such mock control endpoint")
	}
}

func (in *Injector) serveCollection(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{
			"faults":  in.List(),
			"stats":   in.Injected(),
			"seed":    in.seed,
			"latency": Duration(in.Latency()),
			"meta":    map[string]any{"href": AdminPath},
		})
	case http.MethodPost:
		fs, err := decodeFaults(w, r)
		if err != nil {
			httpapi.WriteError(w, r, http.StatusBadRequest, "SyntacticError", err.Error(), nil)
			return
		}
		if len(fs) == 0 {
			httpapi.WriteError(w, r, http.StatusBadRequest, "SemanticError", "the list of faults is empty", nil)
			return
		}
		ids, err := in.AddAll(fs)
		if err != nil {
			var details map[string]any
			if ie, ok := errors.AsType[*IndexError](err); ok {
				details = map[string]any{"index": ie.Index}
			}
			httpapi.WriteError(w, r, http.StatusBadRequest, "SemanticError", err.Error(), details)
			return
		}
		added := make([]Fault, 0, len(ids))
		for _, id := range ids {
			if f, ok := in.Get(id); ok {
				added = append(added, f)
			}
		}
		httpapi.WriteJSON(w, http.StatusCreated, map[string]any{
			"ids":    ids,
			"faults": added,
			"meta":   map[string]any{"href": AdminPath},
		})
	case http.MethodDelete:
		in.Clear()
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"faults": []Fault{}, "meta": map[string]any{"href": AdminPath}})
	default:
		methodNotAllowed(w, r, "GET, POST, DELETE")
	}
}

func (in *Injector) serveOne(w http.ResponseWriter, r *http.Request, id string) {
	href := AdminPath + "/" + id
	switch r.Method {
	case http.MethodGet:
		f, ok := in.Get(id)
		if !ok {
			httpapi.NotFound(w, r, "no fault with this id")
			return
		}
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": id, "body": f, "meta": map[string]any{"href": href, "parent": AdminPath}})
	case http.MethodDelete:
		if !in.Remove(id) {
			httpapi.NotFound(w, r, "no fault with this id")
			return
		}
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"meta": map[string]any{"href": href, "parent": AdminPath}})
	default:
		methodNotAllowed(w, r, "GET, DELETE")
	}
}

func (in *Injector) serveLatency(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
	case http.MethodPut:
		var body struct {
			Latency *Duration `json:"latency"`
		}
		if err := decodeStrict(w, r, &body); err != nil {
			httpapi.WriteError(w, r, http.StatusBadRequest, "SyntacticError", err.Error(), nil)
			return
		}
		if body.Latency == nil || *body.Latency < 0 {
			httpapi.WriteError(w, r, http.StatusBadRequest, "SemanticError",
				`send {"latency": "<duration>"} with a duration of zero or more, such as "5ms"`, nil)
			return
		}
		in.SetLatency(time.Duration(*body.Latency))
	default:
		methodNotAllowed(w, r, "GET, PUT")
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{
		"latency": Duration(in.Latency()),
		"meta":    map[string]any{"href": AdminPath + "/latency", "parent": AdminPath},
	})
}

// decodeFaults reads one fault object or an array of them.
func decodeFaults(w http.ResponseWriter, r *http.Request) ([]Fault, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAdminBody))
	if err != nil {
		return nil, errors.New("the request body could not be read (it may exceed 1 MiB)")
	}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var fs []Fault
		return fs, strictUnmarshal(trimmed, &fs)
	}
	var f Fault
	if err := strictUnmarshal(trimmed, &f); err != nil {
		return nil, err
	}
	return []Fault{f}, nil
}

func decodeStrict(w http.ResponseWriter, r *http.Request, v any) error {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAdminBody))
	if err != nil {
		return errors.New("the request body could not be read (it may exceed 1 MiB)")
	}
	return strictUnmarshal(raw, v)
}

// strictUnmarshal refuses unknown fields, so a typo such as "propability"
// is an error rather than a fault that fires every time.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errors.New("invalid JSON: " + err.Error())
	}
	if dec.More() {
		return errors.New("invalid JSON: unexpected data after the first value")
	}
	return nil
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	httpapi.WriteError(w, r, http.StatusMethodNotAllowed, "MethodNotAllowed", r.Method+" is not supported here", nil)
}
