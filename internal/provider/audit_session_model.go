package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// This file is the one place that knows how a recorded session looks in
// Terraform; sps_audit_sessions (one element per session) and
// sps_audit_session (the attributes at top level) both use it.

// auditSessionFields are the attributes of one session. The id is not here
// because sps_audit_session takes it as input.
type auditSessionFields struct {
	RESTID             types.String       `tfsdk:"rest_id"`
	SessionID          types.String       `tfsdk:"session_id"`
	Protocol           types.String       `tfsdk:"protocol"`
	Active             types.Bool         `tfsdk:"active"`
	Verdict            types.String       `tfsdk:"verdict"`
	StartTime          types.String       `tfsdk:"start_time"`
	EndTime            types.String       `tfsdk:"end_time"`
	Duration           types.Int64        `tfsdk:"duration"`
	User               auditUserModel     `tfsdk:"user"`
	Client             auditEndpointModel `tfsdk:"client"`
	Server             auditEndpointModel `tfsdk:"server"`
	Target             auditEndpointModel `tfsdk:"target"`
	ConnectionPolicy   types.String       `tfsdk:"connection_policy"`
	ChannelPolicy      types.String       `tfsdk:"channel_policy"`
	AuthMethod         types.String       `tfsdk:"auth_method"`
	IndexStatus        types.String       `tfsdk:"index_status"`
	Origin             types.String       `tfsdk:"origin"`
	Archived           types.Bool         `tfsdk:"archived"`
	HasAcceptedChannel types.Bool         `tfsdk:"has_accepted_channel"`
	InterestingEvents  []types.String     `tfsdk:"interesting_events"`
}

// auditSessionModel is one element of sps_audit_sessions.sessions.
type auditSessionModel struct {
	ID types.String `tfsdk:"id"`
	auditSessionFields
}

type auditUserModel struct {
	ID             types.String `tfsdk:"id"`
	Name           types.String `tfsdk:"name"`
	ServerUsername types.String `tfsdk:"server_username"`
}

type auditEndpointModel struct {
	IP   types.String `tfsdk:"ip"`
	Port types.Int64  `tfsdk:"port"`
	Name types.String `tfsdk:"name"`
}

// optString maps the API's "absent" (empty) to null, so `end_time == null`
// tells an active session apart and empty strings never reach the state.
func optString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func endpointModel(e sps.Endpoint) auditEndpointModel {
	m := auditEndpointModel{IP: optString(e.IP), Name: optString(e.Name), Port: types.Int64Null()}
	if e.Port != 0 {
		m.Port = types.Int64Value(int64(e.Port))
	}
	return m
}

func sessionFields(s *sps.Session) auditSessionFields {
	events := make([]types.String, 0, len(s.InterestingEvents))
	for _, e := range s.InterestingEvents {
		events = append(events, types.StringValue(e))
	}
	return auditSessionFields{
		RESTID:    types.StringValue(sps.SessionRESTID(s.ID)),
		SessionID: optString(s.SessionID),
		Protocol:  optString(s.Protocol),
		Active:    types.BoolValue(s.Active),
		Verdict:   optString(s.Verdict),
		StartTime: optString(s.StartTime),
		EndTime:   optString(s.EndTime),
		Duration:  types.Int64Value(int64(s.Duration)),
		User: auditUserModel{
			ID:             optString(s.User.ID),
			Name:           optString(s.User.Name),
			ServerUsername: optString(s.User.ServerUsername),
		},
		Client:             endpointModel(s.Client),
		Server:             endpointModel(s.Server),
		Target:             endpointModel(s.Target),
		ConnectionPolicy:   optString(s.ConnectionPolicy),
		ChannelPolicy:      optString(s.ChannelPolicy),
		AuthMethod:         optString(s.AuthMethod),
		IndexStatus:        optString(s.IndexStatus),
		Origin:             optString(s.Origin),
		Archived:           types.BoolValue(s.Archived),
		HasAcceptedChannel: types.BoolValue(s.HasAcceptedChannel),
		InterestingEvents:  events,
	}
}

