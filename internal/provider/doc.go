// Package provider is the provider itself: its schema and settings (the
// provider block, the environment, the defaults), Configure, which builds
// the one *sps.Client that every resource and data source of a provider
// instance shares, the registration of every room's resources, data
// sources, list resources and functions, and the protocol 6 server main.go
// serves. The rooms live beside it:
//
//   - internal/provider/framework: the bases every room embeds, identity
//     and import helpers, shared schema helpers and validators, and the
//     handling of creates whose commit outcome is unknown;
//   - internal/provider/diagnostics: every word a user reads about a failed
//     SPS call;
//   - internal/service/vnc and internal/service/audit: the resources and data
//     sources, one room per API area;
//   - internal/functions: the provider functions, over internal/report.
//
// Its tests are the ones that span rooms: the fault matrix (chaos_*), the
// real-CLI interrupt tests and chaos walk (cli_*), the compliance report and
// checks, and the provider settings.
//
// Decisions worth remembering:
//
//   - A provider block with values unknown at plan time builds no client.
//     Terraform versions that support deferral are asked to defer; others get
//     a plan in which Read keeps the prior state (with a warning) and the
//     client is built at apply time, once the values are known.
//
//   - Client errors become one diagnostic (internal/provider/diagnostics):
//     the client's error types are the taxonomy, and one table maps each
//     type, with the operation's area (which resource or data source, read
//     or write) and the SPS area the error names, to the summary and the
//     advice; the client's text follows untouched as the details. Error
//     texts are never rewritten. The client's errors carry facts only; all
//     advice is worded there.
//
//   - The settings start from the client's defaults (sps.DefaultConfig)
//     and override only what the user set; the client checks the values
//     and the provider words a refusal with the attribute and environment
//     variable to fix (provider_settings.go).
//
//   - A create whose commit may still land (sps.IsCommitOutcomeUnknown), or
//     landed but could not be read back, succeeds with a warning and records
//     the key it wrote (not tainted, so a policy that landed is not
//     replaced); an unknown outcome is marked in private state and the next
//     refresh settles it (framework/unsettled_create.go). An update whose
//     commit may still land fails with its error together with the planned
//     state, and the next refresh reads what SPS has.
//
//   - sps_audit_sessions does not build its sessions list through the
//     framework (internal/service/audit): the protocol 6 server wrapper
//     (protocol_server.go; main.go serves through it) splices the list the
//     data source encoded into the state the framework built.
package provider
