// Package provider is the Terraform layer of terraform-provider-sps: the
// provider configuration, the resources, data sources and functions, and the
// conversion between Terraform values and the internal/sps client types.
// Everything that talks to SPS goes through the one *sps.Client that
// Configure builds per provider instance.
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
//     of local timestamping. The matching validators (siblingRule) forbid
//     them in configuration, so state and configuration always agree.
//
//   - One model per API object (vnc_settings_policy_model.go,
//     vnc_options_model.go) serves the resource and the data sources; the
//     data source schemas are built from one function. Add a field once.
//
//   - sps_vnc_options is a singleton: Create adopts it, Delete only forgets
//     it (with a warning), because resetting it would cut live VNC
//     connections. A null timestamping block means "not managed": nothing is
//     sent and state keeps it null, also after import.
//
//   - A provider block with values unknown at plan time builds no client.
//     Terraform versions that support deferral are asked to defer; others get
//     a plan in which Read keeps the prior state (with a warning) and the
//     client is built at apply time, once the values are known.
//
//   - Client errors become one diagnostic (diagnostics.go): the client
//     decides the kind once (sps.KindOf, from typed errors), and the kind
//     with the operation's area (which resource or data source, read or
//     write) gives the summary and the advice; the client's text follows
//     untouched as the details. Error texts are never rewritten. The
//     client's errors carry facts only; all advice is worded here.
//
//   - Built-in settings policies (negative keys) are never deleted: Delete
//     forgets them with a warning, as for sps_vnc_options.
//
//   - A write whose commit may still land (sps.IsCommitOutcomeUnknown)
//     returns its error together with state (and identity): the key it
//     wrote, so Terraform taints it and the next apply converges.
//
//   - sps_audit_sessions does not build its sessions list through the
//     framework: at 10,000 sessions the reflection and semantic-equality
//     passes cost seconds and hundreds of MiB. Each page is encoded straight
//     into the protocol's MessagePack (audit_sessions_encode.go) and the
//     protocol 6 server wrapper splices the list into the state the
//     framework built (protocol_server.go; main.go serves through it).
//     Without the wrapper, Read sets the list through the framework, which
//     is correct but slow; TestSessionEncoderMatchesFramework and the golden
//     tests keep the two paths equal.
//
//   - Resource identity ({ key }) is set on create, read, update and import;
//     list resources (terraform query) share the client's cached policy list.
package provider
