package vnc_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// defaultTLSCheck is the state of a TLS block left at its defaults.
var defaultTLSCheck = knownvalue.ObjectExact(map[string]knownvalue.Check{
	"cipher_strength": knownvalue.ObjectExact(map[string]knownvalue.Check{
		"selection":     knownvalue.StringExact("recommended"),
		"custom_cipher": knownvalue.Null(),
	}),
	"minimum_tls_version": knownvalue.StringExact("TLSv1_2"),
})

func TestAccVNCSettingsPolicy_minimal(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const addr = "sps_vnc_settings_policy.test"
	config := provider + `
resource "sps_vnc_settings_policy" "test" {
  name = "minimal"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("minimal")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("timeout"), knownvalue.Int64Exact(600)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("preconnect_channel_check"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("inactivity_timeout"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"enabled": knownvalue.Bool(false),
						"value":   knownvalue.Null(),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("client_tls_security_settings"), defaultTLSCheck),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("server_tls_security_settings"), defaultTLSCheck),
				},
				Check: acctest.CheckMockPolicy(srv, "minimal", `{
					"name": "minimal", "timeout": 600, "preconnect_channel_check": false,
					"inactivity_timeout": {"enabled": false},
					"client_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"},
					"server_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"}
				}`),
			},
			{
				// Re-applying the same configuration changes nothing.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config:          config,
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

const fullPolicyConfig = `
resource "sps_vnc_settings_policy" "test" {
  name                     = "full"
  timeout                  = 300
  preconnect_channel_check = true
  inactivity_timeout = {
    enabled = true
    value   = 900
  }
  client_tls_security_settings = {
    cipher_strength = {
      selection     = "custom"
      custom_cipher = "ALL:!aNULL:@STRENGTH"
    }
    minimum_tls_version = "TLSv1_1"
  }
  server_tls_security_settings = {
    minimum_tls_version = "TLSv1_0"
  }
}
`

func TestAccVNCSettingsPolicy_fullAndUpdateInPlace(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const addr = "sps_vnc_settings_policy.test"
	sameID := statecheck.CompareValue(compare.ValuesSame())

	renamed := provider + `
