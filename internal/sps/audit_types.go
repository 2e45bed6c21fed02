package sps

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// Session is one recorded session from the audit database, reduced to the
// elements worth reporting on. Decoding skips everything else (screenshots
// metadata, archive details, analytics internals), so large result sets stay
// small in memory.
type Session struct {
	// ID is the session's key as the API returns it.
	ID string
	// SessionID is recording.session_id, the svc/<hash>/<policy>:<n> form
	// that SPS writes to its logs.
	SessionID string

	Protocol     string
	Active       bool
	Verdict      string // top-level verdict, e.g. ACCEPT
	StartTime    string
	EndTime      string // "" while the session is active
	Duration     int    // seconds
	CreationTime string
	Origin       string
	NodeID       string

	User        SessionUser
	Client      Endpoint
	Server      Endpoint
	Target      Endpoint
	ServerLocal Endpoint

	ConnectionPolicy   string
	ConnectionPolicyID string
	ChannelPolicy      string
	AuthMethod         string
	IndexStatus        string
	RecordingVerdict   string // recording.verdict, e.g. Accepted
	Archived           bool
	HasAcceptedChannel bool
	ContentReferenceID int

	InterestingEvents []string
	Tags              []string
	Scripted          bool
	Score             int // analytics.score.aggregated, 0..100
}

// SessionUser is the user element of a session.
type SessionUser struct {
	ID             string
	Name           string // gateway username
	ServerUsername string
}

// Endpoint is one address element (client, server, target, server_local).
type Endpoint struct {
	IP   string
	Name string
	Port int
}

// SessionEvent is one event extracted from an indexed session.
type SessionEvent struct {
	Action    string
	ChannelID string // channels_id
	Content   string
	RecordID  int
	Time      string
	Type      string // command, screen.content, screen.windowtitle, ...
}

// SessionAlert is one alert a content policy raised in a session.
type SessionAlert struct {
	AlertType      string
	ChannelID      string
	MatchedAction  string
	MatchedContent string
	MatchedRegexp  string
	RecordID       int
	RuleName       string
	Time           string
}

// SessionChannel is one channel (session shell, session exec, drawing, ...)
// of a session.
type SessionChannel struct {
	ChannelID          string
	Type               string
	Verdict            string
	Active             bool
	StartTime          string
	EndTime            string
	Duration           int
	RuleNum            string
	Command            string
	SubsystemName      string
	FourEyesAuthorizer string
	// Originator and Connected are the two ends of a forwarded connection
	// (SSH local and remote forward channels): where the forwarded traffic
	// came from and where SPS connected it to. Empty for other channels.
	Originator, Connected Endpoint
}

// Wire shapes. They follow the documented JSON and are tolerant of the
// variations the vendor samples show (numbers sent as strings and back,
// user.name vs user.gateway_username); the exported types above are what
// callers see.

type sessionDoc struct {
	Active       bool         `json:"active"`
	Protocol     string       `json:"protocol"`
	Verdict      flexString   `json:"verdict"`
	StartTime    flexString   `json:"start_time"`
	EndTime      flexString   `json:"end_time"`
	Duration     flexInt      `json:"duration"`
	CreationTime flexString   `json:"creation_time"`
	Origin       string       `json:"origin"`
	NodeID       string       `json:"node_id"`
	User         userDoc      `json:"user"`
	Client       endpointDoc  `json:"client"`
	Server       endpointDoc  `json:"server"`
	Recording    recordingDoc `json:"recording"`
	Analytics    analyticsDoc `json:"analytics"`

	legacyDoc
}

// legacyDoc holds the flat element names that the search page lists for
// fields=* ("client.address", "connection_policy", "name",
// "server_username", "target.port", ...) and the "psm" element that older
// firmware has in place of "recording". An answer may spell them as
// top-level keys with dots, or nest them ({"client": {"address": ...}},
// which endpointDoc reads); session() takes each value from the documented
// nested path first and falls back to these.
type legacyDoc struct {
	Name             flexString   `json:"name"`
	ServerUsername   flexString   `json:"server_username"`
	ConnectionPolicy flexString   `json:"connection_policy"`
	ChannelPolicy    flexString   `json:"channel_policy"`
	AuthMethod       flexString   `json:"auth_method"`
	SessionID        flexString   `json:"session_id"`
	Archived         bool         `json:"archived"`
	Target           endpointDoc  `json:"target"`
	ServerLocal      endpointDoc  `json:"server_local"`
	PSM              recordingDoc `json:"psm"`

	ClientAddress      string  `json:"client.address"`
	ClientPort         flexInt `json:"client.port"`
	ServerAddress      string  `json:"server.address"`
	ServerPort         flexInt `json:"server.port"`
	TargetAddress      string  `json:"target.address"`
	TargetPort         flexInt `json:"target.port"`
	ServerLocalAddress string  `json:"server_local.address"`
	ServerLocalPort    flexInt `json:"server_local.port"`
}

