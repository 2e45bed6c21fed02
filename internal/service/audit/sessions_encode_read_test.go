package audit_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// TestAuditSessionsStateWithoutWrapper: a Read served by the framework
// alone (no protocolServer) gives the same state as through the wrapper.
func TestAuditSessionsStateWithoutWrapper(t *testing.T) {
	t.Parallel()
	st := audit.Generate(700, 5, acctest.AuditNow)
	ts := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(acctest.AuditNow))
	cfg := map[string]tftypes.Value{"max_results": tftypes.NewValue(tftypes.Number, 650)}
	wrapped := acctest.ReadDataSourceProto(t, ts.URL, "sps_audit_sessions", cfg)
	plain := acctest.ReadDataSourceProtoWith(t, providerserver.NewProtocol6WithError(provider.New("test")()), ts.URL, "sps_audit_sessions", cfg)
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
	srv := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow)).Server
	rec := &fieldsRecorder{next: srv}
	ts := httptest.NewServer(rec)
	t.Cleanup(ts.Close)
	provider := mockspstest.ProviderBlock(ts.URL, mockspstest.AuditorUser, mockspstest.AuditorPassword)
	const few, none = "data.sps_audit_sessions.few", "data.sps_audit_sessions.none"
	null := knownvalue.Null()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
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
					"target":             acctest.EndpointCheck("10.2.0.10", 22, "10.2.0.10"),
					"interesting_events": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("sudo"), knownvalue.StringExact("systemctl")}),
					"rest_id":            null, "session_id": null, "protocol": null, "active": null, "verdict": null,
					"end_time": null, "duration": null, "client": null, "server": null, "connection_policy": null,
					"channel_policy": null, "auth_method": null, "index_status": null, "origin": null, "archived": null,
					"has_accepted_channel": null,
				})),
				statecheck.ExpectKnownValue(few, tfjsonpath.New("sessions"), acctest.SessionIDs(1, 6, 8)),
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
