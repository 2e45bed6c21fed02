package sps

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/auth"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// fakeTree is a small appliance for the area machinery's tests: any list
// or singleton under /api/configuration, on the mock's own login and
// transaction store (so locks, commits and the change list behave as the
// mock's do). Fields named in refs are references: stored as keys, served
// as {"key", "meta": {"href"}} objects, and refused as objects on write,
// as SPS does. Lists in linksOnly are served without bodies.
type fakeTree struct {
	t         *testing.T
	store     *transaction.Store
	URL       string
	lists     map[string]bool // list paths served
	refs      map[string]bool
	linksOnly map[string]bool
	named     map[string]bool

	mu       sync.Mutex
	requests map[string]int
	nextKey  atomic.Int64
	// intercept, when set, may answer a request itself (return true);
	// next is the fake's API.
	intercept func(w http.ResponseWriter, r *http.Request, next http.Handler) bool
}

// newFakeTree serves seed; lists names its list paths.
func newFakeTree(t *testing.T, seed *transaction.State, lists ...string) *fakeTree {
	t.Helper()
	f := &fakeTree{t: t, store: transaction.NewStore(seed), lists: map[string]bool{}, refs: map[string]bool{},
		linksOnly: map[string]bool{}, named: map[string]bool{}, requests: map[string]int{}}
	for _, l := range lists {
		f.lists[l] = true
	}
	users := []auth.User{{Name: "admin", Password: "pw", Role: auth.RoleAdmin}}
	as := auth.NewStore(users, time.Hour, time.Now, f.store.Discard)
	tx := &transaction.Handler{Store: f.store}
	api := as.Middleware(func(r *http.Request) bool { return r.URL.Path == auth.LoginPath }, http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			switch p := r.URL.Path; {
			case p == auth.LoginPath:
				as.ServeLogin(w, r)
			case strings.HasPrefix(p, transaction.Path):
				tx.ServeHTTP(w, r)
			default:
				f.serveConfig(w, r)
			}
		}))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests[r.Method+" "+r.URL.Path]++
		icpt := f.intercept
		f.mu.Unlock()
		if icpt != nil && icpt(w, r, api) {
			return
		}
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	f.URL = ts.URL
	return f
}

func (f *fakeTree) client(mod ...func(*Config)) *Client {
	f.t.Helper()
	cfg := DefaultConfig()
	cfg.URL, cfg.Username, cfg.Password = f.URL, "admin", "pw"
	cfg.GroupWindow, cfg.RetryWaitMin, cfg.RetryWaitMax = 30*time.Millisecond, time.Millisecond, 10*time.Millisecond
	cfg.Logger = &testLogger{t: f.t}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fakeTree) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[key]
}

