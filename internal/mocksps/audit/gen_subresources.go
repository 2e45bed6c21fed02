package audit

import (
	"fmt"
	"strconv"
	"strings"
)

// The per-session lists, rendered as canonical JSON objects.

func (g *generator) eventDocs(s *genSession) [][]byte {
	var out [][]byte
	for k := range s.events {
		ev := &s.events[k]
		action, content, typ := g.eventContent(s, ev)
		w := &jsonWriter{}
		w.object("")
		w.str("action", action)
		w.str("channels_id", strconv.FormatInt(ev.channel, 10))
		w.str("content", content)
		w.integer("record_id", ev.rec)
		w.timeMs("time", ev.ms)
		w.str("type", typ)
		w.endObject()
		out = append(out, w.buf)
	}
	return out
}

func (g *generator) alertDocs(s *genSession) [][]byte {
	var out [][]byte
	for k := range s.events {
		ev := &s.events[k]
		var rule, alertType string
		switch ev.kind {
		case evCommand:
			rule, alertType = commands[ev.idx].rule, "adp.event.command"
		case evTitle:
			rule, alertType = windowTitles[ev.idx].rule, "adp.event.screen.windowtitle"
		case evScreen:
			if strings.HasPrefix(screenTexts[ev.idx], "Invoice") {
				rule, alertType = "[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{4}", "adp.event.screen.creditcard"
			}
		}
		if rule == "" {
			continue
		}
		action, content, _ := g.eventContent(s, ev)
		w := &jsonWriter{}
		w.object("")
		w.str("alert_type", alertType)
		w.str("channel_id", strconv.FormatInt(ev.channel, 10))
		w.str("matched_action", action)
		w.str("matched_content", content)
		w.str("matched_regexp", rule)
		w.integer("record_id", ev.rec)
		w.str("rule_name", "PatternMatcherRule")
		w.timeMs("time", ev.ms+137)
		w.endObject()
		out = append(out, w.buf)
	}
	return out
}

func (g *generator) channelDocs(s *genSession) [][]byte {
	var out [][]byte
	for k := range s.channels {
		c := &s.channels[k]
		w := &jsonWriter{}
		w.object("")
		w.boolean("active", s.active && c.verdict == "accept")
		if c.application != "" {
			w.str("application", c.application)
		}
		if s.hasTrail && c.verdict == "accept" {
			w.str("audit_stream_id", s.hash[:8]+"-"+strconv.FormatInt(c.id, 10))
		}
		w.integer("channel_id", c.id)
		if c.command != "" {
			w.str("command", c.command)
		}
		if c.fwdToPort != 0 {
			w.str("connected.ip", c.fwdTo.ip)
			w.str("connected.name", c.fwdTo.name)
			w.integer("connected.port", c.fwdToPort)
		}
		if c.device != "" {
			w.str("device_name", c.device)
		}
		if c.end != 0 {
			w.integer("duration", c.end-c.start)
		} else {
			w.integer("duration", g.now-c.start)
		}
		if c.dynamic != "" {
			w.str("dynamic_channel", c.dynamic)
		}
		if c.end != 0 {
			w.timeMs("end_time", c.end*1000)
		} else {
			w.null("end_time")
		}
		if c.fourEyes != "" {
			w.str("four_eyes_authorizer", c.fourEyes)
			w.str("four_eyes_description", "change ticket CHG-"+strconv.Itoa(1000+s.i%9000))
		}
		if c.fwdFromPort != 0 {
			w.str("originator.ip", c.fwdFrom.ip)
			w.str("originator.name", c.fwdFrom.name)
			w.integer("originator.port", c.fwdFromPort)
		}
		w.str("rule_num", strconv.Itoa(1+int(c.id)%3))
		if c.scpPath != "" {
			w.str("scp_path", c.scpPath)
		}
		w.timeMs("start_time", c.start*1000)
		if c.subsystem != "" {
			w.str("subsystem_name", c.subsystem)
		}
		w.str("type", c.typ)
		w.str("verdict", c.verdict)
		w.endObject()
		out = append(out, w.buf)
	}
	return out
}

func (g *generator) indexingDocs(s *genSession) [][]byte {
	var status string
	switch s.indexStatus {
	case "INDEXED":
		status = "COMPLETED"
	case "INDEXING_IN_PROGRESS":
		status = "IN_PROGRESS"
	case "INDEXING_FAILED":
		status = "FAILED"
	default:
		return nil
	}
	w := &jsonWriter{}
	w.object("")
	w.object("config")
	w.object("command")
	w.boolean("enabled", s.proto.terminal)
	w.endObject()
	w.object("keyboard")
	w.integer("buffer_interval", 3)
	w.boolean("enabled", false)
	w.endObject()
	w.object("mouse")
	w.integer("buffer_interval", 1)
	w.boolean("enabled", false)
	w.endObject()
	w.boolean("near_realtime", false)
	w.array("ocr_languages")
	if s.proto.graphical {
		w.str("", "eng")
	}
	w.endArray()
	w.object("screen")
	w.boolean("enabled", true)
	w.str("omnipage_trade_off", "TO_ACCURATE")
	w.endObject()
	w.object("title")
	w.boolean("enabled", s.proto.graphical)
	w.endObject()
	w.endObject()
	w.object("statistics")
	w.integer("cpu_time", 1+s.dur/40)
	w.integer("duration", 2+s.dur/20)
	w.integer("start_time", (s.start+s.dur+60)*1000)
	w.endObject()
	w.str("status", status)
	w.object("version")
	w.str("adp", "6.0.20")
	w.str("worker", "4.0.26")
	w.endObject()
	w.endObject()
	return [][]byte{w.buf}
}

func (g *generator) downloadDocs(s *genSession) [][]byte {
	if !s.hasTrail || s.active {
		return nil
	}
	r := newRNG(g.seed, s.i, streamActivity+1)
	if !r.chance(0.1) {
		return nil
	}
	var out [][]byte
	t := s.start + s.dur
	for range 1 + r.intn(3) {
		t += r.between(600, 5*86400)
		if t > g.now {
			break
		}
		w := &jsonWriter{}
		w.object("")
		w.boolean("from_api", r.chance(0.3))
		w.str("ip_address", fmt.Sprintf("10.30.0.%d", 10+r.intn(20)))
		w.timeMs("time", t*1000)
		w.str("username", downloadUsers[r.intn(len(downloadUsers))])
		w.endObject()
		out = append(out, w.buf)
	}
	return out
}
