package provider

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// searchAll reads every session of st through the client.
func searchAll(t *testing.T, st *audit.Store) []sps.Session {
	t.Helper()
	ts := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(auditNow))
	c, err := sps.New(sps.Config{URL: ts.URL, Username: mockspstest.AuditorUser, Password: mockspstest.AuditorPassword})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.SearchSessions(context.Background(), sps.SessionQuery{MaxResults: 2000})
	if err != nil {
		t.Fatal(err)
	}
	return res.Sessions
}

// TestSessionEncoderMatchesFramework: the bytes the streaming encoder
// writes are the bytes terraform-plugin-go writes for the framework values
// that sessionAttrValues (the sps_audit_session conversion) builds, for
// every session of the vendor sample and of a generated database.
func TestSessionEncoderMatchesFramework(t *testing.T) {
	t.Parallel()
	vendor, err := audit.LoadFile(vendorSample)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for name, st := range map[string]*audit.Store{"vendor_sample": vendor, "generated": audit.Generate(700, 11, auditNow)} {
		sessions := searchAll(t, st)
		elems := make([]attr.Value, len(sessions))
		for i := range sessions {
			v := sessionAttrValues(&sessions[i])
			v["id"] = types.StringValue(sessions[i].ID)
			elems[i] = types.ObjectValueMust(auditSessionElemType.AttrTypes, v)
		}
		listType := types.ListType{ElemType: auditSessionElemType}
		want, err := types.ListValueMust(auditSessionElemType, elems).ToTerraformValue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantBytes, err := tfprotov6.NewDynamicValue(listType.TerraformType(ctx), want)
		if err != nil {
			t.Fatal(err)
		}
		enc, err := newSessionEncoder(nil)
		if err != nil {
			t.Fatal(err)
		}
		// Encoded in pages of 3 and joined, as a search does.
		var items [][]byte
		for chunk := range slices.Chunk(sessions, 3) {
			page, err := enc.page(chunk)
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, page...)
		}
		got, err := encodeSessionList(items)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, wantBytes.MsgPack) {
			t.Errorf("%s: encoded sessions differ from terraform-plugin-go's encoding (%d vs %d bytes)", name, len(got), len(wantBytes.MsgPack))
		}
		// And they decode back to the same values.
		back, err := (&tfprotov6.DynamicValue{MsgPack: got}).Unmarshal(listType.TerraformType(ctx))
		if err != nil || !back.Equal(want) {
			t.Errorf("%s: decoded back to different values (err %v)", name, err)
		}
	}
}

// TestSessionEncoderAttributes: the encoder's table names exactly the
// attributes of the schema's session element.
func TestSessionEncoderAttributes(t *testing.T) {
	t.Parallel()
	var got []string
	for _, a := range sessionAttrs {
		got = append(got, a.name)
	}
	var want []string
	for name := range auditSessionElemType.AttrTypes {
		want = append(want, name)
	}
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("encoder attributes %v, schema %v", got, want)
	}
}

// TestAuditSessionsStateWithoutWrapper: a Read served by the framework
// alone (no protocolServer) gives the same state as through the wrapper.
func TestAuditSessionsStateWithoutWrapper(t *testing.T) {
	t.Parallel()
	st := audit.Generate(700, 5, auditNow)
	ts := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(auditNow))
	cfg := map[string]tftypes.Value{"max_results": tftypes.NewValue(tftypes.Number, 650)}
	wrapped := readDataSourceProto(t, ts.URL, "sps_audit_sessions", cfg)
	plain := readDataSourceProtoWith(t, providerserver.NewProtocol6WithError(New("test")()), ts.URL, "sps_audit_sessions", cfg)
	if !wrapped.Equal(plain) {
		t.Fatal("the framework-only Read gives a different state")
	}
	if !bytes.Equal(canonicalJSON(t, wrapped), canonicalJSON(t, plain)) {
		t.Fatal("states render differently")
	}
}

// fieldsRecorder wraps the mock and records the fields parameter of every
// session search.
type fieldsRecorder struct {
	next http.Handler
	mu   sync.Mutex
	seen []string
}

func (f *fieldsRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/audit/sessions" {
		f.mu.Lock()
		if v, ok := r.URL.Query()["fields"]; ok {
			f.seen = append(f.seen, v[0])
		} else {
			f.seen = append(f.seen, "(none)")
		}
		f.mu.Unlock()
	}
	f.next.ServeHTTP(w, r)
}

func (f *fieldsRecorder) requested() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.seen)
	sort.Strings(out)
	return slices.Compact(out)
}

