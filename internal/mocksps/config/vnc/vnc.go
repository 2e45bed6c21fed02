// Package vnc holds what is particular to the VNC part of the SPS
// configuration tree: the paths, the vendor's sample bodies, and the
// validators of settings policies and of the options in either of the two
// documented shapes. The tree itself (routing, transactions, the rules
// every family shares) is package tree, where VNC's families are rows of
// the family table like any other.
//
// Decisions the documentation leaves open (also in internal/mocksps/README.md):
//   - every documented field is required except those documented as
//     conditional (PUT replaces the whole object);
//   - inactivity_timeout.value and cipher_strength.custom_cipher are
//     rejected when their switch is off, so a stored object never carries a
//     value that has no effect.
package vnc

import "encoding/json"

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

// OptionsMeta is the meta of /api/configuration/vnc/options as the vendor
// samples print it (previous and first channel_policies, last options, next
// null), although more siblings follow in the VNC listing.
var OptionsMeta = map[string]any{
	"first": ChannelPoliciesPath, "last": OptionsPath, "next": nil, "previous": ChannelPoliciesPath,
}
