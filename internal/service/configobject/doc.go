// Package configobject manages any object of SPS's /api/configuration tree
// with its body as a typed HCL value: sps_config_object (one keyed object of
// a list endpoint), sps_config_settings (a singleton endpoint), their data
// sources and the sps_config_object list resource. It is modeled on
// Azure/terraform-provider-azapi's azapi_resource (a dynamic `body`, a
// write-only `sensitive_body` with a version, a computed `output`), with
// one difference that decides most of the design: SPS objects are written
// whole (PUT replaces), so fields the configuration does not declare must be
// read inside the transaction and written back as SPS holds them.
//
// Decisions worth remembering:
//
//   - The body is a dynamic attribute holding an HCL object, never a JSON
//     string, and its values keep their types exactly: numbers are
//     arbitrary-precision both ways (HCL parses them as 512-bit floats, so
//     does Decode; azapi goes through float64 and loses large integers),
//     and a JSON array is a tuple, an object an object, null a typeless null
//     (what HCL makes of `[...]`, `{...}` and `null`). Unknown values may sit
//     anywhere inside a body at plan time; Encode refuses them, naming where.
//
//   - Declared fields are managed, the rest are kept. The write is the SPS
//     client's: inside the transaction it reads the object, overlays the
//     declared fields (objects merge key by key; lists and scalars replace
//     whole, as SPS's reference says lists are replaced) and PUTs the whole
//     object back. The read is Project: the object SPS holds, seen through
//     the shape of the configured body (the value in state, or, when there
//     is none, after an import, the whole object). So drift on a declared
//     field shows in the plan, and drift on an undeclared one does not; it
//     shows in `output`, which is the whole object as SPS holds it.
//
//   - The shape includes the kind of collection: a body written with
//     tolist() or a variable of type map(string) projects to a list or map,
//     not a tuple or object, or every plan would show a change of type.
//     A list projects element by element, so fields SPS adds inside list
//     elements stay undeclared too; a list of another length is shown
//     whole, which is the change the plan must show.
//
//   - References. SPS answers a reference as {"key": K, "meta": {...}} and
//     takes it written as the key K alone ("use the returned key as the
//     value ... and remove any child elements"). Where the configuration
//     holds a string, a reference projects to its key, so `policy = "K"`
//     equals what SPS answers. Bodies made for people to write back (import,
//     the list resource's results, hence -generate-config-out) carry keys
//     only; `output` and the data sources keep SPS's form.
//
//   - A configuration that declares fewer fields than state holds is not a
//     change when the declared ones agree with state: the plan keeps the
//     prior body (Terraform accepts the prior value of an attribute as the
//     provider's statement that config and prior are equivalent). That is
//     what makes an import of an object with a hand-written, partial body
//     plan empty; the import itself records the whole object.
//
//   - Paths are relative to /api/configuration: "ssh/connections". A
//     leading /api/configuration/ is accepted and normalised away, so state,
//     id and identity always hold the short form; anything else outside the
//     tree, `.` or `..` segments, a query string or a fragment, and a key
//     with `/`, are plan-time errors naming the attribute. id is
//     <path>/<key>, the import ID is the same, identity is {path, key}.
//
//   - The documented rules are plan-time errors where the configuration
//     alone shows them (connection policies of every protocol but SSH and
//     RDP, and the ACLs, are read-only over REST: the catalog holds these
//     rules as data with the reference they come from), and SPS's own refusals are
//     worded the same way by the diagnostics' table. Built-in objects
//     (negative keys) are removed from state on destroy with a warning, as
//     sps_vnc_settings_policy does.
//
//   - The plan-time check of bodies against the vendor's documented schema
//     (internal/sps/catalog) belongs in ValidateConfig of the resources,
//     which call one hook with the normalised path and the body (from
//     TreeWithUnknowns, values not known yet as catalog.Unknown); this
//     package leaves that hook empty.
package configobject
