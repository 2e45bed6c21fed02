package sps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// sessionPath is the REST path of one recorded session; id may be in either
// form (svc/X/name:2 or svc-X-name-2).
func sessionPath(id string) string {
	return "/api/audit/sessions/" + url.PathEscape(SessionRESTID(id))
}

// GetSession reads one recorded session's document. id may be the logged
// form (svc/<hash>/<policy>:<n>) or the REST form; it is converted with
// SessionRESTID. A session that does not exist gives an error for which
// IsNotFound holds.
func (c *Client) GetSession(ctx context.Context, id string) (*Session, error) {
	d, err := c.GetSessionDetails(ctx, id)
	if err != nil {
		return nil, err
	}
	return &d.Session, nil
}

// SessionEvents lists every event extracted from a session (all pages, up
// to AuditMaxResults). query optionally filters them with the events query
// language (e.g. `type:command AND content:sudo`). truncated is true when
// the session has more matching events than were read (see listAll).
// An event repeated across pages is kept once (see listAllUnique).
func (c *Client) SessionEvents(ctx context.Context, id, query string) (events []SessionEvent, truncated bool, err error) {
	v := url.Values{}
	setIf(v, "q", query)
	return listAllUnique(ctx, c, sessionPath(id)+"/events", v, eventDoc.event, eventIdentity)
}

// eventIdentity: record_id is "the ID number of the event within the
// session", and the list is ordered by it. A missing record_id decodes as
// 0, which names nothing; a real record 0 comes first in the list, never
// at a page boundary, so leaving it out loses no overlap.
func eventIdentity(e SessionEvent) (int, bool) { return e.RecordID, e.RecordID != 0 }

// alertIdentity: record_id is "the ID number of the alert within the
// session", as eventIdentity.
func alertIdentity(a SessionAlert) (int, bool) { return a.RecordID, a.RecordID != 0 }

// SessionAlerts lists every alert raised in a session (all pages, up to
// AuditMaxResults; truncated as for SessionEvents), ordered by record id as
// SPS returns them. An alert repeated across pages is kept once (see
// listAllUnique).
func (c *Client) SessionAlerts(ctx context.Context, id string) (alerts []SessionAlert, truncated bool, err error) {
	return listAllUnique(ctx, c, sessionPath(id)+"/alerts", nil, alertDoc.alert, alertIdentity)
}

// SessionChannels lists every channel of a session (all pages). Items may
// come as plain objects or wrapped as {"key", "body"}; both are accepted.
// A channel repeated across pages is kept once, by its id (channel_id,
// "the unique ID of the channel", else the item's key, which the samples
// set to the same number), for the reason given at listAllUnique.
func (c *Client) SessionChannels(ctx context.Context, id string) ([]SessionChannel, error) {
	out, _, err := listAllUnique(ctx, c, sessionPath(id)+"/channels", nil, channelItem.channel,
		func(ch SessionChannel) (string, bool) { return ch.ChannelID, ch.ChannelID != "" })
	return out, err
}

// channelItem is one item of a channel list, plain or wrapped as
// {"key", "body"}; the key stands in for a missing channel_id.
type channelItem struct {
	doc channelDoc
	key flexString
}

func (it *channelItem) UnmarshalJSON(b []byte) error {
	var wrapped struct {
		Key  flexString  `json:"key"`
		Body *channelDoc `json:"body"`
	}
	if err := json.Unmarshal(b, &wrapped); err == nil && wrapped.Body != nil {
		it.doc, it.key = *wrapped.Body, wrapped.Key
		return nil
	}
	return json.Unmarshal(b, &it.doc)
}

func (it channelItem) channel() SessionChannel {
	ch := it.doc.channel()
	if ch.ChannelID == "" {
		ch.ChannelID = string(it.key)
	}
	return ch
}

// SessionDetails is one session's document with the links it carries to
// its sub-resources, as GetSessionDetails reads it.
type SessionDetails struct {
	Session
	Links SessionLinks
}

// SessionLinks are the href elements of a session document, paths on the
// appliance. An element the document lacks is "" (the session has no audit
// trail, or the appliance does not link that list).
type SessionLinks struct {
	Alerts, Events, Channels, Indexing, TrailDownloads string
	// AuditTrail is recording.audit_trail.download.href.
	AuditTrail string
}

// linksDoc reads the links of a session document. The vendor's pages link
// the indexing details as "indexing" in the sample and as "indexer" in the
// element table; both are read.
type linksDoc struct {
	Alerts         hrefDoc `json:"alerts"`
	Events         hrefDoc `json:"events"`
	Channels       hrefDoc `json:"channels"`
	Indexing       hrefDoc `json:"indexing"`
	Indexer        hrefDoc `json:"indexer"`
	TrailDownloads hrefDoc `json:"trail_downloads"`
	Recording      struct {
		AuditTrail struct {
			Download hrefDoc `json:"download"`
		} `json:"audit_trail"`
	} `json:"recording"`
}

