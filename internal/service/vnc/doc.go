// Package vnc is the room of the VNC configuration: the resources
// sps_vnc_settings_policy and sps_vnc_options, the data sources
// sps_vnc_settings_policy and sps_vnc_settings_policies, and the list
// resources of both (terraform query).
//
// Decisions worth remembering:
//
//   - Schema defaults are SPS's documented defaults. Nested objects of
//     sps_vnc_settings_policy are Optional+Computed with object defaults (and
//     their members carry defaults too), so a configuration with only a name
//     plans exactly what SPS stores, and importing the built-in "default"
//     policy (key -30211) is followed by an empty plan.
//
//   - Values SPS ignores are dropped when reading: inactivity_timeout.value
//     while disabled, custom_cipher with "recommended" ciphers, log_level of
//     a disabled service, days of a disabled cleanup, server_url/policy_oid
//     of local timestamping. The matching validators
//     (framework.RequiredOnlyWhen, framework.AllowedOnlyWhen) forbid them in
//     configuration, so state and configuration always agree.
//
//   - One model per API object (settings_policy_model.go, options_model.go)
//     serves the resource and the data sources; the data source schemas are
//     built from one function. Add a field once.
//
//   - sps_vnc_options is a singleton: Create adopts it, Delete only forgets
//     it (with a warning), because resetting it would cut live VNC
//     connections. A null timestamping block means "not managed": nothing is
//     sent and state keeps it null, also after import.
//
//   - Built-in settings policies (negative keys) are never deleted: Delete
//     forgets them with a warning, as for sps_vnc_options.
//
//   - Resource identity ({ key }) is set on create, read, update and import;
//     list resources (terraform query) share the client's cached policy list.
package vnc