type recordingDoc struct {
	SessionID          flexString  `json:"session_id"`
	Archived           bool        `json:"archived"`
	AuthMethod         flexString  `json:"auth_method"`
	ChannelPolicy      flexString  `json:"channel_policy"`
	ConnectionPolicy   flexString  `json:"connection_policy"`
	ConnectionPolicyID flexString  `json:"connection_policy_id"`
	ContentReferenceID flexInt     `json:"content_reference_id"`
	HasAcceptedChannel bool        `json:"has_accepted_channel"`
	IndexStatus        flexString  `json:"index_status"`
	Verdict            flexString  `json:"verdict"`
	Target             endpointDoc `json:"target"`
	ServerLocal        endpointDoc `json:"server_local"`
	// psm.gateway_username and psm.server_username (older firmware).
	GatewayUsername flexString `json:"gateway_username"`
	ServerUsername  flexString `json:"server_username"`
}

type analyticsDoc struct {
	InterestingEvents []string `json:"interesting_events"`
	Tags              []string `json:"tags"`
	Scripted          bool     `json:"scripted"`
	Score             scoreDoc `json:"score"`
}

type scoreDoc struct {
	Aggregated flexInt `json:"aggregated"`
}

type userDoc struct {
	ID              flexString `json:"id"`
	Name            flexString `json:"name"`
	GatewayUsername flexString `json:"gateway_username"`
	ServerUsername  flexString `json:"server_username"`
}

// endpointDoc is an address element; "address" is the legacy name of "ip".
type endpointDoc struct {
	IP      string  `json:"ip"`
	Address string  `json:"address"`
	Name    string  `json:"name"`
	Port    flexInt `json:"port"`
}

// endpoint merges the documented element with its fallbacks, in order:
// the first non-empty IP and the first non-zero port win.
func endpoint(docs []endpointDoc, dottedAddress string, dottedPort flexInt) Endpoint {
	var e Endpoint
	for _, d := range docs {
		e.IP = firstNonEmpty(e.IP, d.IP, d.Address)
		e.Name = firstNonEmpty(e.Name, d.Name)
		if e.Port == 0 {
			e.Port = int(d.Port)
		}
	}
	e.IP = firstNonEmpty(e.IP, dottedAddress)
	if e.Port == 0 {
		e.Port = int(dottedPort)
	}
	return e
}

func firstNonEmpty[S ~string](vs ...S) string {
	for _, v := range vs {
		if v != "" {
			return string(v)
		}
	}
	return ""
}

func (d *sessionDoc) session(key string) Session {
	r, p, l := &d.Recording, &d.PSM, &d.legacyDoc
	return Session{
		ID:           key,
		SessionID:    firstNonEmpty(r.SessionID, l.SessionID, p.SessionID),
		Protocol:     d.Protocol,
		Active:       d.Active,
		Verdict:      firstNonEmpty(d.Verdict),
		StartTime:    isoTime(d.StartTime),
		EndTime:      isoTime(d.EndTime),
		Duration:     int(d.Duration),
		CreationTime: isoTime(d.CreationTime),
		Origin:       d.Origin,
		NodeID:       d.NodeID,
		User: SessionUser{
			ID: string(d.User.ID),
			// The session document calls it user.name; search examples
			// use user.gateway_username, the search page's list the flat
			// name, older firmware psm.gateway_username.
			Name:           firstNonEmpty(d.User.Name, d.User.GatewayUsername, l.Name, p.GatewayUsername),
			ServerUsername: firstNonEmpty(d.User.ServerUsername, l.ServerUsername, p.ServerUsername),
		},
		Client:             endpoint([]endpointDoc{d.Client}, l.ClientAddress, l.ClientPort),
		Server:             endpoint([]endpointDoc{d.Server}, l.ServerAddress, l.ServerPort),
		Target:             endpoint([]endpointDoc{r.Target, l.Target, p.Target}, l.TargetAddress, l.TargetPort),
		ServerLocal:        endpoint([]endpointDoc{r.ServerLocal, l.ServerLocal, p.ServerLocal}, l.ServerLocalAddress, l.ServerLocalPort),
		ConnectionPolicy:   firstNonEmpty(r.ConnectionPolicy, l.ConnectionPolicy, p.ConnectionPolicy),
		ConnectionPolicyID: firstNonEmpty(r.ConnectionPolicyID, p.ConnectionPolicyID),
		ChannelPolicy:      firstNonEmpty(r.ChannelPolicy, l.ChannelPolicy, p.ChannelPolicy),
		AuthMethod:         firstNonEmpty(r.AuthMethod, l.AuthMethod, p.AuthMethod),
		IndexStatus:        firstNonEmpty(r.IndexStatus, p.IndexStatus),
		RecordingVerdict:   firstNonEmpty(r.Verdict, p.Verdict),
		Archived:           r.Archived || l.Archived || p.Archived,
		HasAcceptedChannel: r.HasAcceptedChannel || p.HasAcceptedChannel,
		ContentReferenceID: int(firstNonZero(r.ContentReferenceID, p.ContentReferenceID)),
		InterestingEvents:  d.Analytics.InterestingEvents,
		Tags:               d.Analytics.Tags,
		Scripted:           d.Analytics.Scripted,
		Score:              int(d.Analytics.Score.Aggregated),
	}
}

