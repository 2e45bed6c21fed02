package audit

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var (
	_ datasource.DataSource              = (*auditSessionDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*auditSessionDataSource)(nil)
)

type auditSessionDataSource struct {
	framework.DataSourceBase
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

type auditIndexerModel struct {
	Status        types.String `tfsdk:"status"`
	StartTime     types.String `tfsdk:"start_time"`
	Duration      types.Int64  `tfsdk:"duration"`
	CPUTime       types.Int64  `tfsdk:"cpu_time"`
	ADPVersion    types.String `tfsdk:"adp_version"`
	WorkerVersion types.String `tfsdk:"worker_version"`
	NearRealtime  types.Bool   `tfsdk:"near_realtime"`
	OCRLanguages  []string     `tfsdk:"ocr_languages"`
	Commands      types.Bool   `tfsdk:"commands"`
	Screen        types.Bool   `tfsdk:"screen"`
	Titles        types.Bool   `tfsdk:"titles"`
	Keyboard      types.Bool   `tfsdk:"keyboard"`
	Mouse         types.Bool   `tfsdk:"mouse"`
}

type auditTrailDownloadModel struct {
	Time      types.String `tfsdk:"time"`
	Username  types.String `tfsdk:"username"`
	IPAddress types.String `tfsdk:"ip_address"`
	FromAPI   types.Bool   `tfsdk:"from_api"`
}

type auditContentMatchModel struct {
	ChannelID        types.String  `tfsdk:"channel_id"`
	StartTime        types.String  `tfsdk:"start_time"`
	EndTime          types.String  `tfsdk:"end_time"`
	Rank             types.Float64 `tfsdk:"rank"`
	RecordBegin      types.Int64   `tfsdk:"record_begin"`
	RecordEnd        types.Int64   `tfsdk:"record_end"`
	RecordScreenshot types.Int64   `tfsdk:"record_screenshot"`
	TrailID          types.String  `tfsdk:"trail_id"`
}

// NewSessionDataSource is the constructor the provider registers.
func NewSessionDataSource() datasource.DataSource {
	return &auditSessionDataSource{framework.DataSourceBase{TypeSuffix: "_audit_session"}}
}

func (d *auditSessionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := auditSessionAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The session to read: either the id SPS logs (`svc/<hash>/<connection-policy>:<n>`, " +
			"sometimes followed by `/<protocol>`) or its REST form (`svc-<hash>-<connection-policy>-<n>[-<protocol>]`, see " +
			"`provider::sps::session_rest_id()`), for example an `id` or `rest_id` from `sps_audit_sessions`.",
		Required:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["events_query"] = schema.StringAttribute{
		MarkdownDescription: "Filter for `events`, in the query language of the events endpoint: fields `content`, " +
			"`type`, `channels_id`, `record_id` and `time`, for example `type:command AND content:sudo`.",
		Optional: true,
	}
	attrs["events"] = framework.ComputedList("Events extracted from the session (commands, window titles, screen content), in the order "+
		"SPS returns them. Only indexed sessions have events.", map[string]schema.Attribute{
		"time":       framework.ComputedString("When the event happened."),
		"type":       framework.ComputedString("`command`, `screen.content` or `screen.windowtitle`."),
		"action":     framework.ComputedString("The command line without the prompt (for commands)."),
		"content":    framework.ComputedString("The event with its context, for example the whole command line with its prompt."),
		"channel_id": framework.ComputedString("The channel the event happened in."),
		"record_id":  framework.ComputedInt64("Position of the event in the session."),
	})
	attrs["alerts"] = framework.ComputedList("Alerts that content policies raised in the session, ordered by record id. Only alerts of "+
		"content policies set to store them in the connection database appear.", map[string]schema.Attribute{
		"time":            framework.ComputedString("When the alert was raised."),
		"alert_type":      framework.ComputedString("Kind of event that raised the alert, for example `adp.event.command`."),
		"rule_name":       framework.ComputedString("The content policy rule that matched."),
		"matched_content": framework.ComputedString("The content that matched, with its context (the whole command line)."),
		"matched_regexp":  framework.ComputedString("The pattern of the content policy that matched."),
		"matched_action":  framework.ComputedString("The command or action that matched."),
		"channel_id":      framework.ComputedString("The channel the alert was raised in."),
		"record_id":       framework.ComputedInt64("Position of the alert in the session."),
	})
	attrs["channels"] = channelsAttribute()
	attrs["events_truncated"] = framework.ComputedBool("True when the session has more (matching) events than `events` holds. " +
		"The provider reads at most 10,000 events, the most SPS documents for its searches; narrow `events_query` to see the rest.")
	attrs["alerts_truncated"] = framework.ComputedBool("True when the session has more alerts than the 10,000 `alerts` holds.")
	attrs["indexing"] = framework.ComputedList("Indexing details of the session's audit trail (`/indexing`): one element per indexer "+
		"run SPS reports, none for sessions that were never indexed.", map[string]schema.Attribute{
		"status":         framework.ComputedString("State of the indexer job, for example `COMPLETED`."),
		"start_time":     framework.ComputedString("When indexing started (ISO 8601; SPS reports epoch milliseconds, converted to UTC)."),
		"duration":       framework.ComputedInt64("How long indexing took, as SPS reports it."),
		"cpu_time":       framework.ComputedInt64("CPU time indexing used, as SPS reports it."),
		"adp_version":    framework.ComputedString("Version of the content analyser (ADP)."),
		"worker_version": framework.ComputedString("Version of the indexer worker."),
		"near_realtime":  framework.ComputedBool("Whether the session was indexed while it was running."),
		"ocr_languages": schema.ListAttribute{MarkdownDescription: "Languages of text recognition on screen content.",
			ElementType: types.StringType, Computed: true},
		"commands": framework.ComputedBool("Whether commands were extracted."),
		"screen":   framework.ComputedBool("Whether screen content was indexed."),
		"titles":   framework.ComputedBool("Whether window titles were extracted."),
		"keyboard": framework.ComputedBool("Whether keyboard activity was indexed."),
		"mouse":    framework.ComputedBool("Whether mouse activity was indexed."),
	})
	attrs["audit_trail_url"] = framework.ComputedString("Where to download the session's audit trail (`.zat`), as SPS links it " +
		"(`recording.audit_trail.download`); null when the session has no audit trail. Downloading needs an SPS login " +
		"(the `session_id` cookie); each download is listed in `trail_downloads`.")
	attrs["audit_trail_srs_url"] = framework.ComputedString("The same download in `.srs` format (`?format=srs`), which can replay a " +
		"session that is still running; null when the session has no audit trail.")
	attrs["trail_downloads"] = framework.ComputedList("Who downloaded the session's audit trail, and when (`/trail_downloads`).",
		map[string]schema.Attribute{
			"time":       framework.ComputedString("When the audit trail was downloaded."),
			"username":   framework.ComputedString("The SPS user who downloaded it."),
			"ip_address": framework.ComputedString("The address the download came from."),
			"from_api":   framework.ComputedBool("True for downloads through the REST or SOAP API, false for the web interface."),
		})
	attrs["content_query"] = schema.StringAttribute{
		MarkdownDescription: "Search the indexed content of this session (commands, screen text, window titles) with " +
			"Apache Lucene syntax (`/content/?q=`); the hits are in `content_matches`. Must not be empty or start with `*`. " +
			"Only indexed parts of the session can match.",
		Optional:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1), contentValidator()},
	}
	attrs["content_matches"] = framework.ComputedList("Hits of `content_query`, most relevant first as SPS orders them; null "+
		"without `content_query`. An empty list means no hit, or no indexed content.", map[string]schema.Attribute{
		"channel_id": framework.ComputedString("The channel the content appeared in."),
		"start_time": framework.ComputedString("When the content appeared on screen (ISO 8601)."),
		"end_time":   framework.ComputedString("When the content left the screen (ISO 8601)."),
		"rank": schema.Float64Attribute{MarkdownDescription: "Relevance of the hit as SPS scores it.",
			Computed: true},
		"record_begin":      framework.ComputedInt64("The first screenshot of the audit trail showing the content."),
		"record_end":        framework.ComputedInt64("The last screenshot showing the content."),
		"record_screenshot": framework.ComputedInt64("The screenshot that shows the content best."),
		"trail_id":          framework.ComputedString("The audit trail holding the content."),
	})
	attrs["content_matches_truncated"] = framework.ComputedBool("True when `content_query` has more hits than the 10,000 " +
		"`content_matches` holds; null without `content_query`.")
	resp.Schema = schema.Schema{
		MarkdownDescription: "One recorded session from the SPS session database, with its events, alerts, channels, " +
			"indexing details, audit-trail downloads and, optionally, a search in its content.",
		Attributes: attrs,
	}
}

