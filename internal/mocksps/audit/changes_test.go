package audit

import (
	"testing"
	"time"
)

// Closing and removing sessions changes what searches see from then on,
// and leaves the state taken before as it was.
func TestCloseAndRemoveSessions(t *testing.T) {
	t.Parallel()
	st := Generate(2000, 6, genNow)
	h := st.Handler(func() time.Time { return genNow })
	before := st.state()
	active := getJSON(t, h, "/api/audit/sessions?q=active:true&fields=start_time&limit=2", 200)
	keys := keys(t, active)
	if len(keys) != 2 {
		t.Fatalf("the store needs 2 active sessions, has %v", keys)
	}
	end := genNow.Add(-time.Minute)
	if err := st.CloseSession(keys[0], end); err != nil {
		t.Fatal(err)
	}
	doc := getJSON(t, h, "/api/audit/sessions/"+keys[0], 200)["body"].(map[string]any)
	start, _ := time.Parse(time.RFC3339, doc["start_time"].(string))
	if doc["active"] != false || doc["end_time"] != "2024-05-17T15:29:00.000Z" || int64(doc["duration"].(float64)) != int64(end.Sub(start).Seconds()) {
		t.Fatalf("closed session: active %v, end_time %v, duration %v", doc["active"], doc["end_time"], doc["duration"])
	}
	if n := matchCount(t, getJSON(t, h, "/api/audit/sessions?q=active:true&limit=0", 200)); n != matchCount(t, active)-1 {
		t.Errorf("%d active after closing one of %d", n, matchCount(t, active))
	}
	if err := st.CloseSession("no-such-session", end); err == nil {
		t.Error("closing an unknown session succeeded")
	}

	if n := st.RemoveSessions(keys[1], "no-such-session"); n != 1 || st.Len() != 1999 {
		t.Fatalf("removed %d, %d left", n, st.Len())
	}
	if rec := get(t, h, "/api/audit/sessions/"+keys[1]); rec.Code != 404 {
		t.Fatalf("removed session answers %d", rec.Code)
	}
	// The state of before is untouched: what a snapshot keeps.
	if before.Len() != 2000 || string(before.Doc(int(before.byKey[keys[0]]))) == "" {
		t.Fatal("the earlier state changed")
	}
	if _, ok := before.lookup(keys[1]); !ok {
		t.Fatal("the earlier state lost the removed session")
	}
}
