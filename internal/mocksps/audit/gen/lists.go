package gen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// The per-session lists, rendered as canonical JSON objects.

func (g *generator) eventDocs(s *genSession) [][]byte {
	var out [][]byte
	for k := range s.events {
		ev := &s.events[k]
		action, content, typ := g.eventContent(s, ev)
		w := jsondoc.NewWriter(256)
		w.Object("")
		w.Str("action", action)
		w.Str("channels_id", strconv.FormatInt(ev.channel, 10))
		w.Str("content", content)
		w.Integer("record_id", ev.rec)
		w.TimeMs("time", ev.ms)
		w.Str("type", typ)
		w.EndObject()
		out = append(out, w.Bytes())
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
		w := jsondoc.NewWriter(256)
		w.Object("")
		w.Str("alert_type", alertType)
		w.Str("channel_id", strconv.FormatInt(ev.channel, 10))
		w.Str("matched_action", action)
		w.Str("matched_content", content)
		w.Str("matched_regexp", rule)
		w.Integer("record_id", ev.rec)
		w.Str("rule_name", "PatternMatcherRule")
		w.TimeMs("time", ev.ms+137)
		w.EndObject()
		out = append(out, w.Bytes())
	}
	return out
}

func (g *generator) channelDocs(s *genSession) [][]byte {
	var out [][]byte
	for k := range s.channels {
		c := &s.channels[k]
		w := jsondoc.NewWriter(256)
		w.Object("")
		w.Boolean("active", s.active && c.verdict == "accept")
		if c.application != "" {
			w.Str("application", c.application)
		}
		if s.hasTrail && c.verdict == "accept" {
			w.Str("audit_stream_id", s.hash[:8]+"-"+strconv.FormatInt(c.id, 10))
		}
		w.Integer("channel_id", c.id)
		if c.command != "" {
			w.Str("command", c.command)
		}
		if c.fwdToPort != 0 {
			w.Str("connected.ip", c.fwdTo.ip)
			w.Str("connected.name", c.fwdTo.name)
			w.Integer("connected.port", c.fwdToPort)
		}
		if c.device != "" {
			w.Str("device_name", c.device)
		}
		if c.end != 0 {
			w.Integer("duration", c.end-c.start)
		} else {
			w.Integer("duration", g.now-c.start)
		}
		if c.dynamic != "" {
			w.Str("dynamic_channel", c.dynamic)
		}
		if c.end != 0 {
			w.TimeMs("end_time", c.end*1000)
		} else {
			w.Null("end_time")
		}
		if c.fourEyes != "" {
			w.Str("four_eyes_authorizer", c.fourEyes)
			w.Str("four_eyes_description", "change ticket CHG-"+strconv.Itoa(1000+s.i%9000))
		}
		if c.fwdFromPort != 0 {
			w.Str("originator.ip", c.fwdFrom.ip)
			w.Str("originator.name", c.fwdFrom.name)
			w.Integer("originator.port", c.fwdFromPort)
		}
		w.Str("rule_num", strconv.Itoa(1+int(c.id)%3))
		if c.scpPath != "" {
			w.Str("scp_path", c.scpPath)
		}
		w.TimeMs("start_time", c.start*1000)
		if c.subsystem != "" {
			w.Str("subsystem_name", c.subsystem)
		}
		w.Str("type", c.typ)
		w.Str("verdict", c.verdict)
		w.EndObject()
		out = append(out, w.Bytes())
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
	w := jsondoc.NewWriter(256)
	w.Object("")
	w.Object("config")
	w.Object("command")
	w.Boolean("enabled", s.proto.terminal)
	w.EndObject()
	w.Object("keyboard")
	w.Integer("buffer_interval", 3)
	w.Boolean("enabled", false)
	w.EndObject()
	w.Object("mouse")
	w.Integer("buffer_interval", 1)
	w.Boolean("enabled", false)
	w.EndObject()
	w.Boolean("near_realtime", false)
	w.Array("ocr_languages")
	if s.proto.graphical {
		w.Str("", "eng")
	}
	w.EndArray()
	w.Object("screen")
	w.Boolean("enabled", true)
	w.Str("omnipage_trade_off", "TO_ACCURATE")
	w.EndObject()
	w.Object("title")
	w.Boolean("enabled", s.proto.graphical)
	w.EndObject()
	w.EndObject()
	w.Object("statistics")
	w.Integer("cpu_time", 1+s.dur/40)
	w.Integer("duration", 2+s.dur/20)
	w.Integer("start_time", (s.start+s.dur+60)*1000)
	w.EndObject()
	w.Str("status", status)
	w.Object("version")
	w.Str("adp", "6.0.20")
	w.Str("worker", "4.0.26")
	w.EndObject()
	w.EndObject()
	return [][]byte{w.Bytes()}
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
		w := jsondoc.NewWriter(256)
		w.Object("")
		w.Boolean("from_api", r.chance(0.3))
		w.Str("ip_address", fmt.Sprintf("10.30.0.%d", 10+r.intn(20)))
		w.TimeMs("time", t*1000)
		w.Str("username", downloadUsers[r.intn(len(downloadUsers))])
		w.EndObject()
		out = append(out, w.Bytes())
	}
	return out
}