func endpointAttribute(what string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: what,
		Computed:            true,
		Attributes: map[string]schema.Attribute{
			"ip":   schema.StringAttribute{MarkdownDescription: "IP address.", Computed: true},
			"port": schema.Int64Attribute{MarkdownDescription: "TCP port.", Computed: true},
			"name": schema.StringAttribute{MarkdownDescription: "Host name, or the IP address when SPS could not resolve one.", Computed: true},
		},
	}
}

// auditSessionAttributes returns the computed attributes of one session.
func auditSessionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"rest_id": schema.StringAttribute{
			MarkdownDescription: "The id in the form REST paths use (`svc/X/name:2` becomes `svc-X-name-2`); " +
				"pass it to `sps_audit_session`.",
			Computed: true,
		},
		"session_id": schema.StringAttribute{
			MarkdownDescription: "The session id SPS writes to its logs, `svc/<hash>/<connection-policy>:<n>`.",
			Computed:            true,
		},
		"protocol": schema.StringAttribute{MarkdownDescription: "Protocol of the session, for example `ssh`, `rdp` or `vnc`.", Computed: true},
		"active":   schema.BoolAttribute{MarkdownDescription: "Whether the session is still in progress.", Computed: true},
		"verdict": schema.StringAttribute{
			MarkdownDescription: "What SPS decided about the connection: `accept`, `accept-terminated`, `auth-fail`, " +
				"`deny`, `fail`, `gw-auth-fail`, `key-error` or `user-mapping-fail` (the case follows what SPS returns).",
			Computed: true,
		},
		"start_time": schema.StringAttribute{MarkdownDescription: "When the session started (ISO 8601).", Computed: true},
		"end_time":   schema.StringAttribute{MarkdownDescription: "When the session ended (ISO 8601); null while it is active.", Computed: true},
		"duration":   schema.Int64Attribute{MarkdownDescription: "Length of the session in seconds.", Computed: true},
		"user": schema.SingleNestedAttribute{
			MarkdownDescription: "Who connected.",
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"id":              schema.StringAttribute{MarkdownDescription: "ID of the user, when SPS knows one.", Computed: true},
				"name":            schema.StringAttribute{MarkdownDescription: "Username used to authenticate on SPS (the gateway username).", Computed: true},
				"server_username": schema.StringAttribute{MarkdownDescription: "Username used on the target server.", Computed: true},
			},
		},
		"client":            endpointAttribute("Address of the client that connected."),
		"server":            endpointAttribute("Address of the server SPS connected to."),
		"target":            endpointAttribute("Address the client asked to reach."),
		"connection_policy": schema.StringAttribute{MarkdownDescription: "Name of the connection policy that handled the session.", Computed: true},
		"channel_policy":    schema.StringAttribute{MarkdownDescription: "Channel policy applied to the session.", Computed: true},
		"auth_method":       schema.StringAttribute{MarkdownDescription: "How the user authenticated, for example `password` or `publickey`.", Computed: true},
		"index_status": schema.StringAttribute{
			MarkdownDescription: "Indexing state of the audit trail: `CHANNEL_OPEN`, `NOT_INDEXED`, `INDEXING_IN_PROGRESS`, " +
				"`INDEXED`, `INDEXING_NOT_REQUIRED`, `INDEXING_FAILED` or `NO_TRAIL`. Content search only finds `INDEXED` sessions.",
			Computed: true,
		},
		"origin":               schema.StringAttribute{MarkdownDescription: "How SPS learned of the session, for example `RECORDING`.", Computed: true},
		"archived":             schema.BoolAttribute{MarkdownDescription: "Whether the audit trail has been archived.", Computed: true},
		"has_accepted_channel": schema.BoolAttribute{MarkdownDescription: "Whether at least one channel was accepted and carried traffic.", Computed: true},
		"interesting_events": schema.ListAttribute{
			MarkdownDescription: "Commands and window titles that analytics flagged as interesting from a security point of view.",
			ElementType:         types.StringType,
			Computed:            true,
		},
	}
}
