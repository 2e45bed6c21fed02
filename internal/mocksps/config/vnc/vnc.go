// Package vnc emulates the VNC part of the SPS configuration tree:
// /api/configuration/vnc, its settings_policies list and its options
// singleton (in either of the two documented shapes). channel_policies is
// listed for navigation only and is always empty.
//
// Reads come from the caller's view of the transaction store (its own
// uncommitted changes if it holds the lock, the committed state otherwise);
// writes go through the store, which opens a transaction implicitly.
//
// Decisions the documentation leaves open (also in internal/mocksps/README.md):
//   - PUT replaces the whole object; every documented field is required
//     except those documented as conditional.
//   - inactivity_timeout.value and cipher_strength.custom_cipher are
//     rejected when their switch is off, so a stored object never carries a
//     value that has no effect.
//   - Built-in objects (negative keys) may be modified but not deleted:
//     400 BuiltinObjectNotDeletable.
//   - Name uniqueness is checked in the caller's view, case-sensitively.
package vnc

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// Endpoint paths.
const (
	Path                 = "/api/configuration/vnc"
	ChannelPoliciesPath  = Path + "/channel_policies"
	OptionsPath          = Path + "/options"
	SettingsPoliciesPath = Path + "/settings_policies"
)

// Options shapes.
const (
	ShapeAudit  = "audit"  // audit {cleanup, timestamping} + service (newer firmware)
	ShapeLegacy = "legacy" // channel_database_cleanup + service (older firmware)
)

// DefaultPolicyKey is the key of the built-in settings policy.
const DefaultPolicyKey = "-30211"

// Seed bodies, exactly as the vendor samples show them.
var (
	DefaultPolicy        = json.RawMessage(`{"client_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"inactivity_timeout":{"enabled":false},"name":"default","preconnect_channel_check":false,"server_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"timeout":600}`)
	DefaultAuditOptions  = json.RawMessage(`{"audit":{"cleanup":{"enabled":false},"timestamping":{"selection":"local","signing_interval":30}},"service":{"enabled":true,"log_level":4}}`)
	DefaultLegacyOptions = json.RawMessage(`{"channel_database_cleanup":{"enabled":false},"service":{"enabled":false}}`)
)

const transactionHref = "/api/transaction"

// Seed adds the documented default VNC configuration to st.
func Seed(st *transaction.State, shape string) {
	st.AddList(SettingsPoliciesPath)
	st.Put(SettingsPoliciesPath, DefaultPolicyKey, DefaultPolicy)
	if shape == ShapeLegacy {
		st.SetSingleton(OptionsPath, DefaultLegacyOptions)
	} else {
		st.SetSingleton(OptionsPath, DefaultAuditOptions)
	}
}

// Handler serves everything under /api/configuration/vnc.
type Handler struct {
	store *transaction.Store
	shape string
}

// New returns the VNC handler over store, serving options in shape.
func New(store *transaction.Store, shape string) *Handler {
	if shape != ShapeLegacy {
		shape = ShapeAudit
	}
	return &Handler{store: store, shape: shape}
}

// Shape is the options shape this appliance serves.
func (h *Handler) Shape() string { return h.shape }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, _ := httpapi.CallerFrom(r.Context())
	p := r.URL.Path
	switch {
	case p == Path:
		h.serveRoot(w, r, c)
	case p == ChannelPoliciesPath:
		h.serveChannelPolicies(w, r, c)
	case p == OptionsPath:
		h.serveOptions(w, r, c)
	case p == SettingsPoliciesPath:
		h.servePolicyList(w, r, c)
	case strings.HasPrefix(p, SettingsPoliciesPath+"/") && !strings.Contains(p[len(SettingsPoliciesPath)+1:], "/"):
		h.servePolicy(w, r, c, p[len(SettingsPoliciesPath)+1:])
	default:
		httpapi.NotFound(w, r, "no such VNC configuration endpoint; GET "+Path+" lists the available ones")
	}
}

func owner(c httpapi.Caller) transaction.Owner {
	return transaction.Owner{SessionID: c.SessionID, User: c.User}
}

func (h *Handler) serveRoot(w http.ResponseWriter, r *http.Request, c httpapi.Caller) {
	w.Header().Set("Allow", "GET")
	if r.Method != http.MethodGet {
		httpapi.MethodNotAllowed(w, r)
		return
	}
	var items []map[string]any
	for _, k := range []string{"channel_policies", "options", "settings_policies"} {
		items = append(items, map[string]any{"key": k, "meta": map[string]any{"href": Path + "/" + k}})
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "meta": map[string]any{
		"first": Path + "/channel_policies", "href": Path, "last": SettingsPoliciesPath,
		"next": nil, "parent": "/api/configuration", "previous": nil,
		"remaining_seconds": c.RemainingSeconds, "transaction": transactionHref,
	}})
}