resource "sps_vnc_settings_policy" "test" {
  name    = "full-renamed"
  timeout = 120
  inactivity_timeout = {
    enabled = true
    value   = 120
  }
  client_tls_security_settings = {
    cipher_strength = {
      selection = "recommended"
    }
  }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config: provider + fullPolicyConfig,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("timeout"), knownvalue.Int64Exact(300)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("inactivity_timeout").AtMapKey("value"), knownvalue.Int64Exact(900)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("client_tls_security_settings"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"cipher_strength": knownvalue.ObjectExact(map[string]knownvalue.Check{
							"selection":     knownvalue.StringExact("custom"),
							"custom_cipher": knownvalue.StringExact("ALL:!aNULL:@STRENGTH"),
						}),
						"minimum_tls_version": knownvalue.StringExact("TLSv1_1"),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("server_tls_security_settings").AtMapKey("minimum_tls_version"), knownvalue.StringExact("TLSv1_0")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("server_tls_security_settings").AtMapKey("cipher_strength").AtMapKey("selection"), knownvalue.StringExact("recommended")),
				},
				Check: acctest.CheckMockPolicy(srv, "full", `{
					"name": "full", "timeout": 300, "preconnect_channel_check": true,
					"inactivity_timeout": {"enabled": true, "value": 900},
					"client_tls_security_settings": {"cipher_strength": {"selection": "custom", "custom_cipher": "ALL:!aNULL:@STRENGTH"}, "minimum_tls_version": "TLSv1_1"},
					"server_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_0"}
				}`),
			},
			{
				Config: provider + fullPolicyConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Everything, the name included, changes in place: same key.
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("full-renamed")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("preconnect_channel_check"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("client_tls_security_settings"), defaultTLSCheck),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("server_tls_security_settings"), defaultTLSCheck),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckMockPolicy(srv, "full-renamed", `{
						"name": "full-renamed", "timeout": 120, "preconnect_channel_check": false,
						"inactivity_timeout": {"enabled": true, "value": 120},
						"client_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"},
						"server_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"}
					}`),
					func(*terraform.State) error {
						if n := len(srv.SettingsPolicies()); n != 2 {
							return fmt.Errorf("an in-place update must not add or remove policies; the mock holds %d", n)
						}
						return nil
					},
				),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccVNCSettingsPolicy_drift(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const addr = "sps_vnc_settings_policy.test"
	config := provider + `
resource "sps_vnc_settings_policy" "test" {
  name    = "drifty"
  timeout = 900
}
`
	wantBody := `{
		"name": "drifty", "timeout": 900, "preconnect_channel_check": false,
		"inactivity_timeout": {"enabled": false},
		"client_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"},
		"server_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"}
	}`
	var keyBefore string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckMockPolicy(srv, "drifty", wantBody),
					func(*terraform.State) (err error) {
						keyBefore, _, err = acctest.MockPolicyByName(srv, "drifty")
						return err
					},
				),
			},
			{
				// Another administrator changes the policy on the appliance.
				PreConfig: func() {
					err := srv.PutSettingsPolicy(keyBefore, acctest.MustJSON(t, `{
						"name": "drifty", "timeout": 30, "preconnect_channel_check": true,
						"inactivity_timeout": {"enabled": true, "value": 60},
						"client_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_0"},
						"server_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"}
					}`))
					if err != nil {
						t.Fatalf("out-of-band change: %v", err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: acctest.CheckMockPolicy(srv, "drifty", wantBody),
			},
			{
				// Another administrator deletes it: Terraform creates it again.
				PreConfig: func() {
					if !srv.DeleteSettingsPolicy(keyBefore) {
						t.Fatalf("out-of-band delete: policy %s not found", keyBefore)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckMockPolicy(srv, "drifty", wantBody),
					func(s *terraform.State) error {
						key, _, err := acctest.MockPolicyByName(srv, "drifty")
						if err != nil {
							return err
						}
						if got := s.RootModule().Resources[addr].Primary.ID; got != key {
							return fmt.Errorf("state id %q, but the mock stored the policy as %q", got, key)
						}
						return nil
					},
				),
			},
		},
	})
}

// The built-in default policy can be adopted, and with only its name in the
// configuration nothing changes: the schema defaults are SPS's defaults.
func TestAccVNCSettingsPolicy_importDefault(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const addr = "sps_vnc_settings_policy.default"
	resourceBlock := `
resource "sps_vnc_settings_policy" "default" {
  name = "default"
}
`
	// Forgets the built-in without deleting it, so the test's destroy
	// leaves it alone.
	forgetDefault := `
removed {
  from = sps_vnc_settings_policy.default
  lifecycle {
    destroy = false
  }
}
`
	defaultBody := `{
		"name": "default", "timeout": 600, "preconnect_channel_check": false,
		"inactivity_timeout": {"enabled": false},
		"client_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"},
		"server_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"}
	}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				// terraform import
				Config:             provider + resourceBlock,
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      acctest.DefaultPolicyKey,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].ID != acctest.DefaultPolicyKey || states[0].Attributes["name"] != "default" {
						return fmt.Errorf("unexpected imported state: %+v", states)
					}
					return nil
				},
			},
			{
				Config: provider + resourceBlock,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: acctest.CheckMockPolicy(srv, "default", defaultBody),
			},
			{
				// Forget it again so the test's destroy leaves the built-in alone.
				Config: provider + forgetDefault,
			},
			{
				// import {} block: the plan imports with no changes.
				Config: provider + resourceBlock + `
import {
  to = sps_vnc_settings_policy.default
  id = "-30211"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(acctest.DefaultPolicyKey)),
				},
				Check: acctest.CheckMockPolicy(srv, "default", defaultBody),
			},
			{
				Config: provider + forgetDefault,
			},
		},
	})
}

