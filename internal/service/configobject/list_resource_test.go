package configobject_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// `terraform query` on any list path: every object with its identity
// { path, key }, the built-in ones marked, name filters, and with
// include_resource the whole body as written (references as keys).
func TestAccConfigObject_listQuery(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const times = "policies/time_policies"
	if err := srv.PutConfigObject(times, "tp-1", acctest.MustJSON(t, `{"name":"workhours","Mon":[["8:00","18:00"]],`+
		`"Tue":[],"Wed":[],"Thu":[],"Fri":[],"Sat":[],"Sun":[]}`)); err != nil {
		t.Fatal(err)
	}
	const list = "sps_config_object.times"
	identity := func(key string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"path": knownvalue.StringExact(times), "key": knownvalue.StringExact(key)}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: provider},
			{
				Query: true,
				Config: `
list "sps_config_object" "times" {
  provider         = sps
  include_resource = true
  config {
    path = "policies/time_policies"
  }
}

list "sps_config_object" "created" {
  provider = sps
  config {
    path            = "/api/configuration/policies/time_policies"
    name_regex      = "^work"
    include_builtin = false
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(list, 2),
					querycheck.ExpectIdentity(list, identity("-100")),
					querycheck.ExpectIdentity(list, identity("tp-1")),
					querycheck.ExpectResourceDisplayName(list, queryfilter.ByResourceIdentity(identity("-100")),
						knownvalue.StringExact("7x24 (built-in)")),
					querycheck.ExpectResourceKnownValues(list, queryfilter.ByResourceIdentity(identity("tp-1")), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(times + "/tp-1")},
						{Path: tfjsonpath.New("body").AtMapKey("name"), KnownValue: knownvalue.StringExact("workhours")},
						{Path: tfjsonpath.New("body").AtMapKey("Mon").AtSliceIndex(0).AtSliceIndex(1), KnownValue: knownvalue.StringExact("18:00")},
					}),
					querycheck.ExpectLength("sps_config_object.created", 1),
					querycheck.ExpectIdentity("sps_config_object.created", identity("tp-1")),
				},
			},
		},
	})
}

// hostileGroup is an object whose keys and values are what a careless or
// hostile hand put on an appliance: HCL template sequences, quotes, control
// and non-ASCII characters, numbers beyond float64, deep lists, nulls and a
// reference.
const hostileGroup = `{"name":"hostile","members":["${jsonencode(1)}","%{if true}x%{endif}","\"quoted\"","back\\slash",
 "line\nbreak","\u001b[31mred\u001b[0m","tab\there","üñí©ødé","\u2028"],
 "${key}":"template key","%{key}":"directive key","a b":"space key","":"empty key",
 "big":123456789012345678901234567890,"small":-0.000000000001,"nested":[[1,[2,[3]]],{"x":null}],
 "ref":{"key":"ca2dc85730ca082ee6b5c8","meta":{"href":"/api/configuration/aaa/local_database/groups/ca2dc85730ca082ee6b5c8"}}}`

// The adoption of a seeded family with the real CLI (Terraform 1.14+):
// `terraform query -generate-config-out` writes import and resource blocks
// for every object, hostile values included, whose plan only imports; the
// apply changes nothing on the appliance, and the next plan is empty.
func TestAccConfigObject_queryGenerateConfig(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	const groups = "aaa/local_database/groups"
	if err := srv.PutConfigObject(groups, "hostile-1", acctest.MustJSON(t, hostileGroup)); err != nil {
		t.Fatal(err)
	}
	before, _ := srv.ConfigList(groups)
	reattach := acctest.ServeProviderForCLI(t)
	bin := acctest.AcceptanceCLIPath(t)
	tf := acctest.NewTestCLI(t, bin, t.TempDir(), reattach)
	if !tf.TerraformAtLeast("1.14.0") {
		t.Skipf("terraform query needs Terraform 1.14+; this is %s %s", filepath.Base(bin), tf.Version)
	}
	tf.WriteFile("main.tf", acctest.RequiredProvidersBlock+env.AdminBlock())
	tf.WriteFile("appliance.tfquery.hcl", `
list "sps_config_object" "groups" {
  provider = sps
  config {
    path = "aaa/local_database/groups"
  }
}
`)
	tf.Run(0, "init", "-no-color")
	tf.Run(0, "query", "-no-color", "-generate-config-out=adopt.tf")
	generated, err := os.ReadFile(filepath.Join(tf.Dir, "adopt.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(generated, []byte("import {")); n != len(before) {
		t.Fatalf("adopt.tf has %d import blocks, want %d:\n%s", n, len(before), generated)
	}
	out := tf.Run(0, "plan", "-no-color", "-out=adopt.tfplan")
	want := regexp.MustCompile(fmt.Sprintf(`Plan: %d to import, 0 to add, 0 to change, 0 to destroy`, len(before)))
	if !want.MatchString(out) {
		t.Fatalf("plan of the generated configuration is not import-only:\n%s\n--- adopt.tf:\n%s", out, generated)
	}
	for _, rc := range tf.Show("adopt.tfplan").ResourceChanges {
		if !slices.Equal(rc.Change.Actions, []string{"no-op"}) || len(rc.Change.Importing) == 0 {
			t.Errorf("%s: actions %v; want a no-op import", rc.Address, rc.Change.Actions)
		}
	}
	tf.Run(0, "apply", "-no-color", "adopt.tfplan")
	tf.Run(0, "plan", "-no-color", "-detailed-exitcode")
	if after, _ := srv.ConfigList(groups); !reflect.DeepEqual(after, before) {
		a, _ := json.Marshal(after)
		b, _ := json.Marshal(before)
		t.Errorf("adopting changed the groups on the mock:\n got: %s\nwant: %s", a, b)
	}
}