func (h *Handler) serveChannelPolicies(w http.ResponseWriter, r *http.Request, c httpapi.Caller) {
	w.Header().Set("Allow", "GET")
	if r.Method != http.MethodGet {
		httpapi.MethodNotAllowed(w, r)
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": []any{}, "meta": map[string]any{
		"first": ChannelPoliciesPath, "href": ChannelPoliciesPath, "last": SettingsPoliciesPath,
		"next": OptionsPath, "parent": Path, "previous": nil,
		"remaining_seconds": c.RemainingSeconds, "transaction": transactionHref,
	}})
}

func (h *Handler) serveOptions(w http.ResponseWriter, r *http.Request, c httpapi.Caller) {
	w.Header().Set("Allow", "GET, PUT")
	switch r.Method {
	case http.MethodGet:
		var body json.RawMessage
		h.store.Read(c.SessionID, func(st *transaction.State) { body, _ = st.Singleton(OptionsPath) })
		// first/last/next/previous as the vendor samples print them.
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": "options", "body": body, "meta": map[string]any{
			"first": ChannelPoliciesPath, "href": OptionsPath, "last": OptionsPath, "next": nil,
			"parent": Path, "previous": ChannelPoliciesPath,
			"remaining_seconds": c.RemainingSeconds, "transaction": transactionHref,
		}})
	case http.MethodPut:
		v, ok := config.ReadJSON(w, r)
		if !ok {
			return
		}
		body, fe := ValidateOptions(h.shape, v)
		if fe != nil {
			config.WriteFieldError(w, r, fe)
			return
		}
		err := h.store.Write(owner(c), func(st *transaction.State) error {
			st.SetSingleton(OptionsPath, body)
			return nil
		})
		if err != nil {
			transaction.WriteError(w, r, err)
			return
		}
		writeChange(w, http.StatusOK, c, "options", OptionsPath, Path)
	default:
		httpapi.MethodNotAllowed(w, r)
	}
}

func (h *Handler) servePolicyList(w http.ResponseWriter, r *http.Request, c httpapi.Caller) {
	w.Header().Set("Allow", "GET, POST")
	switch r.Method {
	case http.MethodGet:
		items := []map[string]any{}
		h.store.Read(c.SessionID, func(st *transaction.State) {
			for _, k := range st.Keys(SettingsPoliciesPath) {
				b, _ := st.Get(SettingsPoliciesPath, k)
				items = append(items, map[string]any{"key": k, "body": b, "meta": map[string]any{"href": SettingsPoliciesPath + "/" + k}})
			}
		})
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "meta": map[string]any{
			"first": ChannelPoliciesPath, "href": SettingsPoliciesPath, "last": SettingsPoliciesPath,
			"next": nil, "parent": Path, "previous": OptionsPath,
			"remaining_seconds": c.RemainingSeconds, "transaction": transactionHref,
		}})
	case http.MethodPost:
		body, name, ok := readPolicy(w, r)
		if !ok {
			return
		}
		key := newUUID()
		err := h.store.Write(owner(c), func(st *transaction.State) error {
			if fe := uniqueName(st, name, ""); fe != nil {
				return fe
			}
			st.Put(SettingsPoliciesPath, key, body)
			return nil
		})
		if h.writeErr(w, r, err) {
			return
		}
		writeChange(w, http.StatusCreated, c, key, SettingsPoliciesPath+"/"+key, SettingsPoliciesPath)
	default:
		httpapi.MethodNotAllowed(w, r)
	}
}

var (
	errNoPolicy = errors.New("no such policy")
	errBuiltin  = errors.New("built-in policy")
)

