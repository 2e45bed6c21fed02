package tree

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// orderKey is the sub-resource the 6.10 Telnet connection list links as
// meta.order; its methods are not documented, so the mock does not serve
// it (and does not link it).
const orderKey = "@order"

// ServeHTTP serves everything under /api/configuration. Reads come from the
// caller's view of the transaction store (its own uncommitted changes if it
// holds the lock); writes go through the store, which opens a transaction
// implicitly.
func (t *Tree) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, _ := httpapi.CallerFrom(r.Context())
	if r.URL.RawQuery != "" {
		param, _, _ := strings.Cut(r.URL.RawQuery, "=")
		httpapi.WriteError(w, r, http.StatusBadRequest, "InvalidQuery",
			"the configuration endpoints take no query parameters; send the request without ?"+truncate(r.URL.RawQuery),
			map[string]any{"parameter": truncate(param)})
		return
	}
	f, key, ok := t.table.resolve(r.URL.Path)
	switch {
	case !ok:
		httpapi.NotFound(w, r, "no such configuration endpoint; GET "+Root+" lists the tree")
		return
	case f.Kind == Absent:
		httpapi.NotFound(w, r, "SPS has "+f.Href()+", but the mock does not emulate it (the REST reference shows no body for it)")
		return
	}
	if !allow(w, r, f, key) {
		return
	}
	switch {
	case f.Kind == Directory:
		t.serveDirectory(w, f, c)
	case f.Kind == Singleton:
		t.serveSingleton(w, r, f, c)
	case key == "":
		t.serveList(w, r, f, c)
	default:
		t.serveObject(w, r, f, c, key)
	}
}

// allow sets the Allow header and refuses other methods: 405, with the
// reason SPS gives where a family is read-only over REST.
func allow(w http.ResponseWriter, r *http.Request, f *Family, key string) bool {
	var methods []string
	switch {
	case f.Kind == Directory || f.ReadOnly != "":
		methods = []string{http.MethodGet}
	case f.Kind == Singleton:
		methods = []string{http.MethodGet, http.MethodPut}
	case key == "":
		methods = []string{http.MethodGet, http.MethodPost}
	default:
		methods = []string{http.MethodGet, http.MethodPut, http.MethodDelete}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	if f.ReadOnly != "" && r.Method != http.MethodGet {
		httpapi.WriteError(w, r, http.StatusMethodNotAllowed, "MethodNotAllowed",
			r.Method+" "+r.URL.Path+" is refused: "+f.ReadOnly, map[string]any{"read_only": true})
		return false
	}
	httpapi.MethodNotAllowed(w, r)
	return false
}

func owner(c httpapi.Caller) transaction.Owner {
	return transaction.Owner{SessionID: c.SessionID, User: c.User}
}

func (t *Tree) serveDirectory(w http.ResponseWriter, f *Family, c httpapi.Caller) {
	items := make([]map[string]any, 0, len(f.children))
	for _, ch := range f.children {
		items = append(items, map[string]any{"key": ch.Name(), "meta": map[string]any{"href": ch.Href()}})
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "meta": f.meta(c.RemainingSeconds)})
}

func (t *Tree) serveSingleton(w http.ResponseWriter, r *http.Request, f *Family, c httpapi.Caller) {
	if r.Method == http.MethodPut {
		body, ok := readBody(w, r, f)
		if !ok {
			return
		}
		err := t.store.Write(owner(c), func(st *transaction.State) error { return t.put(st, f, "", body) })
		if writeErr(w, r, f, "", err) {
			return
		}
		writeChange(w, http.StatusOK, c, f.Name(), f.Href(), f.parent.Href())
		return
	}
	var body json.RawMessage
	t.store.Read(c.SessionID, func(st *transaction.State) { body, _ = st.Singleton(f.Href()) })
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": f.Name(), "body": renderRefs(f, body), "meta": f.meta(c.RemainingSeconds)})
}

