package vnc_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/service/vnc"
)

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
			key, _, err := acctest.MockPolicyByName(srv, name)
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
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
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
					querycheck.ExpectIdentity(list, map[string]knownvalue.Check{"key": knownvalue.StringExact(acctest.DefaultPolicyKey)}),
					querycheck.ExpectIdentity(list, map[string]knownvalue.Check{"key": keyOf("shape-inactivity-on")}),
					querycheck.ExpectIdentity(list, map[string]knownvalue.Check{"key": keyOf("shape-tls-versions")}),
					querycheck.ExpectResourceDisplayName(list,
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"key": knownvalue.StringExact(acctest.DefaultPolicyKey)}),
						knownvalue.StringExact("default"+vnc.BuiltinMark)),
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
					querycheck.ExpectResourceKnownValues(list, byName("default"+vnc.BuiltinMark), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(acctest.DefaultPolicyKey)},
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
				ExpectError: acctest.ExpectError("is not a valid RE2 regular expression"),
			},
		},
	})
}

// The guide's adoption flow, end to end with the real CLI: policies that
// exist on the appliance but in no Terraform state are found by
// `terraform query`, `-generate-config-out` writes import and resource
// blocks for them, the plan of that file only imports (0 to add, change or
// destroy), the apply changes nothing on the appliance, and the next plan
// is empty. Needs Terraform 1.14+ (list resources).
func TestAccAdoptAppliance_queryGenerateConfig(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	providerBlock := env.AdminBlock()
	reattach := acctest.ServeProviderForCLI(t)
	bin := acctest.AcceptanceCLIPath(t)

	// Someone configured the appliance by hand (here: with another
	// Terraform working directory whose state is then thrown away).
	seed := acctest.NewTestCLI(t, bin, t.TempDir(), reattach)
	if !seed.TerraformAtLeast("1.14.0") {
		t.Skipf("terraform query needs Terraform 1.14+; this is %s %s", filepath.Base(bin), seed.Version)
	}
	seed.WriteFile("main.tf", acctest.RequiredProvidersBlock+providerBlock+allPolicyShapes())
	seed.Run(0, "init", "-no-color")
	seed.Run(0, "apply", "-auto-approve", "-no-color")
	policiesBefore := srv.SettingsPolicies()
	optionsBefore := srv.VNCOptions()
	if len(policiesBefore) != 5 {
		t.Fatalf("the mock has %d settings policies, want the built-in one and 4 created", len(policiesBefore))
	}

	tf := acctest.NewTestCLI(t, bin, t.TempDir(), reattach)
	tf.WriteFile("main.tf", acctest.RequiredProvidersBlock+providerBlock)
	tf.WriteFile("appliance.tfquery.hcl", `
list "sps_vnc_settings_policy" "all" {
  provider = sps
}

list "sps_vnc_options" "this" {
  provider = sps
}
`)
	tf.Run(0, "init", "-no-color")
	out := tf.Run(0, "query", "-no-color")
	for _, want := range []string{"default" + vnc.BuiltinMark, "shape-inactivity-on", "shape-custom-ciphers", "VNC options"} {
		if !strings.Contains(out, want) {
			t.Errorf("terraform query output lacks %q:\n%s", want, out)
		}
	}
	tf.Run(0, "query", "-no-color", "-generate-config-out=adopt.tf")
	generated, err := os.ReadFile(tf.Dir + "/adopt.tf")
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(generated, []byte("import {")); n != 6 {
		t.Fatalf("adopt.tf has %d import blocks, want 6 (5 policies and the options):\n%s", n, generated)
	}
	// The query file is only for `terraform query`; plan does not read it.
	out = tf.Run(0, "plan", "-no-color", "-out=adopt.tfplan")
	if !regexp.MustCompile(`Plan: 6 to import, 0 to add, 0 to change, 0 to destroy`).MatchString(out) {
		t.Fatalf("plan of the generated configuration is not import-only:\n%s\n--- adopt.tf:\n%s", out, generated)
	}
	plan := tf.Show("adopt.tfplan")
	if len(plan.ResourceChanges) != 6 {
		t.Fatalf("plan has %d resource changes, want 6", len(plan.ResourceChanges))
	}
	for _, rc := range plan.ResourceChanges {
		if !slices.Equal(rc.Change.Actions, []string{"no-op"}) || len(rc.Change.Importing) == 0 {
			t.Errorf("%s: actions %v, importing %s; want a no-op import", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
	tf.Run(0, "apply", "-no-color", "adopt.tfplan")
	tf.Run(0, "plan", "-no-color", "-detailed-exitcode")

	state := tf.Show()
	for _, r := range state.Values.RootModule.Resources {
		if r.Identity["key"] != r.Values["id"] || r.Identity["key"] == nil {
			t.Errorf("%s: identity %v, id %v; want identity.key = id", r.Address, r.Identity, r.Values["id"])
		}
	}
	if got := srv.SettingsPolicies(); !reflect.DeepEqual(got, policiesBefore) {
		t.Errorf("adopting changed the settings policies on the mock:\n got: %s\nwant: %s", acctest.MustMarshal(t, got), acctest.MustMarshal(t, policiesBefore))
	}
	if got := srv.VNCOptions(); !bytes.Equal(got, optionsBefore) {
		t.Errorf("adopting changed the VNC options on the mock:\n got: %s\nwant: %s", got, optionsBefore)
	}
}