// channelsAttribute is the schema of the session's channels.
func channelsAttribute() schema.ListNestedAttribute {
	return framework.ComputedList("The channels opened in the session (for example `session-shell`, `session-exec`, `drawing`).", map[string]schema.Attribute{
		"channel_id": framework.ComputedString("ID of the channel."),
		"type":       framework.ComputedString("Channel type."),
		"verdict":    framework.ComputedString("What SPS decided about the channel, for example `accept` or `deny`."),
		"active":     framework.ComputedBool("Whether the channel is still open."),
		"start_time": framework.ComputedString("When the channel opened (ISO 8601; SPS versions that send a UNIX timestamp " +
			"are converted, keeping the instant, to UTC)."),
		"end_time":             framework.ComputedString("When the channel closed (ISO 8601, as `start_time`); null while it is open."),
		"duration":             framework.ComputedInt64("Length of the channel in seconds."),
		"rule_num":             framework.ComputedString("The line of the channel policy that applied."),
		"command":              framework.ComputedString("The executed command (session-exec channels)."),
		"subsystem_name":       framework.ComputedString("The subsystem, for example `sftp`."),
		"four_eyes_authorizer": framework.ComputedString("Who authorized the channel, when four-eyes authorization applied."),
		"originator": endpointAttribute("Forwarded channels (SSH `local forward`, `remote forward`): where the forwarded " +
			"traffic came from. Null for other channels. Read from either shape SPS uses (`originator.address` / " +
			"`originator.ip` keys, or a nested `originator` object)."),
		"connected": endpointAttribute("Forwarded channels: where SPS connected the forwarded traffic to. Null for " +
			"other channels; read like `originator`."),
	})
}