func firstNonZero(vs ...flexInt) flexInt {
	for _, v := range vs {
		if v != 0 {
			return v
		}
	}
	return 0
}

type eventDoc struct {
	Action     flexString `json:"action"`
	ChannelsID flexString `json:"channels_id"`
	Content    string     `json:"content"`
	RecordID   flexInt    `json:"record_id"`
	Time       flexString `json:"time"`
	Type       string     `json:"type"`
}

func (e eventDoc) event() SessionEvent {
	return SessionEvent{Action: string(e.Action), ChannelID: string(e.ChannelsID), Content: e.Content,
		RecordID: int(e.RecordID), Time: isoTime(e.Time), Type: e.Type}
}

type alertDoc struct {
	AlertType      string     `json:"alert_type"`
	ChannelID      flexString `json:"channel_id"`
	MatchedAction  flexString `json:"matched_action"`
	MatchedContent string     `json:"matched_content"`
	MatchedRegexp  string     `json:"matched_regexp"`
	RecordID       flexInt    `json:"record_id"`
	RuleName       string     `json:"rule_name"`
	Time           flexString `json:"time"`
}

func (a alertDoc) alert() SessionAlert {
	return SessionAlert{AlertType: a.AlertType, ChannelID: string(a.ChannelID), MatchedAction: string(a.MatchedAction),
		MatchedContent: a.MatchedContent, MatchedRegexp: a.MatchedRegexp, RecordID: int(a.RecordID),
		RuleName: a.RuleName, Time: isoTime(a.Time)}
}

type channelDoc struct {
	ChannelID          flexString `json:"channel_id"`
	Type               string     `json:"type"`
	Verdict            string     `json:"verdict"`
	Active             bool       `json:"active"`
	StartTime          flexString `json:"start_time"`
	EndTime            flexString `json:"end_time"`
	Duration           flexInt    `json:"duration"`
	RuleNum            flexString `json:"rule_num"`
	Command            string     `json:"command"`
	SubsystemName      string     `json:"subsystem_name"`
	FourEyesAuthorizer string     `json:"four_eyes_authorizer"`

	// The ends of a forwarded connection come in three shapes: the SSH
	// channel sample writes flat dotted keys "originator.address" and
	// "connected.port"; the channel element table names them
	// originator.ip / .name / .port, which may also arrive nested as
	// {"originator": {"ip", "name", "port"}}. Each is read from whichever
	// is present.
	Originator        *forwardEndDoc `json:"originator"`
	OriginatorAddress flexString     `json:"originator.address"`
	OriginatorIP      flexString     `json:"originator.ip"`
	OriginatorName    flexString     `json:"originator.name"`
	OriginatorPort    flexInt        `json:"originator.port"`
	Connected         *forwardEndDoc `json:"connected"`
	ConnectedAddress  flexString     `json:"connected.address"`
	ConnectedIP       flexString     `json:"connected.ip"`
	ConnectedName     flexString     `json:"connected.name"`
	ConnectedPort     flexInt        `json:"connected.port"`
}

// forwardEndDoc is one end of a forwarded connection in nested form.
type forwardEndDoc struct {
	IP      flexString `json:"ip"`
	Address flexString `json:"address"`
	Name    flexString `json:"name"`
	Port    flexInt    `json:"port"`
}