func (h *Handler) servePolicy(w http.ResponseWriter, r *http.Request, c httpapi.Caller, key string) {
	w.Header().Set("Allow", "GET, PUT, DELETE")
	href := SettingsPoliciesPath + "/" + key
	switch r.Method {
	case http.MethodGet:
		var body json.RawMessage
		var keys []string
		found := false
		h.store.Read(c.SessionID, func(st *transaction.State) {
			body, found = st.Get(SettingsPoliciesPath, key)
			keys = st.Keys(SettingsPoliciesPath)
		})
		if !found {
			h.notFound(w, r, key)
			return
		}
		// first/last/next/previous walk the sibling objects of the list.
		meta := map[string]any{
			"first": SettingsPoliciesPath + "/" + keys[0], "href": href,
			"last": SettingsPoliciesPath + "/" + keys[len(keys)-1], "next": nil,
			"parent": SettingsPoliciesPath, "previous": nil,
			"remaining_seconds": c.RemainingSeconds, "transaction": transactionHref,
		}
		for i, k := range keys {
			if k != key {
				continue
			}
			if i > 0 {
				meta["previous"] = SettingsPoliciesPath + "/" + keys[i-1]
			}
			if i < len(keys)-1 {
				meta["next"] = SettingsPoliciesPath + "/" + keys[i+1]
			}
		}
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": key, "body": body, "meta": meta})
	case http.MethodPut:
		body, name, ok := readPolicy(w, r)
		if !ok {
			return
		}
		err := h.store.Write(owner(c), func(st *transaction.State) error {
			if _, ok := st.Get(SettingsPoliciesPath, key); !ok {
				return errNoPolicy
			}
			if fe := uniqueName(st, name, key); fe != nil {
				return fe
			}
			st.Put(SettingsPoliciesPath, key, body)
			return nil
		})
		if h.writeErr(w, r, err) {
			return
		}
		writeChange(w, http.StatusOK, c, key, href, SettingsPoliciesPath)
	case http.MethodDelete:
		err := h.store.Write(owner(c), func(st *transaction.State) error {
			if _, ok := st.Get(SettingsPoliciesPath, key); !ok {
				return errNoPolicy
			}
			if IsBuiltin(key) {
				return errBuiltin
			}
			st.Delete(SettingsPoliciesPath, key)
			return nil
		})
		if h.writeErr(w, r, err) {
			return
		}
		writeChange(w, http.StatusOK, c, "", href, SettingsPoliciesPath)
	default:
		httpapi.MethodNotAllowed(w, r)
	}
}

// readPolicy reads and validates a settings policy request body; when it
// is not acceptable the error has been answered and ok is false.
func readPolicy(w http.ResponseWriter, r *http.Request) (body json.RawMessage, name string, ok bool) {
	v, ok := config.ReadJSON(w, r)
	if !ok {
		return nil, "", false
	}
	body, name, fe := ValidateSettingsPolicy(v)
	if fe != nil {
		config.WriteFieldError(w, r, fe)
		return nil, "", false
	}
	return body, name, true
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
func (h *Handler) writeErr(w http.ResponseWriter, r *http.Request, err error) bool {
	var fe *config.FieldError
	switch {
	case err == nil:
		return false
	case errors.As(err, &fe):
		config.WriteFieldError(w, r, fe)
	case errors.Is(err, errNoPolicy):
		h.notFound(w, r, r.URL.Path[len(SettingsPoliciesPath)+1:])
	case errors.Is(err, errBuiltin):
		httpapi.WriteError(w, r, http.StatusBadRequest, "BuiltinObjectNotDeletable",
			"settings policy "+r.URL.Path[len(SettingsPoliciesPath)+1:]+" is built in (negative key) and cannot be deleted; it can be modified", nil)
	default:
		transaction.WriteError(w, r, err)
	}
	return true
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request, key string) {
	httpapi.NotFound(w, r, fmt.Sprintf("VNC settings policy %q does not exist (in this session's view of the configuration)", key))
}

// IsBuiltin reports whether key names a built-in object (negative key).
func IsBuiltin(key string) bool {
	return strings.HasPrefix(key, "-")
}

// uniqueName fails if another policy than self already uses name.
func uniqueName(st *transaction.State, name, self string) *config.FieldError {
	for _, k := range st.Keys(SettingsPoliciesPath) {
		if k == self {
			continue
		}
		b, _ := st.Get(SettingsPoliciesPath, k)
		var other struct {
			Name string `json:"name"`
		}
		if json.Unmarshal(b, &other) == nil && other.Name == name {
			return config.Errorf("body.name", "must be unique among VNC settings policies; %q is already used by policy %s", name, k)
		}
	}
	return nil
}

// PutPolicy validates body and writes it into the committed configuration
// under key, creating the policy if absent (out-of-band change).
func PutPolicy(store *transaction.Store, key string, body json.RawMessage) error {
	v, err := config.Decode(body)
	if err != nil {
		return err
	}
	canon, name, fe := ValidateSettingsPolicy(v)
	if fe != nil {
		return fe
	}
	return store.WriteCommitted(func(st *transaction.State) error {
		if fe := uniqueName(st, name, key); fe != nil {
			return fe
		}
		st.Put(SettingsPoliciesPath, key, canon)
		return nil
	})
}

// DeletePolicy removes a policy from the committed configuration
// (out-of-band change; built-in policies too, for drift tests).
func DeletePolicy(store *transaction.Store, key string) bool {
	found := false
	_ = store.WriteCommitted(func(st *transaction.State) error {
		found = st.Delete(SettingsPoliciesPath, key)
		return nil
	})
	return found
}

// PutOptions validates body and writes it into the committed configuration.
func PutOptions(store *transaction.Store, shape string, body json.RawMessage) error {
	v, err := config.Decode(body)
	if err != nil {
		return err
	}
	canon, fe := ValidateOptions(shape, v)
	if fe != nil {
		return fe
	}
	return store.WriteCommitted(func(st *transaction.State) error {
		st.SetSingleton(OptionsPath, canon)
		return nil
	})
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
