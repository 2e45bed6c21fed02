package audit

import (
	"cmp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// sessionColumns is the one table of a recorded session's attributes: each
// row is an attribute of every element of sps_audit_sessions.sessions and
// of sps_audit_session (at its top level). The row gives the name, the
// description and the value; its kind (text, key, flag, number, user,
// endpoint, words) makes the attribute's type, its schema, its framework
// value (sps_audit_session) and its MessagePack encoding (the fast path of
// sps_audit_sessions, sessions_encode.go); the session element it names is
// what a search asks SPS for when the fields attribute picks it (the
// client holds SPS's names for it, sps.FieldsFor). Adding an attribute is
// one row.
var sessionColumns = []sessionColumn{
	keyText("rest_id", "The id in the form REST paths use (`svc/X/name:2` becomes `svc-X-name-2`); "+
		"pass it to `sps_audit_session`.", func(s *sps.Session) string { return sps.SessionRESTID(s.ID) }),
	text("session_id", sps.ElemSessionID, "The session id SPS writes to its logs, `svc/<hash>/<connection-policy>:<n>`, "+
		"on some appliances followed by `/<protocol>`.", func(s *sps.Session) string { return s.SessionID }),
	text("protocol", sps.ElemProtocol, "Protocol of the session as SPS writes it, for example `SSH`, `RDP` or `VNC` (the "+
		"vendor's samples use upper case; query terms such as `protocol:ssh` match any case).", func(s *sps.Session) string { return s.Protocol }),
	flag("active", sps.ElemActive, "Whether the session is still in progress.", func(s *sps.Session) bool { return s.Active }),
	text("verdict", sps.ElemVerdict, "What SPS decided about the connection: `accept`, `accept-terminated`, `auth-fail`, "+
		"`deny`, `fail`, `gw-auth-fail`, `key-error` or `user-mapping-fail` (the case follows what SPS returns).",
		func(s *sps.Session) string { return s.Verdict }),
	text("start_time", sps.ElemStartTime, "When the session started (ISO 8601).", func(s *sps.Session) string { return s.StartTime }),
	text("end_time", sps.ElemEndTime, "When the session ended (ISO 8601); null while it is active.", func(s *sps.Session) string { return s.EndTime }),
	number("duration", sps.ElemDuration, "Length of the session in seconds.", func(s *sps.Session) int { return s.Duration }),
	user("user", sps.ElemUser, "Who connected.", func(s *sps.Session) sps.SessionUser { return s.User }),
	endpoint("client", sps.ElemClient, "Address of the client that connected.", func(s *sps.Session) sps.Endpoint { return s.Client }),
	endpoint("server", sps.ElemServer, "Address of the server SPS connected to.", func(s *sps.Session) sps.Endpoint { return s.Server }),
	endpoint("target", sps.ElemTarget, "Address the client asked to reach.", func(s *sps.Session) sps.Endpoint { return s.Target }),
	text("connection_policy", sps.ElemConnectionPolicy, "Name of the connection policy that handled the session.",
		func(s *sps.Session) string { return s.ConnectionPolicy }),
	text("channel_policy", sps.ElemChannelPolicy, "Channel policy applied to the session.", func(s *sps.Session) string { return s.ChannelPolicy }),
	text("auth_method", sps.ElemAuthMethod, "How the user authenticated, for example `password` or `publickey`.",
		func(s *sps.Session) string { return s.AuthMethod }),
	text("index_status", sps.ElemIndexStatus, "Indexing state of the audit trail: `CHANNEL_OPEN`, `NOT_INDEXED`, `INDEXING_IN_PROGRESS`, "+
		"`INDEXED`, `INDEXING_NOT_REQUIRED`, `INDEXING_FAILED` or `NO_TRAIL`. Content search finds what was indexed: "+
		"`INDEXED` sessions, and the parts indexed so far of `INDEXING_IN_PROGRESS` sessions or before the failure of "+
		"`INDEXING_FAILED` ones.", func(s *sps.Session) string { return s.IndexStatus }),
	text("origin", sps.ElemOrigin, "How SPS learned of the session, for example `RECORDING`.", func(s *sps.Session) string { return s.Origin }),
	flag("archived", sps.ElemArchived, "Whether the audit trail has been archived.", func(s *sps.Session) bool { return s.Archived }),
	flag("has_accepted_channel", sps.ElemHasAcceptedChannel, "Whether at least one channel was accepted and carried traffic.",
		func(s *sps.Session) bool { return s.HasAcceptedChannel }),
	words("interesting_events", sps.ElemInterestingEvents, "Commands and window titles that analytics flagged as interesting "+
		"from a security point of view.", func(s *sps.Session) []string { return s.InterestingEvents }),
}

// idColumn is the id of an element of sps_audit_sessions.sessions;
// sps_audit_session takes its id as input.
var idColumn = keyText("id", "The session's key as SPS returns it in search results.", func(s *sps.Session) string { return s.ID })

// elementColumns are the attributes of one element of
// sps_audit_sessions.sessions, id included, sorted by name: the order
// MessagePack objects list them in.
var elementColumns = func() []sessionColumn {
	cols := append([]sessionColumn{idColumn}, sessionColumns...)
	slices.SortFunc(cols, func(a, b sessionColumn) int { return cmp.Compare(a.name, b.name) })
	return cols
}()

// auditSessionElemType is one element of sps_audit_sessions.sessions.
var auditSessionElemType = types.ObjectType{AttrTypes: columnTypes(elementColumns)}

func columnTypes(cols []sessionColumn) map[string]attr.Type {
	out := make(map[string]attr.Type, len(cols))
	for _, c := range cols {
		out[c.name] = c.typ
	}
	return out
}

// auditSessionAttributes are the computed attributes of one session,
// without the id.
func auditSessionAttributes() map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(sessionColumns))
	for _, c := range sessionColumns {
		out[c.name] = c.schema
	}
	return out
}