// forwardEnd merges the nested and the flat forms of one end; the first
// non-empty value of each element wins (nested, then ip, then address).
func forwardEnd(nested *forwardEndDoc, address, ip, name flexString, port flexInt) Endpoint {
	var n forwardEndDoc
	if nested != nil {
		n = *nested
	}
	first := func(vs ...flexString) string {
		for _, v := range vs {
			if v != "" {
				return string(v)
			}
		}
		return ""
	}
	e := Endpoint{IP: first(n.IP, n.Address, ip, address), Name: first(n.Name, name), Port: int(n.Port)}
	if e.Port == 0 {
		e.Port = int(port)
	}
	return e
}

func (c channelDoc) channel() SessionChannel {
	return SessionChannel{ChannelID: string(c.ChannelID), Type: c.Type, Verdict: c.Verdict, Active: c.Active,
		StartTime: isoTime(c.StartTime), EndTime: isoTime(c.EndTime), Duration: int(c.Duration),
		RuleNum: string(c.RuleNum), Command: c.Command, SubsystemName: c.SubsystemName,
		FourEyesAuthorizer: c.FourEyesAuthorizer,
		Originator:         forwardEnd(c.Originator, c.OriginatorAddress, c.OriginatorIP, c.OriginatorName, c.OriginatorPort),
		Connected:          forwardEnd(c.Connected, c.ConnectedAddress, c.ConnectedIP, c.ConnectedName, c.ConnectedPort),
	}
}

// isoTime returns a time element as ISO 8601. SPS before 5 LTS wrote times
// as UNIX timestamps, and the channel samples still do ("start_time":
// 1451901988): a plain number is read as seconds since the epoch (as
// milliseconds when it is too large to be seconds, as the indexer's
// statistics write it) and rendered in UTC with milliseconds, the form the
// mock and newer appliances use; the instant is kept. Anything else is
// returned unchanged.
func isoTime(f flexString) string {
	s := string(f)
	if s == "" || !isPlainNumber(s) {
		return s
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	ms := int64(math.Round(v * 1000))
	if math.Abs(v) >= 1e11 { // beyond the year 5138 as seconds: milliseconds
		ms = int64(math.Round(v))
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// isPlainNumber reports a JSON number as flexString keeps it: digits with
// an optional sign, fraction and exponent, nothing else.
func isPlainNumber(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case (r == '-' || r == '+') && (i == 0 || s[i-1] == 'e' || s[i-1] == 'E'):
		case r == '.' || r == 'e' || r == 'E':
		default:
			return false
		}
	}
	return digits > 0
}

// flexString decodes a JSON string, number or boolean as its text. SPS
// samples show one element as a string in one place and a number in
// another (channel_id "0" vs 0, session_id "1" vs 1, start_time as ISO 8601
// or as a UNIX timestamp on old firmware); null decodes as "". A reference
// object {"key": ..., "meta": ...} decodes as its key.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*f = ""
	case b[0] == '"':
		s, err := jsonString(b)
		if err != nil {
			return err
		}
		*f = flexString(s)
	case b[0] == '{':
		var ref struct {
			Key flexString `json:"key"`
		}
		if err := json.Unmarshal(b, &ref); err != nil {
			return err
		}
		*f = ref.Key
	default:
		*f = flexString(b)
	}
	return nil
}

// flexInt decodes a JSON number or a numeric string (histogram meta.size is
// sent as "10"); null and "" decode as 0.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		*f = 0
		return nil
	}
	if b[0] == '"' {
		s, err := jsonString(b)
		if err != nil {
			return err
		}
		if s == "" {
			*f = 0
			return nil
		}
		b = []byte(s)
	}
	n, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("expected a number, got %s", b)
	}
	*f = flexInt(n)
	return nil
}

// jsonString decodes the JSON string literal b. A search page holds some
// 20 strings per session and 500 sessions; running each one through
// json.Unmarshal (a validating scan, a decoder, an allocation) made it a
// fifth of the client's decoding time. Plain strings (no escapes, no
// control characters, valid UTF-8) are therefore copied directly; anything
// else takes the exact encoding/json path.
func jsonString(b []byte) (string, error) {
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' {
		inner := b[1 : n-1]
		plain, ascii := true, true
		for _, c := range inner {
			if c < 0x20 || c == '"' || c == '\\' {
				plain = false
				break
			}
			if c >= utf8.RuneSelf {
				ascii = false
			}
		}
		if plain && (ascii || utf8.Valid(inner)) {
			return string(inner), nil
		}
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}
