package vnc_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

func TestAccVNCSettingsPolicyDataSource_byNameAndID(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t).AdminBlock()
	config := provider + fullPolicyConfig + `
data "sps_vnc_settings_policy" "by_id" {
  id = sps_vnc_settings_policy.test.id
}

data "sps_vnc_settings_policy" "by_name" {
  name = sps_vnc_settings_policy.test.name
}

data "sps_vnc_settings_policy" "builtin" {
  name = "default"
}
`
	// Every attribute the data sources report must equal the resource's.
	var checks []statecheck.StateCheck
	for _, attr := range []string{"id", "name", "timeout", "inactivity_timeout", "preconnect_channel_check",
		"client_tls_security_settings", "server_tls_security_settings"} {
		checks = append(checks,
			statecheck.CompareValuePairs("sps_vnc_settings_policy.test", tfjsonpath.New(attr), "data.sps_vnc_settings_policy.by_id", tfjsonpath.New(attr), compare.ValuesSame()),
			statecheck.CompareValuePairs("sps_vnc_settings_policy.test", tfjsonpath.New(attr), "data.sps_vnc_settings_policy.by_name", tfjsonpath.New(attr), compare.ValuesSame()),
		)
	}
	checks = append(checks,
		statecheck.ExpectKnownValue("data.sps_vnc_settings_policy.by_name", tfjsonpath.New("inactivity_timeout"), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"enabled": knownvalue.Bool(true),
			"value":   knownvalue.Int64Exact(900),
		})),
		statecheck.ExpectKnownValue("data.sps_vnc_settings_policy.builtin", tfjsonpath.New("id"), knownvalue.StringExact(acctest.DefaultPolicyKey)),
		statecheck.ExpectKnownValue("data.sps_vnc_settings_policy.builtin", tfjsonpath.New("timeout"), knownvalue.Int64Exact(600)),
		statecheck.ExpectKnownValue("data.sps_vnc_settings_policy.builtin", tfjsonpath.New("client_tls_security_settings"), defaultTLSCheck),
	)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: checks},
		},
	})
}

func TestAccVNCSettingsPoliciesDataSource_list(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t).AdminBlock()
	config := provider + `
resource "sps_vnc_settings_policy" "a" {
  name    = "list-a"
  timeout = 100
}

resource "sps_vnc_settings_policy" "b" {
  name = "list-b"
  inactivity_timeout = {
    enabled = true
    value   = 3600
  }
}

data "sps_vnc_settings_policies" "all" {
  depends_on = [sps_vnc_settings_policy.a, sps_vnc_settings_policy.b]
}
`
	policy := func(name string, timeout int64, inactivity knownvalue.Check) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":                           knownvalue.NotNull(),
			"name":                         knownvalue.StringExact(name),
			"timeout":                      knownvalue.Int64Exact(timeout),
			"inactivity_timeout":           inactivity,
			"preconnect_channel_check":     knownvalue.Bool(false),
			"client_tls_security_settings": defaultTLSCheck,
			"server_tls_security_settings": defaultTLSCheck,
		})
	}
	disabled := knownvalue.ObjectExact(map[string]knownvalue.Check{"enabled": knownvalue.Bool(false), "value": knownvalue.Null()})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sps_vnc_settings_policies.all", tfjsonpath.New("policies"), knownvalue.SetExact([]knownvalue.Check{
						policy("default", 600, disabled),
						policy("list-a", 100, disabled),
						policy("list-b", 600, knownvalue.ObjectExact(map[string]knownvalue.Check{
							"enabled": knownvalue.Bool(true), "value": knownvalue.Int64Exact(3600),
						})),
					})),
					statecheck.ExpectKnownValue("data.sps_vnc_settings_policies.all", tfjsonpath.New("policies"), knownvalue.ListSizeExact(3)),
				},
			},
		},
	})
}

func TestAccVNCSettingsPolicyDataSource_errors(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t).AdminBlock()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      provider + `data "sps_vnc_settings_policy" "x" { name = "nope" }`,
				ExpectError: acctest.ExpectError(`SPS has no VNC settings policy named "nope". Existing policies: default`),
			},
			{
				Config:      provider + `data "sps_vnc_settings_policy" "x" { id = "12345" }`,
				ExpectError: acctest.ExpectError(`SPS has no VNC settings policy with key "12345"`),
			},
			{
				Config:      provider + `data "sps_vnc_settings_policy" "x" {}`,
				ExpectError: acctest.ExpectError(`Exactly one of these attributes must be configured: \[id,name\]`),
			},
			{
				Config: provider + `
data "sps_vnc_settings_policy" "x" {
  id   = "-30211"
  name = "default"
}
`,
				ExpectError: acctest.ExpectError(`Exactly one of these attributes must be configured`),
			},
		},
	})
}
