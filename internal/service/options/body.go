package options

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// The two documented body shapes, by the names api_shape reports.
const (
	shapeAudit  = "audit"  // {"service", "audit": {"cleanup", "timestamping"}}
	shapeLegacy = "legacy" // {"service", "channel_database_cleanup"}
)

// settings are the options in a shape-neutral form: what the model says,
// what a body holds.
type settings struct {
	Shape          string // as read from a body; ignored on write
	ServiceEnabled bool
	LogLevel       *int64
	CleanupEnabled bool
	CleanupDays    *int64
	// Timestamping is nil on a legacy body; on write, nil leaves the
	// appliance's timestamping alone.
	Timestamping *timestamping
	// Switches are protocol switches ({"enabled"} objects beside service,
	// such as SSH's gssapi) by name; on write, an absent name is left
	// alone.
	Switches map[string]bool
}

// timestamping is audit.timestamping. PolicyOID "" means no oid.
type timestamping struct {
	Selection       string
	SigningInterval *int64
	ServerURL       string
	PolicyOID       string
}

// timestampingUnsupported refuses timestamping on a body that has no
// place for it. It is the client's ErrTimestampingUnsupported (so the
// diagnostics word it as such) in words that name the protocol.
type timestampingUnsupported struct{ title string }

func (e timestampingUnsupported) Error() string {
	return "setting " + e.title + " timestamping: this SPS appliance's " + e.title + " options have the legacy shape " +
		"(channel_database_cleanup, no audit section), which has no timestamping settings"
}

func (e timestampingUnsupported) Unwrap() error { return sps.ErrTimestampingUnsupported }

// shapeOf tells the shape of a body. With neither section, the audit
// shape is the guess the client has always made.
func shapeOf(body map[string]any) string {
	if _, ok := body["audit"]; ok {
		return shapeAudit
	}
	if _, ok := body["channel_database_cleanup"]; ok {
		return shapeLegacy
	}
	return shapeAudit
}

// decode reads the settings of a body; switches names the protocol
// switches to read.
func decode(body map[string]any, switches []string) settings {
	s := settings{Shape: shapeOf(body)}
	service := object(body, "service")
	s.ServiceEnabled = boolField(service, "enabled")
	s.LogLevel = intField(service, "log_level")
	if s.Shape == shapeLegacy {
		cl := object(body, "channel_database_cleanup")
		s.CleanupEnabled = boolField(cl, "enabled")
		s.CleanupDays = intField(cl, "days")
	} else {
		audit := object(body, "audit")
		cl := object(audit, "cleanup")
		s.CleanupEnabled = boolField(cl, "enabled")
		s.CleanupDays = intField(cl, "channel_database_cleanup_days")
		if ts := object(audit, "timestamping"); ts != nil {
			t := &timestamping{SigningInterval: intField(ts, "signing_interval")}
			t.Selection, _ = ts["selection"].(string)
			t.ServerURL, _ = ts["server_url"].(string)
			if oid := object(ts, "oid"); boolField(oid, "enabled") {
				t.PolicyOID, _ = oid["policy_oid"].(string)
			}
			s.Timestamping = t
		}
	}
	for _, name := range switches {
		if sw := object(body, name); sw != nil {
			if s.Switches == nil {
				s.Switches = map[string]bool{}
			}
			s.Switches[name] = boolField(sw, "enabled")
		}
	}
	return s
}

// merge writes s into a copy of the body SPS holds. Only modeled keys are
// touched; a nil number removes its key (it applies only when its section
// is enabled).
func merge(current map[string]any, s settings, title string) (map[string]any, error) {
	body := sps.CopyBody(current)
	shape := shapeOf(body)
	if shape == shapeLegacy && s.Timestamping != nil {
		return nil, timestampingUnsupported{title}
	}
	service := ensureObject(body, "service")
	service["enabled"] = s.ServiceEnabled
	setOrDelete(service, "log_level", s.LogLevel)
	for name, on := range s.Switches {
		ensureObject(body, name)["enabled"] = on
	}
	if shape == shapeLegacy {
		cl := ensureObject(body, "channel_database_cleanup")
		cl["enabled"] = s.CleanupEnabled
		setOrDelete(cl, "days", s.CleanupDays)
		return body, nil
	}
	audit := ensureObject(body, "audit")
	cl := ensureObject(audit, "cleanup")
	cl["enabled"] = s.CleanupEnabled
	setOrDelete(cl, "channel_database_cleanup_days", s.CleanupDays)
	if t := s.Timestamping; t != nil {
		ts := ensureObject(audit, "timestamping")
		ts["selection"] = t.Selection
		setOrDelete(ts, "signing_interval", t.SigningInterval)
		if t.ServerURL != "" {
			ts["server_url"] = t.ServerURL
		} else {
			delete(ts, "server_url")
		}
		switch {
		case t.PolicyOID != "":
			ts["oid"] = map[string]any{"enabled": true, "policy_oid": t.PolicyOID}
		case t.Selection == "remote":
			ts["oid"] = map[string]any{"enabled": false}
		default:
			delete(ts, "oid")
		}
	}
	return body, nil
}

// landed reports whether got, a committed body, shows what want wrote:
// how a commit of unknown outcome is settled. What want leaves alone
// (timestamping, switches) is taken from got.
func landed(got map[string]any, want settings, switches []string) bool {
	have := decode(got, switches)
	want.Shape = have.Shape
	if want.Timestamping == nil {
		want.Timestamping = have.Timestamping
	}
	sw := map[string]bool{}
	for k, v := range have.Switches {
		sw[k] = v
	}
	for k, v := range want.Switches {
		sw[k] = v
	}
	if len(sw) == 0 {
		sw = nil
	}
	want.Switches = sw
	return reflect.DeepEqual(normalize(have), normalize(want))
}

// normalize drops values SPS may discard, for comparisons.
func normalize(s settings) settings {
	if !s.CleanupEnabled {
		s.CleanupDays = nil
	}
	return s
}

func object(m map[string]any, k string) map[string]any {
	if m == nil {
		return nil
	}
	v, _ := m[k].(map[string]any)
	return v
}

func ensureObject(m map[string]any, k string) map[string]any {
	if v, ok := m[k].(map[string]any); ok {
		return v
	}
	v := map[string]any{}
	m[k] = v
	return v
}

func boolField(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

// intField reads a whole number as SPS sends it (json.Number from the
// client's exact decoding, float64 from plain JSON); anything else is
// absent.
func intField(m map[string]any, k string) *int64 {
	switch v := m[k].(type) {
	case json.Number:
		if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return &n
		}
	case float64:
		if n := int64(v); float64(n) == v {
			return &n
		}
	case int64:
		return &v
	}
	return nil
}

func setOrDelete(m map[string]any, k string, v *int64) {
	if v == nil {
		delete(m, k)
		return
	}
	m[k] = *v
}

// settingsOf decodes an object's body for a model.
func settingsOf(fields func() (map[string]any, error), title string, switches []string) (settings, error) {
	body, err := fields()
	if err != nil {
		return settings{}, fmt.Errorf("decoding the %s options: %w", title, err)
	}
	return decode(body, switches), nil
}
