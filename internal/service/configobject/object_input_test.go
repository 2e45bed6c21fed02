package configobject_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// Bad input is a plan-time error naming the attribute, before anything
// reaches SPS.
func TestAccConfigObject_badInputAtPlan(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	object := func(path, body string) string {
		return provider + `
resource "sps_config_object" "x" {
  path = "` + path + `"
  body = ` + body + `
}
`
	}
	step := func(config, phrase string) resource.TestStep {
		return resource.TestStep{Config: config, PlanOnly: true, ExpectError: acctest.ExpectError(phrase)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(object("ssh/connections", `jsonencode({ name = "x" })`), `body is a string; it must be an HCL object`),
			step(object("ssh/connections", `[{ name = "x" }]`), `body is a tuple`),
			step(object("ssh/connections", `42`), `body is a number`),
			step(object("ssh/../transaction", `{}`), `has a ".." segment`),
			step(object("ssh/connections?limit=1", `{}`), `a query string or fragment is not part of an endpoint`),
			step(object("/api/transaction", `{}`), `is outside /api/configuration`),
			step(object("ssh/conn ections", `{}`), `SPS endpoint names are made of letters, digits, _ and -`),
			step(provider+`
resource "sps_config_object" "x" {
  path           = "ssh/connections"
  body           = { name = "x", password = "plain" }
  sensitive_body = { password = "hidden" }
}
`, `body.password and sensitive_body.password both declare the same field`),
			step(provider+`
data "sps_config_object" "x" {
  path = "ssh/connections"
  key  = "a/b"
}
`, `holds a slash`),
		},
	})
	if n := srv.Counters().Requests["POST /api/transaction"]; n != 0 {
		t.Errorf("%d transactions opened for refused plans", n)
	}
}

// Import IDs and identities that cannot name one object are refused,
// naming why.
func TestAccConfigObject_badImport(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	config := env.AdminBlock() + `
resource "sps_config_object" "x" {
  path = "ssh/connections"
  body = { name = "x" }
}
`
	importStep := func(id, phrase string) resource.TestStep {
		return resource.TestStep{Config: config, ResourceName: "sps_config_object.x", ImportState: true,
			ImportStateId: id, ExpectError: acctest.ExpectError(phrase)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			importStep("-200", `is not <path>/<key>`),
			importStep("ssh/connections/..", `names no object`),
			importStep("/api/transaction/x", `is outside /api/configuration`),
			importStep("ssh/connections/a b", `holds a space`),
		},
	})
}

// An identity whose key holds a slash is refused (Terraform 1.12+).
func TestAccConfigObject_badImportIdentity(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.AdminBlock() + `
import {
  to       = sps_config_object.x
  identity = { path = "ssh/connections", key = "a/b" }
}

resource "sps_config_object" "x" {
  path = "ssh/connections"
  body = { name = "x" }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ExpectError:      acctest.ExpectError(`holds a slash`),
		}},
	})
}

// A body written by a careless or hostile hand reaches SPS byte for byte:
// template sequences (escaped in HCL), quotes, backslashes, control and
// right-to-left characters, markup, keys that are not identifiers, an
// integer past float64's precision, nulls and deep nesting; the next plan
// is empty.
func TestAccConfigObject_hostileBody(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	config := provider + `
resource "sps_config_object" "h" {
  path = "aaa/local_database/groups"
  body = {
    name        = "hostile-input"
    "$${key}"   = "$${jsonencode(1)} %%{if true}x%%{endif}"
    "a b"       = "<script>alert(\"x\")</script>"
    "q\"uote"   = "back\\slash\ttab\nnewline\u202Ertl\u0000nul"
    big         = 9007199254740993
    small       = -0.000000000001
    nested      = [[1, [2, [3]]], { x = null, y = "" }]
  }
}
`
	const want = `{"name":"hostile-input","${key}":"${jsonencode(1)} %{if true}x%{endif}",` +
		`"a b":"<script>alert(\"x\")</script>","q\"uote":"back\\slash\ttab\nnewline\u202ertl\u0000nul",` +
		`"big":9007199254740993,"small":-0.000000000001,"nested":[[1,[2,[3]]],{"x":null,"y":""}]}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: checkMockObjectExact(srv, "aaa/local_database/groups", "hostile-input", want)},
			{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}