// serveList answers GET with every object's body embedded (as SPS 8.0's
// list samples do) and POST by creating an object under a new key.
func (t *Tree) serveList(w http.ResponseWriter, r *http.Request, f *Family, c httpapi.Caller) {
	if r.Method == http.MethodPost {
		body, ok := readBody(w, r, f)
		if !ok {
			return
		}
		var key string
		err := t.store.Write(owner(c), func(st *transaction.State) error {
			key = t.keys.next(f.UUIDKeys, func(k string) bool { _, used := st.Get(f.Href(), k); return used })
			return t.put(st, f, key, body)
		})
		if writeErr(w, r, f, "", err) {
			return
		}
		writeChange(w, http.StatusCreated, c, key, f.Href()+"/"+key, f.Href())
		return
	}
	items := []map[string]any{}
	t.store.Read(c.SessionID, func(st *transaction.State) {
		for _, k := range st.Keys(f.Href()) {
			b, _ := st.Get(f.Href(), k)
			items = append(items, map[string]any{"key": k, "body": renderRefs(f, b), "meta": map[string]any{"href": f.Href() + "/" + k}})
		}
	})
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "meta": f.meta(c.RemainingSeconds)})
}

func (t *Tree) serveObject(w http.ResponseWriter, r *http.Request, f *Family, c httpapi.Caller, key string) {
	href := f.Href() + "/" + key
	switch r.Method {
	case http.MethodGet:
		var body json.RawMessage
		var keys []string
		found := false
		t.store.Read(c.SessionID, func(st *transaction.State) {
			body, found = st.Get(f.Href(), key)
			keys = st.Keys(f.Href())
		})
		if !found {
			notFound(w, r, f, key)
			return
		}
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": key, "body": renderRefs(f, body), "meta": f.objectMeta(key, keys, c.RemainingSeconds)})
	case http.MethodPut:
		body, ok := readBody(w, r, f)
		if !ok {
			return
		}
		err := t.store.Write(owner(c), func(st *transaction.State) error {
			if _, ok := st.Get(f.Href(), key); !ok {
				return errNotFound
			}
			return t.put(st, f, key, body)
		})
		if writeErr(w, r, f, key, err) {
			return
		}
		writeChange(w, http.StatusOK, c, key, href, f.Href())
	case http.MethodDelete:
		err := t.store.Write(owner(c), func(st *transaction.State) error { return remove(st, f, key) })
		if writeErr(w, r, f, key, err) {
			return
		}
		writeChange(w, http.StatusOK, c, "", href, f.Href())
	}
}

// readBody reads and validates a request body; when it is not acceptable
// the error has been answered and ok is false.
func readBody(w http.ResponseWriter, r *http.Request, f *Family) (json.RawMessage, bool) {
	v, ok := config.ReadJSON(w, r)
	if !ok {
		return nil, false
	}
	body, fe := validate(f, v)
	if fe != nil {
		config.WriteFieldError(w, r, fe)
		return nil, false
	}
	return body, true
}

// writeChange answers a successful write: the key of the object (none
// after a delete) and where it lives.
func writeChange(w http.ResponseWriter, status int, c httpapi.Caller, key, href, parent string) {
	resp := map[string]any{"meta": map[string]any{
		"href": href, "parent": parent, "remaining_seconds": c.RemainingSeconds, "transaction": transactionHref,
	}}
	if key != "" {
		resp["key"] = key
	}
	httpapi.WriteJSON(w, status, resp)
}

// writeErr answers for a failed write and reports whether there was one.
func writeErr(w http.ResponseWriter, r *http.Request, f *Family, key string, err error) bool {
	var fe *config.FieldError
	var re *ReferencedError
	switch {
	case err == nil:
		return false
	case errors.As(err, &fe):
		config.WriteFieldError(w, r, fe)
	case errors.Is(err, errNotFound):
		notFound(w, r, f, key)
	case errors.Is(err, errBuiltin):
		httpapi.WriteError(w, r, http.StatusBadRequest, "BuiltinObjectNotDeletable",
			fmt.Sprintf("%s %s is built in (negative key) and cannot be deleted; it can be modified", f.Noun, key), nil)
	case errors.As(err, &re):
		httpapi.WriteError(w, r, http.StatusConflict, "ReferencedObjectNotDeletable", re.Error(),
			map[string]any{"referenced_by": re.By})
	default:
		transaction.WriteError(w, r, err)
	}
	return true
}

func notFound(w http.ResponseWriter, r *http.Request, f *Family, key string) {
	if key == orderKey {
		httpapi.NotFound(w, r, "the mock does not serve the "+orderKey+" sub-resource: SPS documents no methods for it")
		return
	}
	httpapi.NotFound(w, r, fmt.Sprintf("%s %q does not exist (in this session's view of the configuration)", f.Noun, key))
}