// committed returns the committed body of list/key (or of a singleton when
// key is ""), decoded.
func (f *fakeTree) committed(path, key string) map[string]any {
	var b json.RawMessage
	f.store.Committed(func(st *transaction.State) {
		if key == "" {
			b, _ = st.Singleton(path)
		} else {
			b, _ = st.Get(path, key)
		}
	})
	m, err := decodeFields(b)
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

func (f *fakeTree) serveConfig(w http.ResponseWriter, r *http.Request) {
	c, _ := httpapi.CallerFrom(r.Context())
	owner := transaction.Owner{SessionID: c.SessionID, User: c.User}
	list, key := r.URL.Path, ""
	var isList, isSingleton, isObject bool
	f.store.Read(c.SessionID, func(st *transaction.State) {
		_, isSingleton = st.Singleton(list)
	})
	if i := strings.LastIndex(list, "/"); !isSingleton && i > 0 {
		isList = f.lists[list]
		if !isList && f.lists[list[:i]] {
			list, key, isObject = list[:i], list[i+1:], true
		}
	}
	switch {
	case isSingleton && r.Method == http.MethodGet:
		f.store.Read(c.SessionID, func(st *transaction.State) {
			b, _ := st.Singleton(list)
			httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": list[strings.LastIndex(list, "/")+1:], "body": f.render(b)})
		})
	case isSingleton && r.Method == http.MethodPut:
		f.write(w, r, owner, func(st *transaction.State, body json.RawMessage) { st.SetSingleton(list, body) })
	case isList && r.Method == http.MethodGet:
		f.serveList(w, c.SessionID, list)
	case isList && r.Method == http.MethodPost:
		k := fmt.Sprintf("k%d", f.nextKey.Add(1))
		f.write(w, r, owner, func(st *transaction.State, body json.RawMessage) { st.Put(list, k, body) }, list, k)
	case isObject && r.Method == http.MethodGet:
		f.store.Read(c.SessionID, func(st *transaction.State) {
			b, ok := st.Get(list, key)
			if !ok {
				httpapi.NotFound(w, r, "no such object")
				return
			}
			httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": key, "body": f.render(b)})
		})
	case isObject && r.Method == http.MethodPut:
		f.write(w, r, owner, func(st *transaction.State, body json.RawMessage) { st.Put(list, key, body) }, list, key)
	case isObject && r.Method == http.MethodDelete:
		f.remove(w, r, owner, list, key)
	default:
		httpapi.NotFound(w, r, "the fake tree does not serve "+r.Method+" "+r.URL.Path)
	}
}

func (f *fakeTree) serveList(w http.ResponseWriter, session, list string) {
	items := []map[string]any{}
	f.store.Read(session, func(st *transaction.State) {
		for _, k := range st.Keys(list) {
			it := map[string]any{"key": k, "meta": map[string]any{"href": list + "/" + k}}
			if !f.linksOnly[list] {
				b, _ := st.Get(list, k)
				it["body"] = f.render(b)
			}
			items = append(items, it)
		}
	})
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

// write checks a body (references as keys, names unique in a named list)
// and stores it; listAndKey, when given, is the object written.
func (f *fakeTree) write(w http.ResponseWriter, r *http.Request, owner transaction.Owner,
	put func(*transaction.State, json.RawMessage), listAndKey ...string) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		httpapi.WriteError(w, r, http.StatusBadRequest, "SyntaxError", err.Error(), nil)
		return
	}
	for field := range f.refs {
		if _, isObj := body[field].(map[string]any); isObj {
			httpapi.WriteError(w, r, http.StatusBadRequest, "SemanticError", "a reference is written as a key",
				map[string]any{"path": "body." + field})
			return
		}
	}
	raw, _ := json.Marshal(body)
	var taken bool
	err := f.store.Write(owner, func(st *transaction.State) error {
		if len(listAndKey) == 2 && f.named[listAndKey[0]] {
			for _, k := range st.Keys(listAndKey[0]) {
				b, _ := st.Get(listAndKey[0], k)
				var other struct{ Name string }
				_ = json.Unmarshal(b, &other)
				if k != listAndKey[1] && other.Name == body["name"] {
					taken = true
					return nil
				}
			}
		}
		put(st, raw)
		return nil
	})
	switch {
	case err != nil:
		transaction.WriteError(w, r, err)
	case taken:
		httpapi.WriteError(w, r, http.StatusBadRequest, "SemanticError", "the name is not unique", map[string]any{"path": "body.name"})
	case len(listAndKey) == 2:
		httpapi.WriteJSON(w, http.StatusCreated, map[string]any{"key": listAndKey[1]})
	default:
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{})
	}
}

func (f *fakeTree) remove(w http.ResponseWriter, r *http.Request, owner transaction.Owner, list, key string) {
	if IsBuiltinKey(key) {
		httpapi.WriteError(w, r, http.StatusBadRequest, errTypeBuiltinNotDeletable, "built-in objects cannot be deleted", nil)
		return
	}
	found := false
	err := f.store.Write(owner, func(st *transaction.State) error {
		found = st.Delete(list, key)
		return nil
	})
	switch {
	case err != nil:
		transaction.WriteError(w, r, err)
	case !found:
		httpapi.NotFound(w, r, "no such object")
	default:
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{})
	}
}

// render serves a stored body, references as SPS shows them.
func (f *fakeTree) render(b json.RawMessage) map[string]any {
	m, _ := decodeFields(b)
	for field := range f.refs {
		if k, ok := m[field].(string); ok {
			m[field] = map[string]any{"key": k, "meta": map[string]any{"href": "/api/configuration/refs/" + k}}
		}
	}
	return m
}