// sessionAttrValues renders a session as the values of
// auditSessionAttrTypes.
func sessionAttrValues(s *sps.Session) map[string]attr.Value {
	out := make(map[string]attr.Value, len(sessionColumns))
	for _, c := range sessionColumns {
		out[c.name] = c.value(s)
	}
	return out
}

// sessionFieldNames are the values the fields attribute accepts: every
// session attribute but id, which is always filled.
func sessionFieldNames() []string {
	names := make([]string, 0, len(sessionColumns))
	for _, c := range sessionColumns {
		names = append(names, c.name)
	}
	slices.Sort(names)
	return names
}

// sessionColumn is one row of the table, made by one of the kinds below.
type sessionColumn struct {
	name string
	// elem is the session element the attribute comes from; 0 for the
	// attributes derived from the key, which every search returns.
	elem   sps.SessionElement
	typ    attr.Type
	schema schema.Attribute
	value  func(*sps.Session) attr.Value
	write  func(*mpWriter, *sps.Session)
}

// keyText is a string always there (derived from the key).
func keyText(name, desc string, get func(*sps.Session) string) sessionColumn {
	return sessionColumn{name: name, typ: types.StringType, schema: framework.ComputedString(desc),
		value: func(s *sps.Session) attr.Value { return types.StringValue(get(s)) },
		write: func(w *mpWriter, s *sps.Session) { w.str(get(s)) }}
}

// text is a string SPS may leave out: "" is null.
func text(name string, elem sps.SessionElement, desc string, get func(*sps.Session) string) sessionColumn {
	return sessionColumn{name: name, elem: elem, typ: types.StringType, schema: framework.ComputedString(desc),
		value: func(s *sps.Session) attr.Value { return optString(get(s)) },
		write: func(w *mpWriter, s *sps.Session) { w.optStr(get(s)) }}
}

// flag is a boolean; SPS's absent is false.
func flag(name string, elem sps.SessionElement, desc string, get func(*sps.Session) bool) sessionColumn {
	return sessionColumn{name: name, elem: elem, typ: types.BoolType, schema: framework.ComputedBool(desc),
		value: func(s *sps.Session) attr.Value { return types.BoolValue(get(s)) },
		write: func(w *mpWriter, s *sps.Session) { w.bool(get(s)) }}
}

