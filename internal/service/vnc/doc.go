// Package vnc is the room of the VNC settings policies: the resource
// sps_vnc_settings_policy, the data sources sps_vnc_settings_policy and
// sps_vnc_settings_policies, and its list resource (terraform query).
// sps_vnc_options is served by the options room with the options of every
// other protocol, from one definition.
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
//     while disabled, custom_cipher with "recommended" ciphers. The matching
//     validators
//     (framework.RequiredOnlyWhen, framework.AllowedOnlyWhen) forbid them in
//     configuration, so state and configuration always agree.
//
//   - One model (settings_policy_model.go) serves the resource and the data
//     sources; the data source schemas are built from one function. Add a
//     field once.
//
//   - Built-in settings policies (negative keys) are never deleted: Delete
//     forgets them with a warning, as a destroy of sps_vnc_options does.
//
//   - Resource identity ({ key }) is set on create, read, update and import;
//     list resources (terraform query) share the client's cached policy list.
package vnc
