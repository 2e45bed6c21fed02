package audit

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// This file is the one place that knows how a recorded session looks in
// Terraform; sps_audit_sessions (one element per session) and
// sps_audit_session (the attributes at top level) both use it.

// sps_audit_session builds its values here by hand; the up to 10000
// sessions of sps_audit_sessions are encoded without framework values at
// all (sessions_encode.go), and TestSessionEncoderMatchesFramework
// keeps the two conversions identical.

var (
	auditUserAttrTypes = map[string]attr.Type{
		"id":              types.StringType,
		"name":            types.StringType,
		"server_username": types.StringType,
	}
	auditEndpointAttrTypes = map[string]attr.Type{
		"ip":   types.StringType,
		"port": types.Int64Type,
		"name": types.StringType,
	}
	// auditSessionAttrTypes are the attributes of one session, without
	// the id (sps_audit_session takes it as input).
	auditSessionAttrTypes = map[string]attr.Type{
		"rest_id":              types.StringType,
		"session_id":           types.StringType,
		"protocol":             types.StringType,
		"active":               types.BoolType,
		"verdict":              types.StringType,
		"start_time":           types.StringType,
		"end_time":             types.StringType,
		"duration":             types.Int64Type,
		"user":                 types.ObjectType{AttrTypes: auditUserAttrTypes},
		"client":               types.ObjectType{AttrTypes: auditEndpointAttrTypes},
		"server":               types.ObjectType{AttrTypes: auditEndpointAttrTypes},
		"target":               types.ObjectType{AttrTypes: auditEndpointAttrTypes},
		"connection_policy":    types.StringType,
		"channel_policy":       types.StringType,
		"auth_method":          types.StringType,
		"index_status":         types.StringType,
		"origin":               types.StringType,
		"archived":             types.BoolType,
		"has_accepted_channel": types.BoolType,
		"interesting_events":   types.ListType{ElemType: types.StringType},
	}
	// auditSessionElemType is one element of sps_audit_sessions.sessions.
	auditSessionElemType = types.ObjectType{AttrTypes: withIDType(auditSessionAttrTypes)}
)

