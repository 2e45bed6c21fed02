package gen

import (
	"strconv"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// link writes {"href": "/api/audit/sessions/<key>/<sub>"}; the download link
// of the audit trail points at .../audit_trail. The index skips links, so
// the string is not even built for it.
func link(w jsondoc.Sink, key string, s *genSession) {
	w.Object(key)
	if w.Links() {
		sub := key
		if key == "download" {
			sub = "audit_trail"
		}
		w.Str("href", "/api/audit/sessions/"+s.key+"/"+sub)
	}
	w.EndObject()
}

// sessionID is the id SPS logs. The search page documents it as
// svc/<hash>/<connection-policy>:<n>/<protocol>; the session details sample
// has no /<protocol> part (svc/rUhhQZ3jYsY1NDWYp9DEpq/abcde:29). Every
// other generated session (odd i) carries the protocol, so both forms occur.
func (s *genSession) sessionID() string {
	id := "svc/" + s.hash + "/" + s.policy.name + ":" + strconv.Itoa(s.i+1)
	if s.i%2 == 1 {
		id += "/" + s.proto.name
	}
	return id
}

func hostName(h host, byIP bool) string {
	if byIP {
		return h.ip
	}
	return h.name
}

// emitDoc writes the session document. Keys are emitted in sorted order at
// every level so the JSON writer produces canonical output.
func (g *generator) emitDoc(s *genSession, w jsondoc.Sink) {
	w.Object("")
	w.Boolean("active", s.active)
	link(w, "alerts", s)
	emitAnalytics(s, w)
	link(w, "channels", s)
	w.Object("client")
	w.Str("ip", s.client.ip)
	w.Str("name", hostName(s.client, s.clientByIP))
	w.Integer("port", s.clientPort)
	w.EndObject()
	w.TimeMs("creation_time", s.createdMs)
	w.Integer("duration", s.dur)
	if s.active {
		w.Null("end_time")
	} else {
		w.TimeMs("end_time", (s.start+s.dur)*1000)
	}
	link(w, "events", s)
	w.Boolean("hidden", false)
	link(w, "indexing", s)
	w.Str("node_id", g.nodeIDs[s.node])
	w.Str("origin", "RECORDING")
	w.Boolean("phantom", false)
	w.Str("protocol", s.proto.wire)
	g.emitRecording(s, w)
	w.Integer("revision", s.revision)
	w.Object("server")
	w.Str("ip", s.server.ip)
	w.Str("name", s.server.name)
	w.Integer("port", s.serverPort)
	w.EndObject()
	w.TimeMs("start_time", s.start*1000)
	link(w, "trail_downloads", s)
	w.Object("user")
	if s.gwUser != "" {
		w.Str("gateway_username", s.gwUser)
		w.Str("id", s.userID)
		w.Str("name", s.gwUser)
	}
	if s.srvUser != "" {
		w.Str("server_username", s.srvUser)
	}
	w.EndObject()
	w.Str("verdict", s.verdict.name)
	w.EndObject()
}

// emitAnalytics writes the analytics element.
func emitAnalytics(s *genSession, w jsondoc.Sink) {
	w.Object("analytics")
	w.Array("interesting_events")
	for _, e := range s.interesting {
		w.Str("", e)
	}
	w.EndArray()
	w.Object("score")
	w.Integer("aggregated", s.score)
	w.Object("details")
	w.EndObject()
	w.EndObject()
	w.Boolean("scripted", s.scripted)
	w.Object("scripted_results")
	w.EndObject()
	w.Array("similar_sessions")
	w.EndArray()
	w.Array("tags")
	for _, t := range s.tags {
		w.Str("", t)
	}
	w.EndArray()
	w.EndObject()
}

// emitRecording writes the recording element: the trail, the policies,
// indexing, and SPS's own end of the connection.
func (g *generator) emitRecording(s *genSession, w jsondoc.Sink) {
	node := g.nodes[s.node]
	w.Object("recording")
	w.Boolean("archived", s.archived)
	if s.hasTrail {
		w.Object("audit_trail")
		if s.archived {
			w.Object("archive")
			w.TimeMs("date", s.archiveAt*1000)
			w.Str("path", time.Unix(s.start, 0).UTC().Format("2006-01-02")+"/")
			w.Str("policy", g.polIDs[s.policy.name][:12]+"arch")
			w.Str("server", s.archiveSrv)
			w.EndObject()
		} else {
			w.Null("archive")
		}
		link(w, "download", s)
		w.EndObject()
	}
	w.Str("auth_method", s.auth)
	w.Str("channel_policy", s.policy.channelPolicy)
	w.Boolean("command_extracted", s.proto.terminal && len(s.events) > 0)
	w.Str("connection_policy", s.policy.name)
	w.Str("connection_policy_id", g.polIDs[s.policy.name])
	w.Integer("content_reference_id", int64(s.i+1))
	w.Boolean("has_accepted_channel", len(s.channels) > 0 && s.channels[0].verdict == "accept")
	w.Str("index_status", s.indexStatus)
	w.Object("server_local")
	w.Str("ip", node.ip)
	w.Str("name", node.name)
	w.Integer("port", s.serverPort)
	w.EndObject()
	w.Str("session_id", s.sessionID())
	w.Object("target")
	w.Str("ip", s.server.ip)
	w.Str("name", s.server.name)
	w.Integer("port", s.serverPort)
	w.EndObject()
	w.Str("verdict", s.verdict.name)
	w.Boolean("window_title_extracted", s.proto.graphical && len(s.events) > 0)
	w.EndObject()
}

// eventContent renders the text an event carries (the command line with its
// prompt, a window title, or a line of screen text).
func (g *generator) eventContent(s *genSession, ev *genEvent) (action, content, typ string) {
	b := g.appendContent(nil, s, ev)
	switch ev.kind {
	case evCommand:
		return commands[ev.idx].cmd, string(b), "command"
	case evTitle:
		return windowTitles[ev.idx].title, string(b), "screen.windowtitle"
	}
	return screenTexts[ev.idx], string(b), "screen.content"
}

func (g *generator) appendContent(b []byte, s *genSession, ev *genEvent) []byte {
	switch ev.kind {
	case evCommand:
		user := s.srvUser
		if user == "" {
			user = "admin"
		}
		hostShort, _, _ := strings.Cut(s.server.name, ".")
		sign := "$ "
		if user == "root" {
			sign = "# "
		}
		b = append(b, user...)
		b = append(b, '@')
		b = append(b, hostShort...)
		b = append(b, ':')
		b = append(b, shellDirs[ev.dir]...)
		b = append(b, sign...)
		return append(b, commands[ev.idx].cmd...)
	case evTitle:
		return append(b, windowTitles[ev.idx].title...)
	}
	return append(b, screenTexts[ev.idx]...)
}

// contents feeds the event texts of a session to the content index; the
// buffer is reused, the index copies texts it has not seen.
func (g *generator) contents(s *genSession, fn func([]byte)) {
	var buf [128]byte
	for k := range s.events {
		fn(g.appendContent(buf[:0], s, &s.events[k]))
	}
}