// Twenty policies applied at Terraform's default parallelism all arrive,
// exactly once each, whatever the client does to batch them.
func TestAccVNCSettingsPolicy_twentyInParallel(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	config := provider + `
resource "sps_vnc_settings_policy" "many" {
  count   = 20
  name    = "bulk-${count.index}"
  timeout = 600 + count.index
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					policies := srv.SettingsPolicies()
					if len(policies) != 21 {
						return fmt.Errorf("want 20 policies plus default, the mock holds %d", len(policies))
					}
					for i := 0; i < 20; i++ {
						name := fmt.Sprintf("bulk-%d", i)
						key, body, err := acctest.MockPolicyByName(srv, name)
						if err != nil {
							return err
						}
						if body["timeout"] != float64(600+i) {
							return fmt.Errorf("%s: timeout %v, want %d", name, body["timeout"], 600+i)
						}
						if got := s.RootModule().Resources[fmt.Sprintf("sps_vnc_settings_policy.many.%d", i)].Primary.ID; got != key {
							return fmt.Errorf("%s: state id %q, mock key %q", name, got, key)
						}
					}
					t.Logf("20 policies created with %d commits", srv.Counters().Commits)
					return nil
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// A read-only SPS user gets a clear permission error, not a raw HTTP one.
func TestAccVNCSettingsPolicy_auditorForbidden(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config: env.AuditorBlock() + `
resource "sps_vnc_settings_policy" "test" {
  name = "not-allowed"
}
`,
				ExpectError: acctest.ExpectError(`The SPS user lacks write permission`),
			},
		},
	})
}

func TestAccVNCSettingsPolicy_validation(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t).AdminBlock()
	policy := func(body string) string {
		return provider + "resource \"sps_vnc_settings_policy\" \"test\" {\n" + body + "\n}\n"
	}
	step := func(body, wantErr string) resource.TestStep {
		return resource.TestStep{Config: policy(body), PlanOnly: true, ExpectError: acctest.ExpectError(wantErr)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`name = "has space"`, `must be non-empty and must not contain whitespace`),
			step(`name = ""`, `must be non-empty`),
			step(`
  name    = "t"
  timeout = 0`, `timeout value must be at least 1`),
			step(`
  name               = "t"
  inactivity_timeout = { enabled = true }`, `inactivity_timeout.value is required when.*inactivity_timeout.enabled is true`),
			step(`
  name               = "t"
  inactivity_timeout = { enabled = false, value = 900 }`, `inactivity_timeout.value can only be set when.*Remove value`),
			step(`
  name               = "t"
  inactivity_timeout = { value = 900 }`, `value can only be set when.*enabled is true`),
			step(`
  name               = "t"
  timeout            = 700
  inactivity_timeout = { enabled = true, value = 600 }`, `inactivity_timeout.value is 600 but timeout is 700.*Raise`),
			step(`
  name               = "t"
  inactivity_timeout = { enabled = true, value = 599 }`, `inactivity_timeout.value is 599 but timeout is 600`),
			step(`
  name = "t"
  client_tls_security_settings = { cipher_strength = { selection = "custom" } }`, `custom_cipher is required when.*selection is "custom"`),
			step(`
  name = "t"
  server_tls_security_settings = { cipher_strength = { custom_cipher = "ALL" } }`, `custom_cipher can only be set when.*selection is "custom"`),
			step(`
  name = "t"
  server_tls_security_settings = { cipher_strength = { selection = "strong" } }`, `selection value must be one of.*"recommended"`),
			step(`
  name = "t"
  client_tls_security_settings = { minimum_tls_version = "TLSv1_3" }`, `minimum_tls_version value must be one of`),
		},
	})
}
