// Package catalog is SPS's documented configuration schema, written once as
// data, and a checker of configuration bodies against it. It describes the
// API, so it knows nothing about Terraform.
//
// catalog.yaml holds every documented family of ../shared/spec (the
// reference/ pages and the VNC seeds): its path under /api/configuration,
// list or singleton, read-only and why, its fields with types, enums and
// nesting, and the rules the reference states in words, each citing the
// file, section and vendor source tag it came from. Shared sub-shapes (TLS
// settings, choice objects, cleanup blocks, address objects, day
// intervals) are definitions used by name; a rule written on a definition
// has one id wherever the definition is used. FAMILIES.md (generated from
// the same data by TestFamiliesTable) lists each family with what the
// catalog knows and what the provider can offer for it, and the families
// left out, with why.
//
// # Using it
//
// Check(path, body, mode) (or Lookup then Family.Check) returns the
// violations of a body, each with its attribute path (Violation.Steps;
// Path renders body.server_address.port), the documented rule in words,
// what was found, a "did you mean" for a misspelled field, and the source.
// A path the catalog does not know is not checked. The body is the value
// Terraform holds, as plain Go values: objects as map[string]any, lists,
// tuples and sets as []any, string, bool, numbers as *big.Float (or
// json.Number, float64, integer types), null as nil and a value not known
// yet as Unknown.
//
// The generic resources call it at plan time: in ValidateConfig with
// Overlay (the configuration alone; a create's body is whole, but
// ValidateConfig cannot tell), and in ModifyPlan with Whole on what will
// be written: a create's body, or for an update the declared body merged
// onto the object SPS holds (the state's output) with the resource's own
// merge. A KindReadOnly violation belongs on the path attribute; the
// others on body at Steps. Severity Warning becomes a warning diagnostic.
//
// A typed resource reuses a family's rules instead of writing them again:
// it builds the body from its configuration with the same model-to-body
// mapping it writes with (attributes not known yet as Unknown), calls
// Family.Check, and maps each Violation's Steps onto its schema (the typed
// schema uses the body's field names, so a key step is an attribute and an
// index step a list element). Family.Field gives the same definition's
// documentation, enum values and rules in words for the schema's
// descriptions and validators. Family.References lists the references a
// body makes (indexing.policy, usergroups), for writing them as Terraform
// references when a whole appliance is adopted.
//
// # Decisions
//
//   - Unknown fields. The issue asks both that an unknown field is an error
//     and that fields the reference does not document are allowed, because
//     SPS holds more than the stored pages show. Both hold, object by
//     object: an object is closed when the reference documents its field
//     set completely (a complete field table, a complete vendor sample, or
//     a table whose rows move on past the object's children), and only
//     there an undocumented field is an error (KindUnknownField, with the
//     documented names and a near one suggested by Levenshtein distance).
//     Everywhere else an undocumented field passes silently. Closed: time
//     policies, protocol options in both shapes (and every object in
//     them), VNC settings policies with their TLS and inactivity blocks,
//     the top level of archive/cleanup policies, indexing, network,
//     domain entries and SSH client_side_algorithms. Each closed object
//     says why in catalog.yaml (closed_why).
//   - Only what is documented. No requiredness, default or range the
//     reference does not state in words: no field is required except by a
//     "required if" rule, numbers have no bounds, enums are the values the
//     reference lists (an enum is not made of one sample value).
//   - Null is an absent field; null as a list element is a wrong type.
//   - Unknown values are skipped, and so is every rule that needs one; the
//     check runs again when Terraform knows them. A rule whose condition
//     field is absent is skipped too: SPS may hold the field already.
//   - "Applies only if X" rules are warnings: the reference says the value
//     has no effect then, not that SPS refuses it. "Must exceed" and "must
//     not exceed" retention rules need another object: they are recorded
//     (cross_object) and never checked.
//   - Protocol options have two documented body shapes; the telling field
//     (audit or channel_database_cleanup) picks one, and a field of the
//     other shape is KindShape. With neither, the shape that finds fewer
//     errors is used.
//   - A read-only family's body is not checked for writes: the one
//     violation says it cannot be written and why. CheckShape checks it
//     anyway, for data read from SPS.
//   - References by key are strings: indexing.policy written as the object
//     SPS returns ({key, meta}) is KindReference with the documented
//     instruction to use the key.
//   - server_address is placed at the top of a connection-policy body: its
//     sub-page belongs to connection policies and the table rows after
//     override_log_level, where it would sort, are cut in the stored copy.
//   - Telnet and HTTP settings policies use the TLS and inactivity blocks
//     the VNC seed documents; reference/03 says the shapes are the same.
//   - A check returns at most MaxViolations and then one KindTruncated. It
//     walks only documented fields, so its depth is the schema's, whatever
//     the nesting of the body; strings in details are cut and escaped.
package catalog
