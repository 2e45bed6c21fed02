package acctest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// FunctionOutput is one output of a provider-function test: its name, the
// expression it evaluates and the string it must hold.
type FunctionOutput struct{ Name, Expr, Want string }

// FunctionStep evaluates each expression as an output and checks the string
// it yields.
func FunctionStep(outs ...FunctionOutput) resource.TestStep {
	var cfg strings.Builder
	checks := make([]statecheck.StateCheck, 0, len(outs))
	for _, o := range outs {
		fmt.Fprintf(&cfg, "output %q {\n  value = %s\n}\n", o.Name, o.Expr)
		checks = append(checks, statecheck.ExpectKnownOutputValue(o.Name, knownvalue.StringExact(o.Want)))
	}
	return resource.TestStep{Config: cfg.String(), ConfigStateChecks: checks}
}

// TestFunctions runs steps against the in-process provider; provider
// functions need Terraform 1.8 or later.
func TestFunctions(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: ProtoV6ProviderFactories,
		Steps:                    steps,
	})
}
