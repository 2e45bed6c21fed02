package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var (
	_ datasource.DataSource              = (*auditSessionDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*auditSessionDataSource)(nil)
)

type auditSessionDataSource struct {
	dataSourceBase
}

type auditEventModel struct {
	Time      types.String `tfsdk:"time"`
	Type      types.String `tfsdk:"type"`
	Action    types.String `tfsdk:"action"`
	Content   types.String `tfsdk:"content"`
	ChannelID types.String `tfsdk:"channel_id"`
	RecordID  types.Int64  `tfsdk:"record_id"`
}

type auditAlertModel struct {
	Time           types.String `tfsdk:"time"`
	AlertType      types.String `tfsdk:"alert_type"`
	RuleName       types.String `tfsdk:"rule_name"`
	MatchedContent types.String `tfsdk:"matched_content"`
	MatchedRegexp  types.String `tfsdk:"matched_regexp"`
	MatchedAction  types.String `tfsdk:"matched_action"`
	ChannelID      types.String `tfsdk:"channel_id"`
	RecordID       types.Int64  `tfsdk:"record_id"`
}

type auditChannelModel struct {
	ChannelID          types.String `tfsdk:"channel_id"`
	Type               types.String `tfsdk:"type"`
	Verdict            types.String `tfsdk:"verdict"`
	Active             types.Bool   `tfsdk:"active"`
	StartTime          types.String `tfsdk:"start_time"`
	EndTime            types.String `tfsdk:"end_time"`
	Duration           types.Int64  `tfsdk:"duration"`
	RuleNum            types.String `tfsdk:"rule_num"`
	Command            types.String `tfsdk:"command"`
	SubsystemName      types.String `tfsdk:"subsystem_name"`
	FourEyesAuthorizer types.String `tfsdk:"four_eyes_authorizer"`
	Originator         types.Object `tfsdk:"originator"`
	Connected          types.Object `tfsdk:"connected"`
}

// NewAuditSessionDataSource is the constructor the provider registers.
func NewAuditSessionDataSource() datasource.DataSource {
	return &auditSessionDataSource{dataSourceBase{typeSuffix: "_audit_session"}}
}

