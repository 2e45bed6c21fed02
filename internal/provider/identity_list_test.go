package provider

// Acceptance tests of the features of newer CLIs: resource identity
// (Terraform 1.12+), list resources and `terraform query` (1.14+), and
// configuration generation for import blocks. They skip below the version
// that has the feature; CI runs them on Terraform 1.15 (see .ci/run).

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// policyShapes are the documented shapes of a settings policy; each must
// survive import, configuration generation and a no-change plan.
var policyShapes = map[string]string{
	"inactivity_off": `
resource "sps_vnc_settings_policy" "inactivity_off" {
  name = "shape-inactivity-off"
}
`,
	"inactivity_on": `
resource "sps_vnc_settings_policy" "inactivity_on" {
  name    = "shape-inactivity-on"
  timeout = 300
  inactivity_timeout = {
    enabled = true
    value   = 900
  }
  preconnect_channel_check = true
}
`,
	"custom_ciphers": `
resource "sps_vnc_settings_policy" "custom_ciphers" {
  name = "shape-custom-ciphers"
  client_tls_security_settings = {
    cipher_strength = {
      selection     = "custom"
      custom_cipher = "ALL:!aNULL:@STRENGTH"
    }
  }
  server_tls_security_settings = {
    cipher_strength = {
      selection     = "custom"
      custom_cipher = "HIGH:!MD5"
    }
    minimum_tls_version = "TLSv1_2"
  }
}
`,
	"tls_versions": `
resource "sps_vnc_settings_policy" "tls_versions" {
  name = "shape-tls-versions"
  client_tls_security_settings = {
    minimum_tls_version = "TLSv1_0"
  }
  server_tls_security_settings = {
    minimum_tls_version = "TLSv1_1"
  }
}
`,
}

var policyShapeNames = []string{"inactivity_off", "inactivity_on", "custom_ciphers", "tls_versions"}

func allPolicyShapes() string {
	var s string
	for _, name := range policyShapeNames {
		s += policyShapes[name]
	}
	return s
}

// Identity is stored on create, matches the SPS key the mock committed,
// and import by identity (and by ID) plans no change.
func TestAccVNCSettingsPolicy_identity(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const addr = "sps_vnc_settings_policy.inactivity_on"
	config := provider + policyShapes["inactivity_on"]
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesStateAtPath(addr, tfjsonpath.New("key"), tfjsonpath.New("id")),
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
						"key": knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`)),
					}),
				},
				Check: func(s *terraform.State) error {
					key, _, err := mockPolicyByName(srv, "shape-inactivity-on")
					if err != nil {
						return err
					}
					if got := s.RootModule().Resources[addr].Primary.ID; got != key {
						return fmt.Errorf("state id %q, mock key %q", got, key)
					}
					return nil
				},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// The built-in default policy and the VNC options are adopted with an
// import block that names only the identity: the plan imports with no
// change, and the state gets the identity.
func TestAccImportByIdentity_builtinAndOptions(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	optionsBefore := string(srv.VNCOptions())
	resources := `
resource "sps_vnc_settings_policy" "default" {
  name = "default"
}

resource "sps_vnc_options" "this" {
  service = {
    enabled   = true
    log_level = 4
  }
}
`
	forget := `
removed {
  from = sps_vnc_settings_policy.default
  lifecycle {
    destroy = false
  }
}

removed {
  from = sps_vnc_options.this
  lifecycle {
    destroy = false
  }
}
`
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + resources + `
import {
  to       = sps_vnc_settings_policy.default
  identity = { key = "-30211" }
}

import {
  to       = sps_vnc_options.this
  identity = { key = "options" }
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sps_vnc_settings_policy.default", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("sps_vnc_options.this", plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("sps_vnc_settings_policy.default", map[string]knownvalue.Check{"key": knownvalue.StringExact(defaultPolicyKey)}),
					statecheck.ExpectKnownValue("sps_vnc_settings_policy.default", tfjsonpath.New("id"), knownvalue.StringExact(defaultPolicyKey)),
					statecheck.ExpectIdentity("sps_vnc_options.this", map[string]knownvalue.Check{"key": knownvalue.StringExact("options")}),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkOnlyDefaultPolicy(srv),
					func(*terraform.State) error {
						if got := string(srv.VNCOptions()); got != optionsBefore {
							return fmt.Errorf("import changed the VNC options on the mock:\n got: %s\nwant: %s", got, optionsBefore)
						}
						return nil
					},
				),
			},
			{
				Config: provider + forget + `
import {
  to       = sps_vnc_options.other
  identity = { key = "not-options" }
}

resource "sps_vnc_options" "other" {
  service = {
    enabled = false
  }
}
`,
				ExpectError: expectError("The VNC options are a single object with the fixed ID"),
			},
			{
				Config: provider + forget,
			},
		},
	})
}

// Configuration generated by `terraform plan -generate-config-out` for each
// documented policy shape plans with no change (import by ID works on every
// supported CLI; the identity variant needs 1.12).
func TestAccVNCSettingsPolicy_generateConfigShapes(t *testing.T) {
	testGenerateConfigShapes(t, resource.ImportBlockWithID, tfversion.Version1_5_0)
}

