package audit

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// The generated data covers what the documentation enumerates.
func TestGeneratedCoverage(t *testing.T) {
	t.Parallel()
	st := Generate(3000, 11, genNow)
	h := st.Handler(func() time.Time { return genNow })
	values := func(field string) []string {
		var out []string
		for _, it := range getJSON(t, h, "/api/audit/sessions/stats?size=100&field="+field, 200)["items"].([]any) {
			out = append(out, canon(t, it.(map[string]any)["value"]))
		}
		slices.Sort(out)
		return out
	}
	mustHave := func(field string, want ...string) {
		t.Helper()
		got := values(field)
		for _, w := range want {
			if !slices.Contains(got, `"`+w+`"`) {
				t.Errorf("%s: %s never generated (have %v)", field, w, got)
			}
		}
	}
	// Upper case, as the session samples write it ("protocol": "SSH").
	mustHave("protocol", "SSH", "RDP", "VNC", "TELNET", "HTTP", "ICA")
	mustHave("verdict", "ACCEPT", "ACCEPT-TERMINATED", "AUTH-FAIL", "DENY", "FAIL", "GW-AUTH-FAIL", "KEY-ERROR", "USER-MAPPING-FAIL")
	mustHave("recording.index_status", "CHANNEL_OPEN", "NOT_INDEXED", "INDEXING_IN_PROGRESS", "INDEXED", "INDEXING_NOT_REQUIRED", "INDEXING_FAILED", "NO_TRAIL")
	if n := len(values("user.gateway_username")); n < 20 {
		t.Errorf("only %d gateway users", n)
	}
	if n := len(values("recording.connection_policy")); n < 9 {
		t.Errorf("only %d connection policies", n)
	}

	// Active sessions have no end time and run up to now.
	active := getJSON(t, h, "/api/audit/sessions?q=active:true&fields=end_time,start_time,duration&limit=500", 200)
	if matchCount(t, active) == 0 {
		t.Fatal("no active sessions")
	}
	for _, it := range active["items"].([]any) {
		b := it.(map[string]any)["body"].(map[string]any)
		start, _ := time.Parse(time.RFC3339, b["start_time"].(string))
		if b["end_time"] != nil || int64(b["duration"].(float64)) != int64(genNow.Sub(start).Seconds()) {
			t.Fatalf("active session %v", b)
		}
	}
	// Spread over the 60 days before now, denser in working hours.
	if n := matchCount(t, getJSON(t, h, "/api/audit/sessions?limit=0&q="+"start_time:[*%20TO%20"+genNow.AddDate(0, 0, -61).Format("2006-01-02")+"]", 200)); n != 0 {
		t.Errorf("%d sessions older than 60 days", n)
	}
	if n := matchCount(t, getJSON(t, h, "/api/audit/sessions?limit=0&q=start_time:{"+genNow.Format(time.RFC3339)+"%20TO%20*]", 200)); n != 0 {
		t.Errorf("%d sessions in the future", n)
	}
	d := st.state()
	work, night := 0, 0
	for i := range d.sessions {
		switch hr := time.Unix(0, d.ix.Start(int32(i))).UTC().Hour(); {
		case hr >= 9 && hr < 12:
			work++
		case hr >= 0 && hr < 3:
			night++
		}
	}
	if work < 4*night {
		t.Errorf("working hours not denser: %d sessions 9-12h, %d 0-3h", work, night)
	}

	// Every documented channel type of SSH and RDP occurs; terminal
	// sessions have command events with content; some sessions have
	// alerts, indexing details and trail downloads.
	types := map[string]bool{}
	var events, alerts, indexing, downloads int
	for i := range d.sessions {
		for _, c := range d.List(i, jsondoc.ListChannels) {
			var ch struct{ Type string }
			if err := json.Unmarshal(c, &ch); err != nil {
				t.Fatal(err)
			}
			types[ch.Type] = true
		}
		if i < 300 { // rendering every list of every session is slow under -race
			s := int32(i)
			events += len(st.subList(d, s, jsondoc.ListEvents))
			alerts += len(st.subList(d, s, jsondoc.ListAlerts))
			indexing += len(st.subList(d, s, jsondoc.ListIndexing))
			downloads += len(st.subList(d, s, jsondoc.ListDownloads))
		}
	}
	for _, typ := range []string{"session shell", "session exec", "session exec scp", "session subsystem sftp", "local forward",
		"remote forward", "x11 forward", "drawing", "sound", "clipboard", "seamless", "dynamic virtual", "custom",
		"serial redirect", "parallel redirect", "printer redirect", "disk redirect", "scard redirect"} {
		if !types[typ] {
			t.Errorf("channel type %q never generated", typ)
		}
	}
	if events == 0 || alerts == 0 || indexing == 0 || downloads == 0 {
		t.Errorf("events %d, alerts %d, indexing %d, downloads %d", events, alerts, indexing, downloads)
	}
	if n := matchCount(t, getJSON(t, h, "/api/audit/sessions?limit=0&content=sudo&q=protocol:(ssh%20telnet)", 200)); n == 0 {
		t.Error("no session with sudo in its content")
	}
	// Generated sessions are reachable by their logged session id too.
	out := getJSON(t, h, "/api/audit/sessions?limit=1&fields=recording.session_id", 200)
	item := out["items"].([]any)[0].(map[string]any)
	sid := item["body"].(map[string]any)["recording"].(map[string]any)["session_id"].(string)
	if got := getJSON(t, h, "/api/audit/sessions/"+jsondoc.RESTForm(sid), 200)["key"]; got != item["key"] {
		t.Errorf("lookup by session id %s gave %v", sid, got)
	}
}