func (d *auditSessionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	// The state starts as a copy of the configuration (id, events_query,
	// content_query); everything else is set attribute by attribute, the
	// session's own attributes from the same mapping sps_audit_sessions uses.
	var id, eventsQuery, contentQuery types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("events_query"), &eventsQuery)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("content_query"), &contentQuery)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	sid := id.ValueString()
	what := "session " + sid

	s, err := d.Client.GetSessionDetails(ctx, sid)
	if err != nil {
		op := diagnostics.ReadOp(diagnostics.AreaAuditSession, what)
		op.Session = sid
		diagnostics.AddClientError(&resp.Diagnostics, op, err)
		return
	}
	// The session's lists are independent of each other: read them at
	// once, then report failures in a fixed order, so the diagnostic does
	// not depend on timing.
	l := readSessionLists(ctx, d.Client, s, sid, eventsQuery, contentQuery)

	if err := l.eventsErr; err != nil {
		op := diagnostics.ReadOp(diagnostics.AreaAuditSession, "the events of "+what)
		op.QueryAttr = "events_query"
		diagnostics.AddClientError(&resp.Diagnostics, op, err)
		return
	}
	for _, f := range []struct {
		err  error
		what string
	}{
		{l.alertsErr, "the alerts of "}, {l.channelsErr, "the channels of "},
		{l.indexingErr, "the indexing details of "}, {l.downloadsErr, "the audit-trail downloads of "},
	} {
		if f.err != nil {
			diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagnostics.AreaAuditSession, f.what+what), f.err)
			return
		}
	}
	var contentMatches []auditContentMatchModel // nil, so null, without content_query
	contentTruncated := types.BoolNull()
	if !contentQuery.IsNull() {
		if err := l.matchesErr; err != nil {
			op := diagnostics.ReadOp(diagnostics.AreaAuditSession, "the content search in "+what)
			op.QueryAttr = "content_query"
			diagnostics.AddClientError(&resp.Diagnostics, op, err)
			return
		}
		contentMatches = framework.MapAll(l.matches, func(m sps.ContentMatch) auditContentMatchModel {
			return auditContentMatchModel{
				ChannelID: optString(m.ChannelID), StartTime: optString(m.StartTime), EndTime: optString(m.EndTime),
				Rank: types.Float64Value(m.Rank), RecordBegin: types.Int64Value(int64(m.RecordBegin)),
				RecordEnd: types.Int64Value(int64(m.RecordEnd)), RecordScreenshot: types.Int64Value(int64(m.RecordScreenshot)),
				TrailID: optString(m.TrailID),
			}
		})
		contentTruncated = types.BoolValue(l.matchesTruncated)
	}

	for name, v := range sessionAttrValues(&s.Session) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	m := l.models()
	trailURL, srsURL := types.StringNull(), types.StringNull()
	if u := d.Client.URL(s.Links.AuditTrail); u != "" {
		trailURL = types.StringValue(u)
		srsURL = types.StringValue(d.Client.URL(s.Links.AuditTrail + "?format=srs"))
	}
	set := func(name string, v any) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	set("events", m.event)
	set("events_truncated", l.eventsTruncated)
	set("alerts", m.alert)
	set("alerts_truncated", l.alertsTruncated)
	set("channels", m.channel)
	set("indexing", m.indexing)
	set("audit_trail_url", trailURL)
	set("audit_trail_srs_url", srsURL)
	set("trail_downloads", m.download)
	set("content_matches", contentMatches)
	set("content_matches_truncated", contentTruncated)
}

