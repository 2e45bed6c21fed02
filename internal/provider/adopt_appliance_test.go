package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/adopt"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps/catalog"
)

// typedFamily is the configuration path each typed list resource adopts;
// the generic list resources adopt every other documented family.
func typedFamily(t *testing.T, typeName string) string {
	t.Helper()
	if m := regexp.MustCompile(`^sps_([a-z]+)_options$`).FindStringSubmatch(typeName); m != nil {
		return m[1] + "/options"
	}
	known := map[string]string{
		"sps_vnc_settings_policy": "vnc/settings_policies",
		"sps_time_policy":         "policies/time_policies",
	}
	p, ok := known[typeName]
	if !ok {
		t.Fatalf("list resource %s: add the configuration path it adopts to typedFamily", typeName)
	}
	return p
}

// listResourceTypes are the type names of the provider's list resources.
func listResourceTypes(t *testing.T) []string {
	t.Helper()
	p, ok := provider.New("test")().(interface {
		ListResources(context.Context) []func() list.ListResource
	})
	if !ok {
		t.Fatal("the provider serves no list resources")
	}
	var names []string
	for _, f := range p.ListResources(context.Background()) {
		var resp resource.MetadataResponse
		f().Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: "sps"}, &resp)
		names = append(names, resp.TypeName)
	}
	sort.Strings(names)
	return names
}

// adoptedPath is a configuration path the adoption covers.
type adoptedPath struct {
	path      string
	singleton bool
}

// adoptedPaths are the documented, writable families, and the indexing
// policies: connection policies refer to them (indexing.policy), though
// the stored reference has no page of their own.
func adoptedPaths() []adoptedPath {
	var out []adoptedPath
	for _, f := range catalog.Families() {
		if !f.ReadOnly {
			out = append(out, adoptedPath{f.Path, f.Singleton})
		}
	}
	return append(out, adoptedPath{"policies/indexing", false})
}

// exampleQuery is examples/adopting-an-appliance/appliance.tfquery.hcl,
// checked to adopt every documented, writable family (and the indexing
// policies) exactly once, with list resources the provider serves.
func exampleQuery(t *testing.T) (query string, blocks int) {
	t.Helper()
	const name = "../../examples/adopting-an-appliance/appliance.tfquery.hcl"
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	served := listResourceTypes(t)
	covered := map[string]int{}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "list" || len(b.Labels) != 2 {
			continue
		}
		blocks++
		kind := b.Labels[0]
		if !slices.Contains(served, kind) {
			t.Errorf("%s: the provider serves no list resource %s", name, kind)
			continue
		}
		if !strings.HasPrefix(kind, "sps_config_") {
			covered[typedFamily(t, kind)]++
			continue
		}
		var path string
		for _, c := range b.Body.Blocks {
			if attr, ok := c.Body.Attributes["path"]; ok && c.Type == "config" {
				v, _ := attr.Expr.Value(nil)
				path = v.AsString()
			}
		}
		covered[path]++
	}
	for _, p := range adoptedPaths() {
		if covered[p.path] != 1 {
			t.Errorf("%s adopts %s %d times; want once", name, p.path, covered[p.path])
		}
		delete(covered, p.path)
	}
	for p := range covered {
		t.Errorf("%s adopts %s, which is not a documented writable family", name, p)
	}
	for _, kind := range served {
		if !strings.HasPrefix(kind, "sps_config_") && !strings.Contains(string(src), `"`+kind+`"`) {
			t.Logf("%s lists %s with the generic list resource; the typed %s adopts it too", name, typedFamily(t, kind), kind)
		}
	}
	return string(src), blocks
}

