package index

import "strings"

// aliases maps the field names the vendor documents for filtering and for
// ?fields= (several of them legacy, flat names from older SPS versions) to
// the element paths of the session document, in the order they are tried.
// For one session a field takes its value from the first listed path the
// document has, so documents of different SPS generations (psm.* vs
// recording.*, user.name vs user.gateway_username, client.address vs
// client.ip) answer to either spelling.
//
// Names not listed here fall back to the generic rule in resolvePaths.
var aliases = map[string][]string{
	// Legacy filter names (search page, "available elements").
	"name":                     {"user.gateway_username", "user.name", "name", "psm.gateway_username"},
	"server_username":          {"user.server_username", "server_username", "psm.server_username"},
	"client.address":           {"client.ip", "client.address"},
	"server.address":           {"server.ip", "server.address"},
	"target.address":           {"recording.target.ip", "target.ip", "target.address", "psm.target.address", "psm.target.ip"},
	"target.port":              {"recording.target.port", "target.port", "psm.target.port"},
	"server_local.address":     {"recording.server_local.ip", "server_local.ip", "server_local.address", "psm.server_local.address", "psm.server_local.ip"},
	"server_local.port":        {"recording.server_local.port", "server_local.port", "psm.server_local.port"},
	"psm.server_local.address": {"recording.server_local.ip", "psm.server_local.address", "psm.server_local.ip", "server_local.address"},
	"psm.server_local.port":    {"recording.server_local.port", "psm.server_local.port", "server_local.port"},
	"psm.target.address":       {"recording.target.ip", "psm.target.address", "psm.target.ip", "target.address"},
	"psm.target.port":          {"recording.target.port", "psm.target.port", "target.port"},
	"psm.gateway_username":     {"user.gateway_username", "user.name", "psm.gateway_username", "name"},
	"psm.server_username":      {"user.server_username", "psm.server_username", "server_username"},
	"psm.connection_policy":    {"recording.connection_policy", "psm.connection_policy", "connection_policy"},
	"connection_policy":        {"recording.connection_policy", "connection_policy", "psm.connection_policy"},
	"channel_policy":           {"recording.channel_policy", "channel_policy", "psm.channel_policy"},
	"auth_method":              {"recording.auth_method", "auth_method", "psm.auth_method"},
	"session_id":               {"recording.session_id", "session_id", "psm.session_id"},
	"archived":                 {"recording.archived", "archived", "psm.archived"},
	"content_reference_id":     {"recording.content_reference_id", "content_reference_id", "psm.content_reference_id"},
	"verdict":                  {"verdict", "recording.verdict", "psm.verdict"},
	// Newer element names, with the older spellings as fallbacks.
	"user.gateway_username": {"user.gateway_username", "user.name", "name", "psm.gateway_username"},
	"user.name":             {"user.name", "user.gateway_username", "name", "psm.gateway_username"},
	"user.server_username":  {"user.server_username", "server_username", "psm.server_username"},
	"client.ip":             {"client.ip", "client.address"},
	"server.ip":             {"server.ip", "server.address"},
}

// schemaPaths are the documented leaf elements of a session document. They
// are valid in queries even when no loaded session has them (they then match
// nothing), so a valid query does not turn into an error on an empty store.
var schemaPaths = []string{
	"active", "creation_time", "duration", "end_time", "hidden", "node_id", "origin", "phantom",
	"protocol", "revision", "start_time", "verdict",
	"analytics.interesting_events", "analytics.scripted", "analytics.similar_sessions", "analytics.tags",
	"analytics.score.aggregated",
	"client.ip", "client.name", "client.port",
	"server.ip", "server.name", "server.port",
	"user.id", "user.name", "user.gateway_username", "user.server_username",
	"recording.archived", "recording.auth_method", "recording.channel_policy", "recording.command_extracted",
	"recording.connection_policy", "recording.connection_policy_id", "recording.content_reference_id",
	"recording.has_accepted_channel", "recording.index_status", "recording.network_id",
	"recording.server_local.ip", "recording.server_local.name", "recording.server_local.port",
	"recording.session_id", "recording.target.ip", "recording.target.name", "recording.target.port",
	"recording.verdict", "recording.window_title_extracted",
	"recording.audit_trail.archive.date", "recording.audit_trail.archive.path",
	"recording.audit_trail.archive.policy", "recording.audit_trail.archive.server",
	// Links: valid names (fields=alerts returns the link), never matched.
	"alerts.href", "channels.href", "events.href", "indexing.href", "trail_downloads.href",
	"recording.audit_trail.download.href",
}

var schemaSet = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range schemaPaths {
		m[p] = true
	}
	return m
}()

// FieldContent is the full-text search in the sessions' events: a field
// of queries, stored in no document.
const FieldContent = "content"

// ResolvePaths returns the document paths tried, in order, for a field name.
// Besides the alias table, psm.<x> and recording.<x> stand for each other:
// SPS moved the recording details from "psm" to "recording" between versions.
func ResolvePaths(name string) []string {
	if p, ok := aliases[name]; ok {
		return p
	}
	if rest, ok := strings.CutPrefix(name, "psm."); ok {
		return []string{"recording." + rest, name}
	}
	if rest, ok := strings.CutPrefix(name, "recording."); ok {
		return []string{name, "psm." + rest}
	}
	return []string{name}
}
