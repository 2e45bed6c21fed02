package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// hostileValue is a value an attacker controls in SPS (a username, an
// alert's rule name or matched content) that `make report` puts into the
// mock's sessions, and how the report must show it: as text, whole, with
// control characters (bidirectional overrides included) as U+FFFD.
type hostileValue struct {
	raw, shown string
	// inPDF is the part of shown that the PDF's text must hold; pdftotext
	// writes right-to-left letters in its own order, so that part is left
	// out of the PDF check (it is checked in the DOM).
	inPDF string
}

var (
	hostileScript = hostileValue{raw: "<script>alert('x')</script>"}
	hostileImg    = hostileValue{raw: `"><img src=x onerror=alert(1)> 管理者`}
	hostileRule   = hostileValue{raw: "<b>PatternMatcherRule</b>"}
	hostileCDATA  = hostileValue{raw: "root@srv:~# echo ']]><!-- & rm -rf / --no-preserve-root"}
	// Obeyed, the override would show "toor" as "root".
	hostileRTL = hostileValue{raw: "\u202Etoor\u202C admin\u2067x\u2069 עברית", shown: "\uFFFDtoor\uFFFD admin\uFFFDx\uFFFD עברית",
		inPDF: "\uFFFDtoor\uFFFD admin\uFFFDx\uFFFD"}
	hostileControl = hostileValue{raw: "rule\abell\x1b[31mred\u0085end", shown: "rule\uFFFDbell\uFFFD[31mred\uFFFDend"}
	hostileLong    = hostileValue{raw: longValue()}
)

// hostileValues are checked in the rendered page and in the PDF.
var hostileValues = []hostileValue{hostileScript, hostileImg, hostileRule, hostileCDATA, hostileRTL, hostileControl, hostileLong}

// longValue is a matched content of about 1,100 characters: words, then a
// path of 300 characters without a space, which the table must wrap rather
// than cut or push off the page.
func longValue() string {
	var b strings.Builder
	b.WriteString("LONG-START")
	for i := range 100 {
		fmt.Fprintf(&b, " word%03d", i)
	}
	b.WriteString(" /var/lib/" + strings.Repeat("0123456789", 30) + " LONG-END")
	return b.String()
}

func (h hostileValue) shownText() string {
	if h.shown != "" {
		return h.shown
	}
	return h.raw
}

func (h hostileValue) pdfText() string {
	if h.inPDF != "" {
		return h.inPDF
	}
	return h.shownText()
}

// writeHostileSessions writes the sessions file (mocksps -sessions-file)
// with the hostile values, on day (YYYY-MM-DD, the report's last day):
// two refused sessions (in the refused sessions table) and two terminated
// by a content policy with alerts (in the alerts table).
func writeHostileSessions(path, day string) error {
	session := func(verdict, user, clock string, n int) map[string]any {
		return map[string]any{
			"protocol": "SSH", "verdict": verdict, "active": false, "duration": 3,
			"start_time": day + "T" + clock + "Z", "end_time": day + "T" + clock + "Z",
			"user":      map[string]any{"gateway_username": user, "server_username": "root"},
			"client":    map[string]any{"ip": fmt.Sprintf("203.0.113.%d", 65+n), "port": 40000 + n},
			"server":    map[string]any{"ip": "10.0.0.5", "port": 22},
			"recording": map[string]any{"connection_policy": "ssh_prod", "session_id": fmt.Sprintf("svc/hostile/ssh_prod:%d", n)},
		}
	}
	alert := func(rule, content, clock string) map[string]any {
		return map[string]any{"alert_type": "adp.event.command", "channel_id": "1", "matched_action": "echo ']]>'",
			"matched_content": content, "matched_regexp": "rm -rf", "record_id": 7, "rule_name": rule,
			// SPS writes alert times without a zone.
			"time": day + "T" + clock + ".000000"}
	}
	doc := map[string]any{
		"sessions": map[string]any{
			"hostile-1": session("AUTH-FAIL", hostileScript.raw, "09:15:00", 1),
			"hostile-2": session("ACCEPT-TERMINATED", hostileImg.raw, "10:00:00", 2),
			"hostile-3": session("DENY", hostileRTL.raw, "23:30:00", 3),
			"hostile-4": session("ACCEPT-TERMINATED", "mallory", "23:00:00", 4),
		},
		"alerts": map[string]any{
			"hostile-2": []any{alert(hostileRule.raw, hostileCDATA.raw, "10:00:42")},
			"hostile-4": []any{alert(hostileControl.raw, hostileLong.raw, "23:00:42")},
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}