// A whole appliance adopted with terraform query (Terraform 1.14+) and the
// query file of examples/adopting-an-appliance (typed list resources, and
// the generic ones for each documented family not typed yet), with
// -generate-config-out, on the mock's seeded appliance plus
// a connection policy referring to an indexing policy and a local group.
// tools/adoptrefs' rewrite turns those references into Terraform
// references; the plan then only imports, the apply writes nothing, the
// next plan is empty, and the mock holds what it held.
func TestAccAdoptWholeAppliance(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	for _, o := range []struct{ path, key, body string }{
		{"policies/indexing", "idx-ocr", `{"name":"ocr"}`},
		{"aaa/local_database/groups", "grp-ops", `{"name":"ops","members":["alice"]}`},
		{"ssh/connections", "conn-gw", `{"name":"gw","active":true,"indexing":{"enabled":true,"policy":"idx-ocr"},` +
			`"access_control":[{"authorizer":"ops","permission":"audit","subject":{"group":"CN=ldap-admins"}}],` +
			`"network":{"clients":["0.0.0.0/0"],"ports":[22],"targets":["10.0.0.0/8"]}}`},
	} {
		if err := srv.PutConfigObject(o.path, o.key, acctest.MustJSON(t, o.body)); err != nil {
			t.Fatalf("seeding %s/%s: %v", o.path, o.key, err)
		}
	}
	before := adoptedSnapshot(t, env)

	bin := acctest.AcceptanceCLIPath(t)
	tf := acctest.NewTestCLI(t, bin, t.TempDir(), acctest.ServeProviderForCLI(t))
	if !tf.TerraformAtLeast("1.14.0") {
		t.Skipf("terraform query needs Terraform 1.14+; this is %s %s", filepath.Base(bin), tf.Version)
	}
	query, blocks := exampleQuery(t)
	tf.WriteFile("main.tf", acctest.RequiredProvidersBlock+env.AdminBlock())
	tf.WriteFile("appliance.tfquery.hcl", query)
	tf.Run(0, "init", "-no-color")
	tf.Run(0, "query", "-no-color", "-generate-config-out=adopt.tf")
	generated, err := os.ReadFile(filepath.Join(tf.Dir, "adopt.tf"))
	if err != nil {
		t.Fatal(err)
	}
	imports := strings.Count(string(generated), "import {")
	if objects := before.objects(); imports != objects {
		t.Errorf("%d list blocks generated %d import blocks; the adopted families hold %d objects:\n%s", blocks, imports, objects, generated)
	}

	res, err := adopt.Rewrite(map[string][]byte{"adopt.tf": generated})
	if err != nil {
		t.Fatal(err)
	}
	rewritten := string(res.Changed["adopt.tf"])
	for _, want := range []string{`policy\s+= sps_config_object\.policies_indexing_\d+\.key`, `authorizer = sps_config_object\.aaa_local_database_groups_\d+\.body\.name`} {
		if !regexp.MustCompile(want).MatchString(rewritten) {
			t.Errorf("the rewritten configuration lacks %s:\n%v\n%s", want, res.Links, rewritten)
		}
	}
	if len(res.Links) != 2 || len(res.Unlinked) != 1 || res.Unlinked[0].Value != "CN=ldap-admins" {
		t.Errorf("links %v, left %v; want the indexing policy and the local group linked, the LDAP group left", res.Links, res.Unlinked)
	}
	tf.WriteFile("adopt.tf", rewritten)
	t.Logf("%d list blocks, %d objects adopted, %d references linked", blocks, imports, len(res.Links))

	out := tf.Run(0, "plan", "-no-color", "-out=adopt.tfplan")
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", imports); !strings.Contains(out, want) {
		t.Fatalf("the plan of the adopted appliance is not %q:\n%s", want, out)
	}
	for _, rc := range tf.Show("adopt.tfplan").ResourceChanges {
		if !slices.Equal(rc.Change.Actions, []string{"no-op"}) || rc.Change.Importing == nil {
			t.Errorf("%s: actions %v; want a no-op import", rc.Address, rc.Change.Actions)
		}
	}
	tf.Run(0, "apply", "-no-color", "adopt.tfplan")
	tf.Run(0, "plan", "-no-color", "-detailed-exitcode")
	if after := adoptedSnapshot(t, env); !reflect.DeepEqual(after, before) {
		t.Errorf("adopting changed the appliance:\n got: %v\nwant: %v", after, before)
	}
}

// adoptedFamilies is what the mock holds in the families adoptionQuery adopts:
// path -> the list's objects or the singleton's body, as JSON.
type adoptedFamilies map[string]string

func adoptedSnapshot(t *testing.T, env *mockspstest.Env) adoptedFamilies {
	t.Helper()
	s := adoptedFamilies{}
	for _, f := range adoptedPaths() {
		var v any
		var ok bool
		if f.singleton {
			v, ok = env.Server.ConfigObject(f.path, "")
		} else {
			v, ok = env.Server.ConfigList(f.path)
		}
		if !ok {
			continue // the mock does not serve it, as SPS may not
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		s[f.path] = string(b)
	}
	return s
}

// objects counts what adoption imports: each list object, each singleton.
func (s adoptedFamilies) objects() int {
	n := 0
	for p, v := range s {
		if f, ok := catalog.Lookup(p); ok && f.Singleton {
			n++
			continue
		}
		var l []any
		_ = json.Unmarshal([]byte(v), &l)
		n += len(l)
	}
	return n
}