func withIDType(m map[string]attr.Type) map[string]attr.Type {
	out := make(map[string]attr.Type, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	out["id"] = types.StringType
	return out
}

// optString maps the API's "absent" (empty) to null, so `end_time == null`
// tells an active session apart and empty strings never reach the state.
func optString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
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

// sessionAttrValues renders a session as the values of
// auditSessionAttrTypes.
func sessionAttrValues(s *sps.Session) map[string]attr.Value {
	events := make([]attr.Value, 0, len(s.InterestingEvents))
	for _, e := range s.InterestingEvents {
		events = append(events, types.StringValue(e))
	}
	return map[string]attr.Value{
		"rest_id":    types.StringValue(sps.SessionRESTID(s.ID)),
		"session_id": optString(s.SessionID),
		"protocol":   optString(s.Protocol),
		"active":     types.BoolValue(s.Active),
		"verdict":    optString(s.Verdict),
		"start_time": optString(s.StartTime),
		"end_time":   optString(s.EndTime),
		"duration":   types.Int64Value(int64(s.Duration)),
		"user": types.ObjectValueMust(auditUserAttrTypes, map[string]attr.Value{
			"id":              optString(s.User.ID),
			"name":            optString(s.User.Name),
			"server_username": optString(s.User.ServerUsername),
		}),
		"client":               endpointValue(s.Client),
		"server":               endpointValue(s.Server),
		"target":               endpointValue(s.Target),
		"connection_policy":    optString(s.ConnectionPolicy),
		"channel_policy":       optString(s.ChannelPolicy),
		"auth_method":          optString(s.AuthMethod),
		"index_status":         optString(s.IndexStatus),
		"origin":               optString(s.Origin),
		"archived":             types.BoolValue(s.Archived),
		"has_accepted_channel": types.BoolValue(s.HasAcceptedChannel),
		"interesting_events":   types.ListValueMust(types.StringType, events),
	}
}

// decodeSessionList turns an encoded sessions list (encodeSessionList)
// into the framework's value of the sessions attribute. It is the path of
// a Read that does not run behind the provider's protocol server.
func decodeSessionList(ctx context.Context, list []byte, diags *diag.Diagnostics) types.List {
	listType := types.ListType{ElemType: auditSessionElemType}
	raw, err := (&tfprotov6.DynamicValue{MsgPack: list}).Unmarshal(listType.TerraformType(ctx))
	if err != nil {
		diags.AddError("Unable to decode the sessions", err.Error()+". This is a bug in the provider; please report it.")
		return types.ListNull(auditSessionElemType)
	}
	v, err := listType.ValueFromTerraform(ctx, raw)
	if err != nil {
		diags.AddError("Unable to decode the sessions", err.Error()+". This is a bug in the provider; please report it.")
		return types.ListNull(auditSessionElemType)
	}
	l, ok := v.(types.List)
	if !ok {
		diags.AddError("Unable to decode the sessions", fmt.Sprintf("got %T. This is a bug in the provider; please report it.", v))
		return types.ListNull(auditSessionElemType)
	}
	return l
}

func endpointAttribute(what string) schema.SingleNestedAttribute {
	return framework.ComputedObject(what, map[string]schema.Attribute{
		"ip":   framework.ComputedString("IP address."),
		"port": framework.ComputedInt64("TCP port."),
		"name": framework.ComputedString("Host name, or the IP address when SPS could not resolve one."),
	})
}

// auditSessionAttributes returns the computed attributes of one session.
func auditSessionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"rest_id": framework.ComputedString("The id in the form REST paths use (`svc/X/name:2` becomes `svc-X-name-2`); " +
			"pass it to `sps_audit_session`."),
		"session_id": framework.ComputedString("The session id SPS writes to its logs, `svc/<hash>/<connection-policy>:<n>`, " +
			"on some appliances followed by `/<protocol>`."),
		"protocol": framework.ComputedString("Protocol of the session as SPS writes it, for example `SSH`, `RDP` or `VNC` (the " +
			"vendor's samples use upper case; query terms such as `protocol:ssh` match any case)."),
		"active": framework.ComputedBool("Whether the session is still in progress."),
		"verdict": framework.ComputedString("What SPS decided about the connection: `accept`, `accept-terminated`, `auth-fail`, " +
			"`deny`, `fail`, `gw-auth-fail`, `key-error` or `user-mapping-fail` (the case follows what SPS returns)."),
		"start_time": framework.ComputedString("When the session started (ISO 8601)."),
		"end_time":   framework.ComputedString("When the session ended (ISO 8601); null while it is active."),
		"duration":   framework.ComputedInt64("Length of the session in seconds."),
		"user": framework.ComputedObject("Who connected.", map[string]schema.Attribute{
			"id":              framework.ComputedString("ID of the user, when SPS knows one."),
			"name":            framework.ComputedString("Username used to authenticate on SPS (the gateway username)."),
			"server_username": framework.ComputedString("Username used on the target server."),
		}),
		"client":            endpointAttribute("Address of the client that connected."),
		"server":            endpointAttribute("Address of the server SPS connected to."),
		"target":            endpointAttribute("Address the client asked to reach."),
		"connection_policy": framework.ComputedString("Name of the connection policy that handled the session."),
		"channel_policy":    framework.ComputedString("Channel policy applied to the session."),
		"auth_method":       framework.ComputedString("How the user authenticated, for example `password` or `publickey`."),
		"index_status": framework.ComputedString("Indexing state of the audit trail: `CHANNEL_OPEN`, `NOT_INDEXED`, `INDEXING_IN_PROGRESS`, " +
			"`INDEXED`, `INDEXING_NOT_REQUIRED`, `INDEXING_FAILED` or `NO_TRAIL`. Content search finds what was indexed: " +
			"`INDEXED` sessions, and the parts indexed so far of `INDEXING_IN_PROGRESS` sessions or before the failure of " +
			"`INDEXING_FAILED` ones."),
		"origin":               framework.ComputedString("How SPS learned of the session, for example `RECORDING`."),
		"archived":             framework.ComputedBool("Whether the audit trail has been archived."),
		"has_accepted_channel": framework.ComputedBool("Whether at least one channel was accepted and carried traffic."),
		"interesting_events": schema.ListAttribute{
			MarkdownDescription: "Commands and window titles that analytics flagged as interesting from a security point of view.",
			ElementType:         types.StringType,
			Computed:            true,
		},
	}
}
