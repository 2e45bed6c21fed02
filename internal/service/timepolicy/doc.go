// Package timepolicy is the room of the time policies
// (/api/configuration/policies/time_policies): the resource, list resource
// and data source sps_time_policy, from one definition on the provider's
// keyed-object machinery.
//
// Decisions worth remembering:
//
//   - The rules are the catalog's (internal/sps/catalog): the resource
//     maps its configuration onto the body it will write and runs
//     Family.Check on it at plan time, unknown values skipped until they
//     are known; descriptions quote Family.Field. No rule is written here:
//     the reference documents "no whitespace" in the name and "hh:mm" for
//     each end of an interval, and nothing else (no order of the two ends,
//     no overlap rule: its sentence on that is cut in the stored copy).
//
//   - Days are mon ... sun, the API's Mon ... Sun in lower case, each a
//     list of { start, end } (the API's ["hh:mm", "hh:mm"]). A day left out
//     is an empty list, which the reference documents as no access that
//     day; the whole week is always written, so state and SPS agree.
//
//   - The key is the identity and name is an ordinary attribute: SPS
//     updates the name in place (PUT of the whole object), so a rename is
//     an update, never a replacement. Fields SPS holds beyond the schema
//     are kept by every write (the machinery overlays the declared fields).
//
//   - The built-in 7x24 policy (a negative key) can be imported and
//     changed, and a destroy only forgets it, with a warning.
package timepolicy
