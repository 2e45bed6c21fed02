package sps

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// elementValue is the Session field an element fills.
var elementValue = map[SessionElement]func(Session) any{
	ElemSessionID: func(s Session) any { return s.SessionID }, ElemProtocol: func(s Session) any { return s.Protocol },
	ElemActive: func(s Session) any { return s.Active }, ElemVerdict: func(s Session) any { return s.Verdict },
	ElemStartTime: func(s Session) any { return s.StartTime }, ElemEndTime: func(s Session) any { return s.EndTime },
	ElemDuration: func(s Session) any { return s.Duration }, ElemUser: func(s Session) any { return s.User },
	ElemClient: func(s Session) any { return s.Client }, ElemServer: func(s Session) any { return s.Server },
	ElemTarget: func(s Session) any { return s.Target }, ElemConnectionPolicy: func(s Session) any { return s.ConnectionPolicy },
	ElemChannelPolicy: func(s Session) any { return s.ChannelPolicy }, ElemAuthMethod: func(s Session) any { return s.AuthMethod },
	ElemIndexStatus: func(s Session) any { return s.IndexStatus }, ElemOrigin: func(s Session) any { return s.Origin },
	ElemArchived: func(s Session) any { return s.Archived }, ElemHasAcceptedChannel: func(s Session) any { return s.HasAcceptedChannel },
	ElemInterestingEvents: func(s Session) any { return s.InterestingEvents },
	ElemCreationTime:      func(s Session) any { return s.CreationTime }, ElemNodeID: func(s Session) any { return s.NodeID },
	ElemServerLocal: func(s Session) any { return s.ServerLocal }, ElemConnectionPolicyID: func(s Session) any { return s.ConnectionPolicyID },
	ElemRecordingVerdict: func(s Session) any { return s.RecordingVerdict }, ElemContentReferenceID: func(s Session) any { return s.ContentReferenceID },
	ElemTags: func(s Session) any { return s.Tags }, ElemScripted: func(s Session) any { return s.Scripted },
	ElemScore: func(s Session) any { return s.Score },
}

// TestFieldsForFillEachElement: asking SPS for FieldsFor(element) alone fills
// that element as fields=* does, for nested documents (generated), flat
// legacy ones and the older psm element, on both search methods.
func TestFieldsForFillEachElement(t *testing.T) {
	t.Parallel()
	var file strings.Builder
	file.WriteString(`{"flat": {"protocol": "ssh", "active": false, "start_time": "2017-01-25T11:11:52.000+01:00", "duration": 60,
	  "name": "myname", "server_username": "root", "client.address": "10.0.0.1", "client.port": 50001, "server.address": "10.0.0.2",
	  "server.port": 22, "connection_policy": "cp", "channel_policy": "shell-only", "auth_method": "password", "session_id": "svc/a/cp:1",
	  "archived": true, "target.address": "10.0.0.3", "target.port": 2222, "verdict": "ACCEPT", "origin": "RECORDING"},
	 "psm": {"protocol": "ssh", "active": true, "start_time": "2017-01-25T12:00:00.000Z", "psm": {"gateway_username": "old", "connection_policy": "cp2",
	  "target": {"address": "10.0.0.9", "port": 23}, "session_id": "svc/b/cp2:7"}}}`)
	st, err := audit.Load(strings.NewReader(file.String()))
	if err != nil {
		t.Fatal(err)
	}
	st.Merge(audit.Generate(60, 4, slicesNow))
	if len(elementValue) != len(elementFields) {
		t.Fatalf("%d elements tested, %d have fields", len(elementValue), len(elementFields))
	}
	for _, fw := range []string{"6.0.12", "7.5.0"} {
		env := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(slicesNow), mockspstest.WithFirmware(fw))
		c, err := New(Config{URL: env.URL, Username: mockspstest.AuditorUser, Password: mockspstest.AuditorPassword})
		if err != nil {
			t.Fatal(err)
		}
		all, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 100, Sort: []string{"start_time"}})
		if err != nil {
			t.Fatal(err)
		}
		for elem, value := range elementValue {
			res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 100, Sort: []string{"start_time"}, Fields: FieldsFor(elem)})
			if err != nil {
				t.Fatalf("%s: element %d (%v): %v", fw, elem, FieldsFor(elem), err)
			}
			filled := 0
			for i := range all.Sessions {
				want, got := value(all.Sessions[i]), value(res.Sessions[i])
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: element %d of %s: %v from %v, %v from fields=*", fw, elem, all.Sessions[i].ID, got, FieldsFor(elem), want)
				}
				if !reflect.ValueOf(want).IsZero() {
					filled++
				}
			}
			if filled == 0 {
				t.Errorf("element %d is empty in every session: the case proves nothing", elem)
			}
		}
	}
	if got := FieldsFor(ElemClient, ElemClient, ElemProtocol); fmt.Sprint(got) != "[client client.address client.port protocol]" || FieldsFor() == nil {
		t.Errorf("FieldsFor: %v", got)
	}
}