type hrefDoc struct {
	Href string `json:"href"`
}

// GetSessionDetails is GetSession plus the document's links.
func (c *Client) GetSessionDetails(ctx context.Context, id string) (*SessionDetails, error) {
	if SessionRESTID(id) == "" {
		return nil, errors.New("sps: an empty session id")
	}
	var env struct {
		Key  flexString      `json:"key"`
		Body json.RawMessage `json:"body"`
	}
	if err := c.getJSON(ctx, sessionPath(id), nil, &env); err != nil {
		return nil, err
	}
	var doc sessionDoc
	var links linksDoc
	if len(env.Body) > 0 {
		if err := json.Unmarshal(env.Body, &doc); err != nil {
			return nil, fmt.Errorf("SPS API GET %s: decoding answer: %w", sessionPath(id), err)
		}
		if err := json.Unmarshal(env.Body, &links); err != nil {
			return nil, fmt.Errorf("SPS API GET %s: decoding answer: %w", sessionPath(id), err)
		}
	}
	key := string(env.Key)
	if key == "" {
		key = SessionRESTID(id)
	}
	indexing := links.Indexing.Href
	if indexing == "" {
		indexing = links.Indexer.Href
	}
	return &SessionDetails{Session: doc.session(key), Links: SessionLinks{
		Alerts: links.Alerts.Href, Events: links.Events.Href, Channels: links.Channels.Href,
		Indexing: indexing, TrailDownloads: links.TrailDownloads.Href,
		AuditTrail: links.Recording.AuditTrail.Download.Href,
	}}, nil
}

