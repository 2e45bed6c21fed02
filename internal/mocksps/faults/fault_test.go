package faults

import (
	"encoding/json"
	"net/http"
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

func TestAddValidation(t *testing.T) {
	t.Parallel()
	noHooks := New(1, Hooks{})
	for _, tc := range []struct {
		f    Fault
		want string
	}{
		{Fault{}, "kind is required"},
		{Fault{Kind: "explode"}, "unknown kind"},
		{Fault{Kind: KindStatus, Status: 404}, "5xx"},
		{Fault{Kind: KindLatency}, "delay above zero"},
		{Fault{Kind: KindSlowCommit}, "delay above zero"},
		{Fault{Kind: KindStatus, Skip: -1}, "skip"},
		{Fault{Kind: KindStatus, Probability: 1.5}, "probability"},
		{Fault{Kind: KindStatus, Delay: Duration(time.Second)}, "delay applies only"},
		{Fault{Kind: KindDropAfter, Status: 500}, "status applies only"},
		{Fault{Kind: KindStatus, User: "bob"}, "user applies only"},
		{Fault{Kind: KindCommitFail400, Match: "POST /api/transaction"}, "always targets commits"},
		{Fault{Kind: KindStatus, Match: "put /api"}, "upper-case"},
		{Fault{Kind: KindStatus, Match: "PUT api"}, "must start with /"},
		{Fault{Kind: KindStatus, Match: "PUT /api/[x"}, "bad glob"},
		{Fault{Kind: KindStatus, Match: "PUT /api/a**"}, "whole path segment"},
		{Fault{Kind: KindExpireSession}, "no ExpireSession hook"},
		{Fault{Kind: KindLock, Delay: Duration(time.Second)}, "no HoldLock hook"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			_, err := noHooks.Add(tc.f)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Add(%+v) = %v, want error containing %q", tc.f, err, tc.want)
			}
		})
	}
	withHooks := New(1, Hooks{ExpireSession: func(*http.Request) {}, HoldLock: func(string, time.Duration) error { return nil }})
	if _, err := withHooks.Add(Fault{Kind: KindLock}); err == nil || !strings.Contains(err.Error(), "delay") {
		t.Errorf("lock without delay: %v", err)
	}
	if _, err := withHooks.Add(Fault{Kind: KindExpireSession}); err != nil {
		t.Errorf("expire_session with hook: %v", err)
	}
	if len(noHooks.List()) != 0 {
		t.Errorf("invalid faults were armed: %v", noHooks.List())
	}
	if _, err := noHooks.AddAll([]Fault{{Kind: KindStatus}, {Kind: "nope"}}); err == nil || !strings.Contains(err.Error(), "fault 1") {
		t.Errorf("AddAll error %v should name index 1", err)
	}
	if len(noHooks.List()) != 0 {
		t.Error("AddAll armed part of an invalid list")
	}
}
