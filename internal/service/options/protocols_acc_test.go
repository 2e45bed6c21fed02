package options_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// walked are the protocols the walk below covers, one row per typed
// resource sps_<name>_options (sps_vnc_options has tests of its own too).
// gssapi: the protocol has SSH's switch, which the walk sets out of band
// and expects kept.
var walked = []struct {
	name   string
	gssapi bool
}{
	{name: "ssh", gssapi: true},
	{name: "rdp"},
	{name: "telnet"},
	{name: "http"},
	{name: "ica"},
	{name: "vnc"},
}

// The walk holds every protocol in one configuration per body shape, so
// CI pays for two terraform runs, not ten: create, update, drift, import
// and destroy, with the mock's stored body checked after each apply.
// Fields the configuration leaves out (timestamping, gssapi) are set out
// of band first and must survive every write.
func TestAccProtocolOptions_auditShape(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithOptionsShape("audit"))
	srv, provider := env.Server, env.AdminBlock()
	// What SPS holds beyond the configuration: remote timestamping with a
	// policy OID, and gssapi on.
	kept := `"timestamping": {"selection": "remote", "signing_interval": 45, "server_url": "https://tsa.example.com/t",
		"oid": {"enabled": true, "policy_oid": "1.3.6"}}`
	body := func(logLevel string, cleanup string, gssapi bool) string {
		b := `{"service": {"enabled": true, "log_level": ` + logLevel + `}, "audit": {"cleanup": ` + cleanup + `, ` + kept + `}`
		if gssapi {
			b += `, "gssapi": {"enabled": true}`
		}
		return b + "}"
	}
	created := func(gssapi bool) string {
		return body("3", `{"enabled": true, "channel_database_cleanup_days": 90}`, gssapi)
	}
	updated := func(gssapi bool) string { return body("5", `{"enabled": false}`, gssapi) }
	imports := []resource.TestStep{}
	for _, p := range walked {
		imports = append(imports, resource.TestStep{
			ResourceName: addrOf(p.name), ImportState: true, ImportStateId: "options", ImportStateVerify: true,
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		// Destroy leaves every protocol's options as the last apply did.
		CheckDestroy: checkBodies(srv, updated),
		Steps: append([]resource.TestStep{
			{
				// Documented rules are checked at plan time, for every protocol.
				Config:      provider + walkConfig(5, "{ enabled = true }", ""),
				PlanOnly:    true,
				ExpectError: acctest.ExpectError("cleanup.days is required when cleanup.enabled is true"),
			},
			{
				PreConfig: func() {
					putBodies(t, srv, `{"service": {"enabled": false}, "audit": {"cleanup": {"enabled": false}, `+kept+`}}`)
				},
				Config:           provider + walkConfig(3, "{ enabled = true, days = 90 }", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: planActions(plancheck.ResourceActionCreate)},
				ConfigStateChecks: stateChecks(func(p string) []statecheck.StateCheck {
					return []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addrOf(p), tfjsonpath.New("api_shape"), knownvalue.StringExact("audit")),
						statecheck.ExpectKnownValue(addrOf(p), tfjsonpath.New("timestamping"), knownvalue.Null()),
						// The data source reads what SPS holds, timestamping included.
						statecheck.ExpectKnownValue("data."+addrOf(p), tfjsonpath.New("timestamping").AtMapKey("policy_oid"),
							knownvalue.StringExact("1.3.6")),
						statecheck.ExpectKnownValue("data."+addrOf(p), tfjsonpath.New("cleanup").AtMapKey("days"), knownvalue.Int64Exact(90)),
					}
				}),
				Check: checkBodies(srv, created),
			},
			{
				Config:           provider + walkConfig(5, "{ enabled = false }", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: planActions(plancheck.ResourceActionUpdate)},
				Check:            checkBodies(srv, updated),
			},
			{
				// Another administrator switches every protocol off: the
				// plan puts them back, still keeping the unmanaged fields.
				PreConfig: func() {
					for _, p := range walked {
						cur := mockBody(t, srv, p.name)
						cur["service"] = map[string]any{"enabled": false}
						putBody(t, srv, p.name, cur)
					}
				},
				Config:           provider + walkConfig(5, "{ enabled = false }", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: planActions(plancheck.ResourceActionUpdate)},
				Check:            checkBodies(srv, updated),
			},
		}, imports...),
	})
}