// URL turns a path the appliance linked (an href) into an absolute URL on
// the configured appliance; "" stays "".
func (c *Client) URL(href string) string {
	if href == "" {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if u.IsAbs() {
		return u.String()
	}
	abs := *c.baseURL
	abs.Path = c.baseURL.Path + u.Path
	abs.RawPath = ""
	abs.RawQuery = u.RawQuery
	return abs.String()
}

// subPath is the path of one of a session's lists: the document's link
// when it gave one under /api (the appliance knows its own paths best),
// else the documented path below the session.
func subPath(id, link, sub string) string {
	if strings.HasPrefix(link, "/api/") {
		return link
	}
	return sessionPath(id) + "/" + sub
}

// IndexerRun is one item of a session's indexing details
// (GET /api/audit/sessions/<id>/indexing).
type IndexerRun struct {
	// Status is the indexer job's state, e.g. COMPLETED.
	Status string
	// StartTime is when indexing started (ISO 8601; SPS sends epoch
	// milliseconds); Duration and CPUTime are in seconds as SPS reports
	// them.
	StartTime         string
	Duration, CPUTime int
	ADPVersion        string
	WorkerVersion     string
	NearRealtime      bool
	OCRLanguages      []string
	// What the indexer extracted: commands, screen content, window titles,
	// keyboard and mouse activity.
	Commands, Screen, Titles, Keyboard, Mouse bool
}

type enabledDoc struct {
	Enabled bool `json:"enabled"`
}

type indexerDoc struct {
	Config struct {
		Command      enabledDoc `json:"command"`
		Keyboard     enabledDoc `json:"keyboard"`
		Mouse        enabledDoc `json:"mouse"`
		NearRealtime bool       `json:"near_realtime"`
		OCRLanguages []string   `json:"ocr_languages"`
		Screen       enabledDoc `json:"screen"`
		Title        enabledDoc `json:"title"`
	} `json:"config"`
	Statistics struct {
		CPUTime   flexInt    `json:"cpu_time"`
		Duration  flexInt    `json:"duration"`
		StartTime flexString `json:"start_time"`
	} `json:"statistics"`
	Status  flexString `json:"status"`
	Version struct {
		ADP    flexString `json:"adp"`
		Worker flexString `json:"worker"`
	} `json:"version"`
}

func (d indexerDoc) run() IndexerRun {
	return IndexerRun{
		Status: string(d.Status), StartTime: isoTime(d.Statistics.StartTime),
		Duration: int(d.Statistics.Duration), CPUTime: int(d.Statistics.CPUTime),
		ADPVersion: string(d.Version.ADP), WorkerVersion: string(d.Version.Worker),
		NearRealtime: d.Config.NearRealtime, OCRLanguages: d.Config.OCRLanguages,
		Commands: d.Config.Command.Enabled, Screen: d.Config.Screen.Enabled, Titles: d.Config.Title.Enabled,
		Keyboard: d.Config.Keyboard.Enabled, Mouse: d.Config.Mouse.Enabled,
	}
}

// SessionIndexing lists a session's indexing details. link is the
// document's indexing link ("" for the documented .../indexing). Runs are
// not deduplicated across pages: a run carries no id, and two runs with
// the same settings, status and statistics are not proof of one run
// served twice. A session has a run per indexing, far below a page.
func (c *Client) SessionIndexing(ctx context.Context, id, link string) ([]IndexerRun, error) {
	out, _, err := listAllOf(ctx, c, subPath(id, link, "indexing"), nil, indexerDoc.run)
	return out, err
}

// TrailDownload is one download of a session's audit trail.
type TrailDownload struct {
	Time      string
	Username  string
	IPAddress string
	// FromAPI is true for downloads through the REST or SOAP API rather
	// than the web interface.
	FromAPI bool
}

type trailDownloadDoc struct {
	FromAPI   bool       `json:"from_api"`
	IPAddress flexString `json:"ip_address"`
	Time      flexString `json:"time"`
	Username  flexString `json:"username"`
}

func (d trailDownloadDoc) download() TrailDownload {
	return TrailDownload{Time: isoTime(d.Time), Username: string(d.Username), IPAddress: string(d.IPAddress), FromAPI: d.FromAPI}
}

// SessionTrailDownloads lists who downloaded a session's audit trail.
// link is the document's trail_downloads link ("" for the documented path).
//
// Downloads are not deduplicated across pages (see listAllUnique for why
// other lists are): a download carries no id, and its time has whole
// seconds in the vendor sample, so the same user downloading twice from
// the same address within a second gives two rows alike in every element.
// Dropping one would under-report an audit record; on an appliance that
// counts offsets from 1, a list longer than one page shows its 500th
// download twice instead.
func (c *Client) SessionTrailDownloads(ctx context.Context, id, link string) ([]TrailDownload, error) {
	out, _, err := listAllOf(ctx, c, subPath(id, link, "trail_downloads"), nil, trailDownloadDoc.download)
	return out, err
}

// ContentMatch is one hit of a content search inside a session.
type ContentMatch struct {
	ChannelID string
	// StartTime and EndTime bound when the content was on screen (ISO
	// 8601; older SPS sends UNIX timestamps, which are converted).
	StartTime, EndTime string
	Rank               float64
	// RecordBegin and RecordEnd are the first and last screenshot showing
	// the content, RecordScreenshot the one that shows it best.
	RecordBegin, RecordEnd, RecordScreenshot int
	TrailID                                  string
}

type contentMatchDoc struct {
	ChannelID flexString `json:"channel.id"`
	Channel   struct {
		ID flexString `json:"id"`
	} `json:"channel"`
	StartTime flexString `json:"start_time"`
	EndTime   flexString `json:"end_time"`
	Rank      float64    `json:"rank"`
	RecordID  struct {
		Begin         flexInt `json:"begin"`
		End           flexInt `json:"end"`
		ForScreenshot flexInt `json:"for_screenshot"`
	} `json:"record_id"`
	TrailID flexString `json:"trail_id"`
}

func (d contentMatchDoc) match() ContentMatch {
	ch := d.ChannelID
	if ch == "" {
		ch = d.Channel.ID // the same element, nested
	}
	return ContentMatch{ChannelID: string(ch), StartTime: isoTime(d.StartTime), EndTime: isoTime(d.EndTime), Rank: d.Rank,
		RecordBegin: int(d.RecordID.Begin), RecordEnd: int(d.RecordID.End), RecordScreenshot: int(d.RecordID.ForScreenshot),
		TrailID: string(d.TrailID)}
}

// SearchSessionContent searches the indexed content of one session
// (GET /api/audit/sessions/<id>/content/?q=, Lucene syntax). The vendor
// warns that a missing or empty q gives an empty list, so an empty query
// is refused here. truncated is as for SessionEvents.
//
// A hit repeated across pages is kept once (see listAllUnique). A hit has
// no id of its own; its identity is the whole hit: trail, channel, the
// records it spans and the one shown, times and rank. Two hits alike in
// all of that are the same place in the same recording, so dropping one
// loses nothing, while hits that differ in any element (another rank for
// the same records) are all kept.
func (c *Client) SearchSessionContent(ctx context.Context, id, query string) (matches []ContentMatch, truncated bool, err error) {
	if strings.TrimSpace(query) == "" {
		return nil, false, errors.New("sps: a content search needs a non-empty query")
	}
	v := url.Values{}
	v.Set("q", query)
	return listAllUnique(ctx, c, sessionPath(id)+"/content/", v, contentMatchDoc.match,
		func(m ContentMatch) (ContentMatch, bool) { return m, true })
}