func TestAccVNCSettingsPolicy_generateConfigByIdentity(t *testing.T) {
	testGenerateConfigShapes(t, resource.ImportBlockWithResourceIdentity, tfversion.Version1_12_0)
}

// testGenerateConfigShapes creates every policy shape, then imports each
// with an import block of the given kind and a generated configuration, on
// CLIs from minVersion up.
func testGenerateConfigShapes(t *testing.T, kind resource.ImportStateKind, minVersion *version.Version) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	steps := []resource.TestStep{{Config: provider + allPolicyShapes()}}
	for _, name := range policyShapeNames {
		steps = append(steps, resource.TestStep{
			ResourceName:    "sps_vnc_settings_policy." + name,
			ImportState:     true,
			ImportStateKind: kind,
			GenerateConfig:  true,
		})
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(minVersion)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyDefaultPolicy(srv),
		Steps:                    steps,
	})
}

// `terraform query` lists every policy, the built-in one marked, with its
// identity; include_resource adds the full resource data; name_regex and
// include_builtin filter; the options singleton is listed once.
func TestAccVNCSettingsPolicy_listQuery(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const list = "sps_vnc_settings_policy.all"
	byName := func(name string) queryfilter.QueryFilter {
		return queryfilter.ByDisplayName(knownvalue.StringExact(name))
	}
	// Keys of the created policies, read from the mock once they exist.
	keyOf := func(name string) knownvalue.Check {
		return knownvalue.StringFunc(func(got string) error {
			key, _, err := mockPolicyByName(srv, name)
			if err != nil {
				return err
			}
			if got != key {
				return fmt.Errorf("identity key %q, the mock's key for %s is %q", got, name, key)
			}
			return nil
		})
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{Config: provider + allPolicyShapes()},
			{
				// Without include_resource: identities and display names.
				Query: true,
				Config: `
list "sps_vnc_settings_policy" "all" {
  provider = sps
}

list "sps_vnc_options" "this" {
  provider = sps
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(list, 5),
					querycheck.ExpectIdentity(list, map[string]knownvalue.Check{"key": knownvalue.StringExact(defaultPolicyKey)}),
					querycheck.ExpectIdentity(list, map[string]knownvalue.Check{"key": keyOf("shape-inactivity-on")}),
					querycheck.ExpectIdentity(list, map[string]knownvalue.Check{"key": keyOf("shape-tls-versions")}),
					querycheck.ExpectResourceDisplayName(list,
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"key": knownvalue.StringExact(defaultPolicyKey)}),
						knownvalue.StringExact("default"+builtinMark)),
					querycheck.ExpectResourceDisplayName(list,
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"key": keyOf("shape-custom-ciphers")}),
						knownvalue.StringExact("shape-custom-ciphers")),
					querycheck.ExpectLength("sps_vnc_options.this", 1),
					querycheck.ExpectIdentity("sps_vnc_options.this", map[string]knownvalue.Check{"key": knownvalue.StringExact("options")}),
				},
			},
			{
				// With include_resource: the resource data comes along.
				Query: true,
				Config: `
list "sps_vnc_settings_policy" "all" {
  provider         = sps
  include_resource = true
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(list, 5),
					querycheck.ExpectResourceKnownValues(list, byName("shape-inactivity-on"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("shape-inactivity-on")},
						{Path: tfjsonpath.New("timeout"), KnownValue: knownvalue.Int64Exact(300)},
						{Path: tfjsonpath.New("inactivity_timeout").AtMapKey("value"), KnownValue: knownvalue.Int64Exact(900)},
					}),
					querycheck.ExpectResourceKnownValues(list, byName("shape-custom-ciphers"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("client_tls_security_settings").AtMapKey("cipher_strength").AtMapKey("custom_cipher"),
							KnownValue: knownvalue.StringExact("ALL:!aNULL:@STRENGTH")},
					}),
					querycheck.ExpectResourceKnownValues(list, byName("default"+builtinMark), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(defaultPolicyKey)},
					}),
				},
			},
			{
				// Filters: a name pattern, and the built-ins left out.
				Query: true,
				Config: `
list "sps_vnc_settings_policy" "all" {
  provider = sps
  config {
    name_regex      = "^shape-(tls|custom)"
    include_builtin = false
  }
}

list "sps_vnc_settings_policy" "builtin" {
  provider = sps
  config {
    name_regex = "default"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(list, 2),
					querycheck.ExpectIdentity(list, map[string]knownvalue.Check{"key": keyOf("shape-custom-ciphers")}),
					querycheck.ExpectIdentity(list, map[string]knownvalue.Check{"key": keyOf("shape-tls-versions")}),
					querycheck.ExpectLength("sps_vnc_settings_policy.builtin", 1),
				},
			},
			{
				Query: true,
				Config: `
list "sps_vnc_settings_policy" "all" {
  provider = sps
  config {
    name_regex = "(unclosed"
  }
}
`,
				ExpectError: expectError("is not a valid RE2 regular expression"),
			},
		},
	})
}
