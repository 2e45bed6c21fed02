package timepolicy_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
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

const (
	addr      = "sps_time_policy.office"
	path      = "policies/time_policies"
	builtin   = "-100" // the mock's 7x24
	workhours = `[{ start = "8:00", end = "18:00" }]`
)

// Violations of the documented rules are refused at plan time, on the
// attribute, with the rule in words and the reference's section; then a
// policy is created, renamed and changed in place, corrected after an
// out-of-band change, imported and destroyed (the built-in 7x24 stays).
func TestAccTimePolicy_lifecycle(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	config := func(name, mon, sat string) string {
		return provider + fmt.Sprintf(`
resource "sps_time_policy" "office" {
  name = %q
  mon  = %s
  tue  = %s
  wed  = %s
  thu  = %s
  fri  = %s
  sat  = %s
}

data "sps_time_policy" "office" {
  name       = sps_time_policy.office.name
  depends_on = [sps_time_policy.office]
}
`, name, mon, workhours, workhours, workhours, workhours, sat)
	}
	ends := func(start, end string) string { return fmt.Sprintf(`[["%s","%s"]]`, start, end) }
	body := func(name, mon, sat string) string {
		w := ends("8:00", "18:00")
		return fmt.Sprintf(`{"name": %q, "Mon": %s, "Tue": %s, "Wed": %s, "Thu": %s, "Fri": %s, "Sat": %s, "Sun": []}`,
			name, mon, w, w, w, w, sat)
	}
	created := body("office-hours", ends("8:00", "18:00"), "[]")
	updated := body("office-hours-2", `[["7:30","12:00"],["13:00","19:45"]]`, ends("9:00", "13:00"))
	updatedConfig := config("office-hours-2", `[{ start = "7:30", end = "12:00" }, { start = "13:00", end = "19:45" }]`,
		`[{ start = "9:00", end = "13:00" }]`)
	var key string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			entries, _ := srv.ConfigList(path)
			if len(entries) != 1 || entries[0].Key != builtin {
				return fmt.Errorf("after destroy the mock should hold only the built-in time policy, it holds %v", entries)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:      config("office-hours", `[{ start = "8:00", end = "24:00" }]`, "[]"),
				PlanOnly:    true,
				ExpectError: acctest.ExpectError(regexp.QuoteMeta(`body.Mon[0][1]: a time of day "hh:mm", as in each interval ["hh:mm", "hh:mm"]; got the string "24:00" (reference/05-policies.md`)),
			},
			{
				Config:      config("office hours", workhours, "[]"),
				PlanOnly:    true,
				ExpectError: acctest.ExpectError(`body.name: cannot contain whitespace`),
			},
			{
				Config:           config("office-hours", workhours, "[]"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sun"), knownvalue.ListExact(nil)),
					statecheck.ExpectKnownValue("data."+addr, tfjsonpath.New("mon").AtSliceIndex(0).AtMapKey("end"), knownvalue.StringExact("18:00")),
				},
				Check: func(s *terraform.State) error {
					key = s.RootModule().Resources[addr].Primary.ID
					return checkBody(srv, key, created)
				},
			},
			{
				Config: updatedConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				Check: func(s *terraform.State) error {
					if got := s.RootModule().Resources[addr].Primary.ID; got != key {
						return fmt.Errorf("the rename replaced the policy: key %s, was %s", got, key)
					}
					return checkBody(srv, key, updated)
				},
			},
			{
				// Another administrator opens Sunday: the plan closes it again.
				PreConfig: func() {
					var m map[string]any
					_ = json.Unmarshal([]byte(updated), &m)
					m["Sun"] = []any{[]any{"0:00", "23:59"}}
					raw, _ := json.Marshal(m)
					if err := srv.PutConfigObject(path, key, raw); err != nil {
						t.Fatalf("out-of-band change: %v", err)
					}
				},
				Config: updatedConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				Check: func(*terraform.State) error { return checkBody(srv, key, updated) },
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
		},
	})
}

// Terraform 1.14+: `terraform query` lists the time policies with their
// identities (the built-in 7x24 marked), and the built-in is adopted by
// identity with an empty plan; destroying it only forgets it.
func TestAccTimePolicy_queryAndIdentity(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	seeded, _ := srv.ConfigObject(path, builtin)
	everyDay := `[{ start = "0:00", end = "23:59" }]`
	adopted := provider + fmt.Sprintf(`
resource "sps_time_policy" "always" {
  name = "7x24"
  mon  = %[1]s
  tue  = %[1]s
  wed  = %[1]s
  thu  = %[1]s
  fri  = %[1]s
  sat  = %[1]s
  sun  = %[1]s
}
`, everyDay)
	const list = "sps_time_policy.all"
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			return checkBody(srv, builtin, string(seeded))
		},
		Steps: []resource.TestStep{
			{Config: provider},
			{
				Query:  true,
				Config: "list \"sps_time_policy\" \"all\" {\n  provider = sps\n  include_resource = true\n}\n",
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(list, 1),
					querycheck.ExpectIdentity(list, map[string]knownvalue.Check{"key": knownvalue.StringExact(builtin)}),
					querycheck.ExpectResourceDisplayName(list,
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"key": knownvalue.StringExact(builtin)}),
						knownvalue.StringExact("7x24 (built-in)")),
					querycheck.ExpectResourceKnownValues(list,
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"key": knownvalue.StringExact(builtin)}),
						[]querycheck.KnownValueCheck{{Path: tfjsonpath.New("sun").AtSliceIndex(0).AtMapKey("end"), KnownValue: knownvalue.StringExact("23:59")}}),
				},
			},
			{
				Config: adopted + "\nimport {\n  to       = sps_time_policy.always\n  identity = { key = \"" + builtin + "\" }\n}\n",
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sps_time_policy.always", plancheck.ResourceActionNoop)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("sps_time_policy.always", map[string]knownvalue.Check{"key": knownvalue.StringExact(builtin)}),
				},
			},
		},
	})
}

// checkBody asserts the body the mock committed for key.
func checkBody(srv *mocksps.Server, key, wantJSON string) error {
	raw, ok := srv.ConfigObject(path, key)
	if !ok {
		return fmt.Errorf("the mock has no time policy %s", key)
	}
	var got, want any
	if err := json.Unmarshal(raw, &got); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(wantJSON), &want); err != nil {
		return fmt.Errorf("bad expected JSON in test: %w", err)
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("mock time policy %s:\n got: %s\nwant: %s", key, raw, wantJSON)
	}
	return nil
}
