package mocksps

import (
	"encoding/json"
	"sort"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/tree"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/vnc"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// The configuration tree's Go API for tests: generic accessors for any
// family (paths relative to /api/configuration, "ssh/connections", or
// absolute), and the VNC accessors older tests use, which are the same
// calls on the VNC rows of the family table. All of them act on the
// committed configuration; writes are out-of-band changes (another
// administrator at work), never part of a transaction.

// ConfigObject returns one committed object as stored (references as key
// strings); key "" reads a singleton ("ssh/options").
func (s *Server) ConfigObject(path, key string) (json.RawMessage, bool) {
	return s.tree.Object(path, key)
}

// ConfigList returns the committed objects of a list in order; ok is false
// when path is not a list the mock serves.
func (s *Server) ConfigList(path string) (entries []transaction.Entry, ok bool) {
	return s.tree.List(path)
}

// PutConfigObject writes an object into the committed configuration,
// validated as the API validates it (names, references), creating it if
// absent; key "" writes a singleton. Read-only families can be written this
// way, as SPS's web interface can. Errors: *config.FieldError for a refused
// body or key, *tree.PathError for a path the mock does not serve.
func (s *Server) PutConfigObject(path, key string, body json.RawMessage) error {
	return s.tree.Put(path, key, body)
}

// DeleteConfigObject removes a committed object and reports whether it
// existed. Built-in and referenced objects can be removed this way (drift).
func (s *Server) DeleteConfigObject(path, key string) (bool, error) {
	return s.tree.Delete(path, key)
}

// ConfigTable is the family table this server serves.
func (s *Server) ConfigTable() *tree.Table { return s.tree.Table() }

// SettingsPolicies returns the committed VNC settings policies, key → body.
func (s *Server) SettingsPolicies() map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	entries, _ := s.tree.List(vnc.SettingsPoliciesPath)
	for _, e := range entries {
		out[e.Key] = e.Body
	}
	return out
}

// VNCOptions returns the committed VNC options body.
func (s *Server) VNCOptions() json.RawMessage {
	b, _ := s.tree.Object(vnc.OptionsPath, "")
	return b
}

// PutSettingsPolicy writes a settings policy straight into the committed
// configuration (validated like the API, creating it if absent), as if
// another administrator had changed it. The error is a *config.FieldError
// for validation failures.
func (s *Server) PutSettingsPolicy(key string, body json.RawMessage) error {
	return s.tree.Put(vnc.SettingsPoliciesPath, key, body)
}

// DeleteSettingsPolicy removes a committed settings policy out of band and
// reports whether it existed. Built-in policies can be removed this way.
func (s *Server) DeleteSettingsPolicy(key string) bool {
	found, _ := s.tree.Delete(vnc.SettingsPoliciesPath, key)
	return found
}

// PutVNCOptions replaces the committed VNC options out of band (validated
// against the server's options shape).
func (s *Server) PutVNCOptions(body json.RawMessage) error {
	return s.tree.Put(vnc.OptionsPath, "", body)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