// sessionLists are the lists of one session, each with the error of
// reading it.
type sessionLists struct {
	events                                []sps.SessionEvent
	alerts                                []sps.SessionAlert
	channels                              []sps.SessionChannel
	indexing                              []sps.IndexerRun
	downloads                             []sps.TrailDownload
	matches                               []sps.ContentMatch
	eventsTruncated, alertsTruncated      bool
	matchesTruncated                      bool
	eventsErr, alertsErr, channelsErr     error
	indexingErr, downloadsErr, matchesErr error
}

// readSessionLists reads the lists of session s at once (the client is
// safe for concurrent use); the content search only with a contentQuery.
func readSessionLists(ctx context.Context, client *sps.Client, s *sps.SessionDetails, sid string, eventsQuery, contentQuery types.String) *sessionLists {
	var (
		wg sync.WaitGroup
		l  sessionLists
	)
	wg.Go(func() {
		l.events, l.eventsTruncated, l.eventsErr = client.SessionEvents(ctx, sid, eventsQuery.ValueString())
	})
	wg.Go(func() { l.alerts, l.alertsTruncated, l.alertsErr = client.SessionAlerts(ctx, sid) })
	wg.Go(func() { l.channels, l.channelsErr = client.SessionChannels(ctx, sid) })
	wg.Go(func() { l.indexing, l.indexingErr = client.SessionIndexing(ctx, sid, s.Links.Indexing) })
	wg.Go(func() { l.downloads, l.downloadsErr = client.SessionTrailDownloads(ctx, sid, s.Links.TrailDownloads) })
	if !contentQuery.IsNull() {
		wg.Go(func() {
			l.matches, l.matchesTruncated, l.matchesErr = client.SearchSessionContent(ctx, sid, contentQuery.ValueString())
		})
	}
	wg.Wait()
	return &l
}