// number is an integer; SPS's absent is 0.
func number(name string, elem sps.SessionElement, desc string, get func(*sps.Session) int) sessionColumn {
	return sessionColumn{name: name, elem: elem, typ: types.Int64Type, schema: framework.ComputedInt64(desc),
		value: func(s *sps.Session) attr.Value { return types.Int64Value(int64(get(s))) },
		write: func(w *mpWriter, s *sps.Session) { w.int(get(s)) }}
}

// words is a list of strings.
func words(name string, elem sps.SessionElement, desc string, get func(*sps.Session) []string) sessionColumn {
	return sessionColumn{name: name, elem: elem, typ: types.ListType{ElemType: types.StringType},
		schema: schema.ListAttribute{MarkdownDescription: desc, ElementType: types.StringType, Computed: true},
		value: func(s *sps.Session) attr.Value {
			vs := get(s)
			out := make([]attr.Value, 0, len(vs))
			for _, v := range vs {
				out = append(out, types.StringValue(v))
			}
			return types.ListValueMust(types.StringType, out)
		},
		write: func(w *mpWriter, s *sps.Session) {
			vs := get(s)
			w.arrayLen(len(vs))
			for _, v := range vs {
				w.str(v)
			}
		}}
}

// auditEndpointAttrTypes are the attributes of an address object.
var auditEndpointAttrTypes = map[string]attr.Type{"ip": types.StringType, "port": types.Int64Type, "name": types.StringType}

// endpoint is an address object (ip, name, port).
func endpoint(name string, elem sps.SessionElement, desc string, get func(*sps.Session) sps.Endpoint) sessionColumn {
	return sessionColumn{name: name, elem: elem, typ: types.ObjectType{AttrTypes: auditEndpointAttrTypes}, schema: endpointAttribute(desc),
		value: func(s *sps.Session) attr.Value { return endpointValue(get(s)) },
		write: func(w *mpWriter, s *sps.Session) { w.endpoint(get(s)) }}
}

func endpointAttribute(what string) schema.SingleNestedAttribute {
	return framework.ComputedObject(what, map[string]schema.Attribute{
		"ip":   framework.ComputedString("IP address."),
		"port": framework.ComputedInt64("TCP port."),
		"name": framework.ComputedString("Host name, or the IP address when SPS could not resolve one."),
	})
}

func endpointValue(e sps.Endpoint) attr.Value {
	port := types.Int64Null()
	if e.Port != 0 {
		port = types.Int64Value(int64(e.Port))
	}
	return types.ObjectValueMust(auditEndpointAttrTypes, map[string]attr.Value{
		"ip": optString(e.IP), "port": port, "name": optString(e.Name),
	})
}

// auditUserAttrTypes are the attributes of the user object.
var auditUserAttrTypes = map[string]attr.Type{"id": types.StringType, "name": types.StringType, "server_username": types.StringType}

// user is the user object (id, name, server_username).
func user(name string, elem sps.SessionElement, desc string, get func(*sps.Session) sps.SessionUser) sessionColumn {
	return sessionColumn{name: name, elem: elem, typ: types.ObjectType{AttrTypes: auditUserAttrTypes},
		schema: framework.ComputedObject(desc, map[string]schema.Attribute{
			"id":              framework.ComputedString("ID of the user, when SPS knows one."),
			"name":            framework.ComputedString("Username used to authenticate on SPS (the gateway username)."),
			"server_username": framework.ComputedString("Username used on the target server."),
		}),
		value: func(s *sps.Session) attr.Value {
			u := get(s)
			return types.ObjectValueMust(auditUserAttrTypes, map[string]attr.Value{
				"id": optString(u.ID), "name": optString(u.Name), "server_username": optString(u.ServerUsername),
			})
		},
		write: func(w *mpWriter, s *sps.Session) {
			u := get(s)
			w.mapLen(3) // id, name, server_username: sorted
			w.key("id")
			w.optStr(u.ID)
			w.key("name")
			w.optStr(u.Name)
			w.key("server_username")
			w.optStr(u.ServerUsername)
		}}
}

// optString maps the API's "absent" (empty) to null, so `end_time == null`
// tells an active session apart and empty strings never reach the state.
func optString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