// TestAccAuditSessions_fields: with fields, only the named attributes (and
// id) are filled, and SPS is asked only for the elements they need.
func TestAccAuditSessions_fields(t *testing.T) {
	t.Parallel()
	srv := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow)).Server
	rec := &fieldsRecorder{next: srv}
	ts := httptest.NewServer(rec)
	t.Cleanup(ts.Close)
	provider := mockspstest.ProviderBlock(ts.URL, mockspstest.AuditorUser, mockspstest.AuditorPassword)
	const few, none = "data.sps_audit_sessions.few", "data.sps_audit_sessions.none"
	null := knownvalue.Null()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// Caught at plan time, before any request.
			Config: provider + `
data "sps_audit_sessions" "bad" {
  fields = ["protocol", "nosuch"]
}
`,
			ExpectError: regexp.MustCompile(`(?s)fields.*value must be one of`),
		}, {
			Config: provider + `
data "sps_audit_sessions" "few" {
  query  = "protocol:ssh AND verdict:accept"
  sort   = ["start_time"]
  fields = ["start_time", "user", "target", "interesting_events"]
}

data "sps_audit_sessions" "none" {
  query  = "protocol:rdp"
  fields = []
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(few, tfjsonpath.New("sessions").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":         knownvalue.StringExact("svc-Hx1-ssh_main-1"),
					"start_time": knownvalue.StringExact("2024-05-06T08:15:00.000Z"),
					"user": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": null, "name": knownvalue.StringExact("user-Alpha"), "server_username": knownvalue.StringExact("root"),
					}),
					"target":             endpointCheck("10.2.0.10", 22, "10.2.0.10"),
					"interesting_events": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("sudo"), knownvalue.StringExact("systemctl")}),
					"rest_id":            null, "session_id": null, "protocol": null, "active": null, "verdict": null,
					"end_time": null, "duration": null, "client": null, "server": null, "connection_policy": null,
					"channel_policy": null, "auth_method": null, "index_status": null, "origin": null, "archived": null,
					"has_accepted_channel": null,
				})),
				statecheck.ExpectKnownValue(few, tfjsonpath.New("sessions"), sessionIDs(1, 6, 8)),
				statecheck.ExpectKnownValue(few, tfjsonpath.New("match_count"), knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownValue(none, tfjsonpath.New("sessions").AtSliceIndex(0).AtMapKey("protocol"), null),
				statecheck.ExpectKnownValue(none, tfjsonpath.New("sessions"), knownvalue.ListSizeExact(3)),
			},
			Check: func(*terraform.State) error {
				// What reached the mock: the elements of the four
				// attributes, each in its nested spelling and the flat
				// legacy and psm.* names the search page documents, and
				// no body at all for fields = [].
				got := rec.requested()
				want := []string{"(none)", "analytics.interesting_events,start_time," +
					"recording.target,target.address,target.port,psm.target.address,psm.target.port," +
					"user,name,server_username,psm.gateway_username"}
				if !slices.Equal(got, want) {
					return fmt.Errorf("fields requested from SPS: %q, want %q", got, want)
				}
				return nil
			},
		}},
	})
}

// TestSpliceAttributeRefusesUnexpectedState: the splice only replaces a
// null attribute that exists; anything else is an error, never a state
// with two values or a lost one.
func TestSpliceAttributeRefusesUnexpectedState(t *testing.T) {
	t.Parallel()
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String, "sessions": tftypes.List{ElementType: tftypes.String}}}
	enc := func(v map[string]tftypes.Value) []byte {
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, v))
		if err != nil {
			t.Fatal(err)
		}
		return dv.MsgPack
	}
	list := stringList("x", "y")
	listBytes, err := tfprotov6.NewDynamicValue(list.Type(), list)
	if err != nil {
		t.Fatal(err)
	}
	nullState := enc(map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, "v"), "sessions": tftypes.NewValue(typ.AttributeTypes["sessions"], nil)})
	got, err := spliceAttribute(nullState, "sessions", listBytes.MsgPack)
	if err != nil {
		t.Fatal(err)
	}
	want := enc(map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, "v"), "sessions": list})
	if !bytes.Equal(got, want) {
		t.Fatal("spliced state differs from the state encoded whole")
	}
	if _, err := spliceAttribute(want, "sessions", listBytes.MsgPack); err == nil {
		t.Error("spliced over a value that was not null")
	}
	if _, err := spliceAttribute(nullState, "other", listBytes.MsgPack); err == nil {
		t.Error("spliced an attribute the state does not have")
	}
}