func (d *auditSessionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := auditSessionAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The session to read: either the id SPS logs (`svc/<hash>/<connection-policy>:<n>`) or " +
			"its REST form (`svc-<hash>-<connection-policy>-<n>`), for example an `id` or `rest_id` from `sps_audit_sessions`.",
		Required:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["events_query"] = schema.StringAttribute{
		MarkdownDescription: "Filter for `events`, in the query language of the events endpoint: fields `content`, " +
			"`type`, `channels_id`, `record_id` and `time`, for example `type:command AND content:sudo`.",
		Optional: true,
	}
	attrs["events"] = computedList("Events extracted from the session (commands, window titles, screen content), in the order "+
		"SPS returns them. Only indexed sessions have events.", map[string]schema.Attribute{
		"time":       computedString("When the event happened."),
		"type":       computedString("`command`, `screen.content` or `screen.windowtitle`."),
		"action":     computedString("The command line without the prompt (for commands)."),
		"content":    computedString("The event with its context, for example the whole command line with its prompt."),
		"channel_id": computedString("The channel the event happened in."),
		"record_id":  computedInt64("Position of the event in the session."),
	})
	attrs["alerts"] = computedList("Alerts that content policies raised in the session, ordered by record id. Only alerts of "+
		"content policies set to store them in the connection database appear.", map[string]schema.Attribute{
		"time":            computedString("When the alert was raised."),
		"alert_type":      computedString("Kind of event that raised the alert, for example `adp.event.command`."),
		"rule_name":       computedString("The content policy rule that matched."),
		"matched_content": computedString("The content that matched, with its context (the whole command line)."),
		"matched_regexp":  computedString("The pattern of the content policy that matched."),
		"matched_action":  computedString("The command or action that matched."),
		"channel_id":      computedString("The channel the alert was raised in."),
		"record_id":       computedInt64("Position of the alert in the session."),
	})
	attrs["channels"] = computedList("The channels opened in the session (for example `session-shell`, `session-exec`, `drawing`).", map[string]schema.Attribute{
		"channel_id": computedString("ID of the channel."),
		"type":       computedString("Channel type."),
		"verdict":    computedString("What SPS decided about the channel, for example `accept` or `deny`."),
		"active":     computedBool("Whether the channel is still open."),
		"start_time": computedString("When the channel opened (ISO 8601; SPS versions that send a UNIX timestamp " +
			"are converted, keeping the instant, to UTC)."),
		"end_time":             computedString("When the channel closed (ISO 8601, as `start_time`); null while it is open."),
		"duration":             computedInt64("Length of the channel in seconds."),
		"rule_num":             computedString("The line of the channel policy that applied."),
		"command":              computedString("The executed command (session-exec channels)."),
		"subsystem_name":       computedString("The subsystem, for example `sftp`."),
		"four_eyes_authorizer": computedString("Who authorized the channel, when four-eyes authorization applied."),
		"originator": endpointAttribute("Forwarded channels (SSH `local forward`, `remote forward`): where the forwarded " +
			"traffic came from. Null for other channels. Read from either shape SPS uses (`originator.address` / " +
			"`originator.ip` keys, or a nested `originator` object)."),
		"connected": endpointAttribute("Forwarded channels: where SPS connected the forwarded traffic to. Null for " +
			"other channels; read like `originator`."),
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "One recorded session from the SPS session database, with its events, alerts and channels.",
		Attributes:          attrs,
	}
}

func (d *auditSessionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	// The state starts as a copy of the configuration (id, events_query);
	// everything else is set attribute by attribute, the session's own
	// attributes from the same mapping sps_audit_sessions uses.
	var id, eventsQuery types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("events_query"), &eventsQuery)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	what := "session " + id.ValueString()

	s, err := d.client.GetSession(ctx, id.ValueString())
	if err != nil {
		if sps.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Session not found",
				"SPS has no recorded session "+id.ValueString()+" (looked up as "+sps.SessionRESTID(id.ValueString())+"). "+
					"Take the id from sps_audit_sessions, or check that the session has not been cleaned up. SPS said: "+spsErrorText(err))
			return
		}
		addAuditError(&resp.Diagnostics, what, err)
		return
	}
	events, err := d.client.SessionEvents(ctx, id.ValueString(), eventsQuery.ValueString())
	if err != nil {
		if sps.IsInvalidQuery(err) {
			resp.Diagnostics.AddAttributeError(path.Root("events_query"), "SPS rejected the events query", "SPS said: "+spsErrorText(err))
			return
		}
		addAuditError(&resp.Diagnostics, "the events of "+what, err)
		return
	}
	alerts, err := d.client.SessionAlerts(ctx, id.ValueString())
	if err != nil {
		addAuditError(&resp.Diagnostics, "the alerts of "+what, err)
		return
	}
	channels, err := d.client.SessionChannels(ctx, id.ValueString())
	if err != nil {
		addAuditError(&resp.Diagnostics, "the channels of "+what, err)
		return
	}

	for name, v := range sessionAttrValues(s) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	eventModels := mapAll(events, func(e sps.SessionEvent) auditEventModel {
		return auditEventModel{
			Time: optString(e.Time), Type: optString(e.Type), Action: optString(e.Action), Content: optString(e.Content),
			ChannelID: optString(e.ChannelID), RecordID: types.Int64Value(int64(e.RecordID)),
		}
	})
	alertModels := mapAll(alerts, func(a sps.SessionAlert) auditAlertModel {
		return auditAlertModel{
			Time: optString(a.Time), AlertType: optString(a.AlertType), RuleName: optString(a.RuleName),
			MatchedContent: optString(a.MatchedContent), MatchedRegexp: optString(a.MatchedRegexp),
			MatchedAction: optString(a.MatchedAction), ChannelID: optString(a.ChannelID),
			RecordID: types.Int64Value(int64(a.RecordID)),
		}
	})
	channelModels := mapAll(channels, func(c sps.SessionChannel) auditChannelModel {
		return auditChannelModel{
			ChannelID: optString(c.ChannelID), Type: optString(c.Type), Verdict: optString(c.Verdict),
			Active: types.BoolValue(c.Active), StartTime: optString(c.StartTime), EndTime: optString(c.EndTime),
			Duration: types.Int64Value(int64(c.Duration)), RuleNum: optString(c.RuleNum), Command: optString(c.Command),
			SubsystemName: optString(c.SubsystemName), FourEyesAuthorizer: optString(c.FourEyesAuthorizer),
			Originator: forwardEndValue(c.Originator), Connected: forwardEndValue(c.Connected),
		}
	})
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("events"), eventModels)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("alerts"), alertModels)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("channels"), channelModels)...)
}

// forwardEndValue renders one end of a forwarded channel; null when the
// channel has none.
func forwardEndValue(e sps.Endpoint) types.Object {
	if e == (sps.Endpoint{}) {
		return types.ObjectNull(auditEndpointAttrTypes)
	}
	return endpointValue(e).(types.Object)
}