// The channel_database_cleanup shape: the same resources, the cleanup
// written where this shape keeps it, timestamping refused before anything
// is written, and import by identity (Terraform 1.12+).
func TestAccProtocolOptions_legacyShape(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithOptionsShape("legacy"))
	srv, provider := env.Server, env.AdminBlock()
	body := func(gssapi bool) string {
		b := `{"service": {"enabled": true, "log_level": 2}, "channel_database_cleanup": {"enabled": true, "days": 30}`
		if gssapi {
			b += `, "gssapi": {"enabled": true}`
		}
		return b + "}"
	}
	config := provider + walkConfig(2, "{ enabled = true, days = 30 }", "")
	steps := []resource.TestStep{
		{
			PreConfig: func() {
				for _, p := range walked {
					if p.gssapi {
						putBody(t, srv, p.name, map[string]any{"service": map[string]any{"enabled": false},
							"channel_database_cleanup": map[string]any{"enabled": false}, "gssapi": map[string]any{"enabled": true}})
					}
				}
			},
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: planActions(plancheck.ResourceActionCreate)},
			ConfigStateChecks: stateChecks(func(p string) []statecheck.StateCheck {
				return []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addrOf(p), tfjsonpath.New("api_shape"), knownvalue.StringExact("legacy")),
					statecheck.ExpectKnownValue(addrOf(p), tfjsonpath.New("cleanup").AtMapKey("days"), knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue("data."+addrOf(p), tfjsonpath.New("timestamping"), knownvalue.Null()),
					statecheck.ExpectIdentity(addrOf(p), map[string]knownvalue.Check{"key": knownvalue.StringExact("options")}),
				}
			}),
			Check: checkBodies(srv, body),
		},
		{
			Config:      provider + walkConfig(2, "{ enabled = true, days = 30 }", `timestamping = { selection = "local" }`),
			ExpectError: acctest.ExpectError("Timestamping is not supported by this SPS appliance"),
		},
		{
			// The refused step wrote nothing.
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            checkBodies(srv, body),
		},
	}
	for _, p := range walked {
		steps = append(steps, resource.TestStep{
			Config: config, ResourceName: addrOf(p.name), ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
		})
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkBodies(srv, body),
		Steps:                    steps,
	})
}

func addrOf(protocol string) string { return "sps_" + protocol + "_options.this" }

// walkConfig declares every walked protocol's options (and a data source
// reading each after its write) with the same values.
func walkConfig(logLevel int, cleanup, extra string) string {
	var b strings.Builder
	for _, p := range walked {
		fmt.Fprintf(&b, `
resource "sps_%[1]s_options" "this" {
  service = { enabled = true, log_level = %[2]d }
  cleanup = %[3]s
  %[4]s
}

data "sps_%[1]s_options" "this" {
  depends_on = [sps_%[1]s_options.this]
}
`, p.name, logLevel, cleanup, extra)
	}
	return b.String()
}

func planActions(action plancheck.ResourceActionType) []plancheck.PlanCheck {
	var out []plancheck.PlanCheck
	for _, p := range walked {
		out = append(out, plancheck.ExpectResourceAction(addrOf(p.name), action))
	}
	return out
}

func stateChecks(of func(protocol string) []statecheck.StateCheck) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for _, p := range walked {
		out = append(out, of(p.name)...)
	}
	return out
}

// checkBodies asserts the body the mock committed for every protocol.
func checkBodies(srv *mocksps.Server, want func(gssapi bool) string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, p := range walked {
			raw, ok := srv.ConfigObject(p.name+"/options", "")
			if !ok {
				return fmt.Errorf("the mock has no %s/options", p.name)
			}
			var got, wanted map[string]any
			if err := json.Unmarshal(raw, &got); err != nil {
				return fmt.Errorf("%s/options: %w", p.name, err)
			}
			if err := json.Unmarshal([]byte(want(p.gssapi)), &wanted); err != nil {
				return fmt.Errorf("bad expected JSON in test: %w", err)
			}
			if !reflect.DeepEqual(got, wanted) {
				return fmt.Errorf("mock %s/options:\n got: %s\nwant: %s", p.name, raw, want(p.gssapi))
			}
		}
		return nil
	}
}

func mockBody(t *testing.T, srv *mocksps.Server, protocol string) map[string]any {
	t.Helper()
	raw, ok := srv.ConfigObject(protocol+"/options", "")
	if !ok {
		t.Fatalf("the mock has no %s/options", protocol)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func putBody(t *testing.T, srv *mocksps.Server, protocol string, body map[string]any) {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.PutConfigObject(protocol+"/options", "", raw); err != nil {
		t.Fatalf("out-of-band change of %s/options: %v", protocol, err)
	}
}

// putBodies sets every walked protocol's options to body, with gssapi on
// where the protocol has it.
func putBodies(t *testing.T, srv *mocksps.Server, body string) {
	t.Helper()
	for _, p := range walked {
		var m map[string]any
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatal(err)
		}
		if p.gssapi {
			m["gssapi"] = map[string]any{"enabled": true}
		}
		putBody(t, srv, p.name, m)
	}
}

// `terraform query` (1.14+) lists each protocol's options once, with the
// fixed identity, and with include_resource the values a generated
// configuration adopts: the unmanaged blocks left null, as after import.
func TestAccProtocolOptions_query(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	var lists strings.Builder
	var checks []querycheck.QueryResultCheck
	for _, p := range walked {
		fmt.Fprintf(&lists, "list %q \"this\" {\n  provider = sps\n  include_resource = true\n}\n", "sps_"+p.name+"_options")
		addr := addrOf(p.name)
		checks = append(checks,
			querycheck.ExpectLength(addr, 1),
			querycheck.ExpectIdentity(addr, map[string]knownvalue.Check{"key": knownvalue.StringExact("options")}),
			querycheck.ExpectResourceKnownValues(addr, queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"key": knownvalue.StringExact("options")}),
				[]querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("service").AtMapKey("log_level"), KnownValue: knownvalue.Int64Exact(4)},
					{Path: tfjsonpath.New("timestamping"), KnownValue: knownvalue.Null()},
				}),
		)
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: env.AdminBlock()},
			{Query: true, Config: lists.String(), QueryResultChecks: checks},
		},
	})
}
