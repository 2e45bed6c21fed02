package audit

import (
	"strconv"
	"strings"
	"time"
)

// isoMs formats UNIX milliseconds as 2006-01-02T15:04:05.000Z. Hand-written
// because the generator formats several timestamps per session and
// time.Format dominated the build.
func isoMs(ms int64) string {
	t := time.UnixMilli(ms).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	if y < 0 || y > 9999 {
		return t.Format(isoMillis)
	}
	var b [24]byte
	put := func(at, v, width int) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, int(mo), 2)
	b[7] = '-'
	put(8, d, 2)
	b[10] = 'T'
	put(11, h, 2)
	b[13] = ':'
	put(14, mi, 2)
	b[16] = ':'
	put(17, s, 2)
	b[19] = '.'
	put(20, int(((ms%1000)+1000)%1000), 3)
	b[23] = 'Z'
	return string(b[:])
}

// link writes {"href": "/api/audit/sessions/<key>/<sub>"}; the download link
// of the audit trail points at .../audit_trail. The indexer skips links, so
// the string is not even built for it.
func link(w sink, key string, s *genSession) {
	w.object(key)
	if _, indexing := w.(*indexer); !indexing {
		sub := key
		if key == "download" {
			sub = "audit_trail"
		}
		w.str("href", "/api/audit/sessions/"+s.key+"/"+sub)
	}
	w.endObject()
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
func (g *generator) emitDoc(s *genSession, w sink) {
	node := g.nodes[s.node]
	w.object("")
	w.boolean("active", s.active)
	link(w, "alerts", s)
	w.object("analytics")
	w.array("interesting_events")
	for _, e := range s.interesting {
		w.str("", e)
	}
	w.endArray()
	w.object("score")
	w.integer("aggregated", s.score)
	w.object("details")
	w.endObject()
	w.endObject()
	w.boolean("scripted", s.scripted)
	w.object("scripted_results")
	w.endObject()
	w.array("similar_sessions")
	w.endArray()
	w.array("tags")
	for _, t := range s.tags {
		w.str("", t)
	}
	w.endArray()
	w.endObject()
	link(w, "channels", s)
	w.object("client")
	w.str("ip", s.client.ip)
	w.str("name", hostName(s.client, s.clientByIP))
	w.integer("port", s.clientPort)
	w.endObject()
	w.timeMs("creation_time", s.createdMs)
	w.integer("duration", s.dur)
	if s.active {
		w.null("end_time")
	} else {
		w.timeMs("end_time", (s.start+s.dur)*1000)
	}
	link(w, "events", s)
	w.boolean("hidden", false)
	link(w, "indexing", s)
	w.str("node_id", g.nodeIDs[s.node])
	w.str("origin", "RECORDING")
	w.boolean("phantom", false)
	w.str("protocol", s.proto.wire)

	w.object("recording")
	w.boolean("archived", s.archived)
	if s.hasTrail {
		w.object("audit_trail")
		if s.archived {
			w.object("archive")
			w.timeMs("date", s.archiveAt*1000)
			w.str("path", time.Unix(s.start, 0).UTC().Format("2006-01-02")+"/")
			w.str("policy", g.polIDs[s.policy.name][:12]+"arch")
			w.str("server", s.archiveSrv)
			w.endObject()
		} else {
			w.null("archive")
		}
		link(w, "download", s)
		w.endObject()
	}
	w.str("auth_method", s.auth)
	w.str("channel_policy", s.policy.channelPolicy)
	w.boolean("command_extracted", s.proto.terminal && len(s.events) > 0)
	w.str("connection_policy", s.policy.name)
	w.str("connection_policy_id", g.polIDs[s.policy.name])
	w.integer("content_reference_id", int64(s.i+1))
	w.boolean("has_accepted_channel", len(s.channels) > 0 && s.channels[0].verdict == "accept")
	w.str("index_status", s.indexStatus)
	w.object("server_local")
	w.str("ip", node.ip)
	w.str("name", node.name)
	w.integer("port", s.serverPort)
	w.endObject()
	w.str("session_id", s.sessionID())
	w.object("target")
	w.str("ip", s.server.ip)
	w.str("name", s.server.name)
	w.integer("port", s.serverPort)
	w.endObject()
	w.str("verdict", s.verdict.name)
	w.boolean("window_title_extracted", s.proto.graphical && len(s.events) > 0)
	w.endObject()

	w.integer("revision", s.revision)
	w.object("server")
	w.str("ip", s.server.ip)
	w.str("name", s.server.name)
	w.integer("port", s.serverPort)
	w.endObject()
	w.timeMs("start_time", s.start*1000)
	link(w, "trail_downloads", s)
	w.object("user")
	if s.gwUser != "" {
		w.str("gateway_username", s.gwUser)
		w.str("id", s.userID)
		w.str("name", s.gwUser)
	}
	if s.srvUser != "" {
		w.str("server_username", s.srvUser)
	}
	w.endObject()
	w.str("verdict", s.verdict.name)
	w.endObject()
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