// sessionListModels are the lists of a session as state holds them.
type sessionListModels struct {
	event    []auditEventModel
	alert    []auditAlertModel
	channel  []auditChannelModel
	indexing []auditIndexerModel
	download []auditTrailDownloadModel
}

// models converts the lists read into their state models.
func (l *sessionLists) models() (m sessionListModels) {
	m.event = framework.MapAll(l.events, func(e sps.SessionEvent) auditEventModel {
		return auditEventModel{
			Time: optString(e.Time), Type: optString(e.Type), Action: optString(e.Action), Content: optString(e.Content),
			ChannelID: optString(e.ChannelID), RecordID: types.Int64Value(int64(e.RecordID)),
		}
	})
	m.alert = framework.MapAll(l.alerts, func(a sps.SessionAlert) auditAlertModel {
		return auditAlertModel{
			Time: optString(a.Time), AlertType: optString(a.AlertType), RuleName: optString(a.RuleName),
			MatchedContent: optString(a.MatchedContent), MatchedRegexp: optString(a.MatchedRegexp),
			MatchedAction: optString(a.MatchedAction), ChannelID: optString(a.ChannelID),
			RecordID: types.Int64Value(int64(a.RecordID)),
		}
	})
	m.channel = framework.MapAll(l.channels, func(c sps.SessionChannel) auditChannelModel {
		return auditChannelModel{
			ChannelID: optString(c.ChannelID), Type: optString(c.Type), Verdict: optString(c.Verdict),
			Active: types.BoolValue(c.Active), StartTime: optString(c.StartTime), EndTime: optString(c.EndTime),
			Duration: types.Int64Value(int64(c.Duration)), RuleNum: optString(c.RuleNum), Command: optString(c.Command),
			SubsystemName: optString(c.SubsystemName), FourEyesAuthorizer: optString(c.FourEyesAuthorizer),
			Originator: forwardEndValue(c.Originator), Connected: forwardEndValue(c.Connected),
		}
	})
	m.indexing = framework.MapAll(l.indexing, func(r sps.IndexerRun) auditIndexerModel {
		return auditIndexerModel{
			Status: optString(r.Status), StartTime: optString(r.StartTime), Duration: types.Int64Value(int64(r.Duration)),
			CPUTime: types.Int64Value(int64(r.CPUTime)), ADPVersion: optString(r.ADPVersion), WorkerVersion: optString(r.WorkerVersion),
			NearRealtime: types.BoolValue(r.NearRealtime), OCRLanguages: framework.MapAll(r.OCRLanguages, func(s string) string { return s }),
			Commands: types.BoolValue(r.Commands), Screen: types.BoolValue(r.Screen), Titles: types.BoolValue(r.Titles),
			Keyboard: types.BoolValue(r.Keyboard), Mouse: types.BoolValue(r.Mouse),
		}
	})
	m.download = framework.MapAll(l.downloads, func(t sps.TrailDownload) auditTrailDownloadModel {
		return auditTrailDownloadModel{Time: optString(t.Time), Username: optString(t.Username),
			IPAddress: optString(t.IPAddress), FromAPI: types.BoolValue(t.FromAPI)}
	})
	return m
}

// forwardEndValue renders one end of a forwarded channel; null when the
// channel has none.
func forwardEndValue(e sps.Endpoint) types.Object {
	if e == (sps.Endpoint{}) {
		return types.ObjectNull(auditEndpointAttrTypes)
	}
	return endpointValue(e).(types.Object)
}
