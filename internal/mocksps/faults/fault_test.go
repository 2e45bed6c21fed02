package faults

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseFlag(t *testing.T) {
	t.Parallel()
	f, err := ParseFlag("kind=status, match=PUT /api/transaction, count=2, skip=1, status=502")
	if err != nil {
		t.Fatal(err)
	}
	want := Fault{Kind: KindStatus, Match: "PUT /api/transaction", Count: 2, Skip: 1, Status: 502}
	if f != want {
		t.Errorf("got %+v, want %+v", f, want)
	}
	f, err = ParseFlag("kind=lock,delay=1m30s,user=alice,probability=0.25")
	if err != nil {
		t.Fatal(err)
	}
	if f.Delay != Duration(90*time.Second) || f.User != "alice" || f.Probability != 0.25 {
		t.Errorf("got %+v", f)
	}
	for _, tc := range []struct{ in, want string }{
		{"", "kind is required"},
		{"kind=status,oops", "not key=value"},
		{"kind=status,flavor=red", "unknown key"},
		{"kind=status,count=two", "count"},
		{"kind=latency,delay=5", "delay"},
		{"kind=status,kind=latency", "given twice"},
		{"kind=status,status=200", "5xx"},
		{"kind=status,probability=NaN", "probability"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if _, err := ParseFlag(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseFlag(%q) = %v, want error containing %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestDurationJSON(t *testing.T) {
	t.Parallel()
	var f Fault
	if err := json.Unmarshal([]byte(`{"kind":"latency","delay":"250ms"}`), &f); err != nil {
		t.Fatal(err)
	}
	if f.Delay != Duration(250*time.Millisecond) {
		t.Errorf("delay %v", time.Duration(f.Delay))
	}
	b, _ := json.Marshal(f)
	if !strings.Contains(string(b), `"delay":"250ms"`) {
		t.Errorf("marshaled %s", b)
	}
	for _, bad := range []string{`{"delay":5}`, `{"delay":"soon"}`} {
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
