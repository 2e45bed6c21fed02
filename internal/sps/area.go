package sps

import (
	"encoding/json"
	"net/url"
	"strconv"
)

// ConfigurationRoot is the root of SPS's configuration tree; every Area
// lives under it.
const ConfigurationRoot = "/api/configuration"

// Area is one endpoint of SPS's configuration tree, given as data: a list
// of keyed objects (served by Objects) or a singleton (served by
// Settings). The same two implementations serve every area, typed (the
// VNC settings policies and options) or generic, and share one engine, so
// changes to different areas commit together.
//
// An Area must not change once in use.
type Area struct {
	// Path is the endpoint relative to /api/configuration:
	// "vnc/settings_policies", "ssh/options". The caller checks it (the
	// provider refuses paths that leave the tree at plan time); keys are
	// escaped, so no key can leave the area.
	Path string
	// Noun names one object (or the singleton) for people: "VNC settings
	// policy", "VNC options". Errors carry the Area, so callers word
	// failures per area from it.
	Noun string
	// Named says the objects have a "name" that SPS keeps unique in the
	// list: a create refused while a committed object holds the name
	// becomes *NameTakenError, and a create whose answer was lost is found
	// again by name.
	Named bool
	// ReadOnly, when set, is why SPS takes no writes here (for example
	// connection policies of protocols SPS manages elsewhere): a write
	// fails with *ReadOnlyError before anything is sent.
	ReadOnly string
	// Overlay builds the whole body to write from the body SPS holds and
	// the declared fields. nil means Overlay: objects merge key by key,
	// lists and scalars replace whole.
	Overlay func(current, declared map[string]any) (map[string]any, error)
	// Equal reports whether got, a body SPS holds, shows the declared
	// fields: how a commit of unknown outcome is settled. nil means
	// Covers.
	Equal func(declared, got map[string]any) bool
}

// Endpoint is the area's absolute API path.
func (a *Area) Endpoint() string { return ConfigurationRoot + "/" + a.Path }

// objectPath is the absolute path of the object with key.
func (a *Area) objectPath(key string) string { return a.Endpoint() + "/" + url.PathEscape(key) }

func (a *Area) overlay(current, declared map[string]any) (map[string]any, error) {
	if a.Overlay != nil {
		return a.Overlay(current, declared)
	}
	return Overlay(current, declared), nil
}

func (a *Area) equal(declared, got map[string]any) bool {
	if a.Equal != nil {
		return a.Equal(declared, got)
	}
	return Covers(declared, got)
}

// Declare is the Edit that writes declared fields onto an object (or the
// singleton): the area's Overlay onto the body read inside the
// transaction, then the whole object written back, so fields the caller
// did not declare keep the value SPS holds.
func (a *Area) Declare(declared map[string]any) Edit {
	return Edit{
		Apply:  func(current map[string]any) (map[string]any, error) { return a.overlay(current, declared) },
		Landed: func(got map[string]any) bool { return a.equal(declared, got) },
	}
}

// Edit is one update of an object or a singleton. Apply returns the whole
// body to write, given the body SPS holds (read inside the transaction,
// so nobody else's change is lost); it must not modify current and may run
// more than once (replays). Landed reports whether got, a committed body,
// shows the edit: it settles a commit of unknown outcome, never anything
// else. Typed areas whose model maps onto the body in more than one way
// (VNC options, whose body shape depends on the firmware) build their own;
// the rest use Area.Declare.
type Edit struct {
	Apply  func(current map[string]any) (map[string]any, error)
	Landed func(got map[string]any) bool
}

// Object is one keyed object, or a singleton, as SPS holds it.
type Object struct {
	Key string
	// Body is the object's body as SPS sent it. Callers may keep it, but
	// not modify it.
	Body json.RawMessage
}

// Fields decodes the body; numbers stay exact (json.Number).
func (o Object) Fields() (map[string]any, error) { return decodeFields(o.Body) }

// Decode decodes the body into v.
func (o Object) Decode(v any) error { return json.Unmarshal(o.Body, v) }

// IsBuiltinKey reports whether key names an object built into SPS: those
// have negative keys (for example -30211, the default VNC settings policy)
// and cannot be deleted.
func IsBuiltinKey(key string) bool {
	n, err := strconv.ParseInt(key, 10, 64)
	return err == nil && n < 0
}
