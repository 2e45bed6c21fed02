// Package options is the room of the protocol options: the singletons
// /api/configuration/<protocol>/options, served as sps_<protocol>_options
// (resource, list resource, data source) for each row of the protocol
// table (protocols.go), all from one definition (definition.go).
//
// Decisions worth remembering:
//
//   - One Terraform shape for both documented body shapes (reference 04):
//     a body with an `audit` section (audit.cleanup and
//     audit.timestamping) and one with `channel_database_cleanup` and no
//     timestamping. The shape is read from the body SPS holds, never
//     chosen: api_shape reports it ("audit" or "legacy", the names the
//     client, the mock and sps_vnc_options have used from the start), and
//     timestamping against a channel_database_cleanup body is refused
//     before anything is written. Which SPS versions serve which shape is
//     not stated the same way everywhere: reference 04 shows the audit
//     shape on 6.x pages and the other on 7.1 and later, while the VNC
//     seeds and sps_vnc_options' description call the audit shape the
//     newer one. The new resources' descriptions name the shapes by their
//     fields, not by age; sps_vnc_options keeps its words unchanged.
//
//   - Only documented rules. The reference states no range for log_level
//     or days; sps_vnc_options has had 0 to 7 and at least 1 from the
//     start and keeps them (no change in behavior), the other protocols
//     get no bound SPS does not document. Enums come from the catalog
//     (internal/sps/catalog), the same data the generic resources check.
//
//   - Values SPS ignores are dropped when reading (log_level of a disabled
//     service, days of a disabled cleanup, server_url and policy_oid of
//     local timestamping), and the validators forbid them in configuration,
//     so state and configuration agree.
//
//   - A null timestamping (and, for SSH, gssapi) block means "not
//     managed": nothing is sent for it, state keeps it null, also after
//     import and in list results, so an adopted appliance plans empty.
//
//   - Every write reads the body inside the transaction and changes only
//     the modeled fields; fields SPS holds beyond the schema are kept.
//
//   - Create takes the options over, destroy only forgets them (with a
//     warning): resetting them would cut live connections.
package options
