package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// functionOutput is one output of a provider-function test: its name, the
// expression it evaluates and the string it must hold.
type functionOutput struct{ name, expr, want string }

// functionStep evaluates each expression as an output and checks the string
// it yields.
func functionStep(outs ...functionOutput) resource.TestStep {
	var cfg strings.Builder
	checks := make([]statecheck.StateCheck, 0, len(outs))
	for _, o := range outs {
		fmt.Fprintf(&cfg, "output %q {\n  value = %s\n}\n", o.name, o.expr)
		checks = append(checks, statecheck.ExpectKnownOutputValue(o.name, knownvalue.StringExact(o.want)))
	}
	return resource.TestStep{Config: cfg.String(), ConfigStateChecks: checks}
}

// testAccFunctions runs steps against the in-process provider; provider
// functions need Terraform 1.8 or later.
func testAccFunctions(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

func TestAccFunctionSessionRESTID(t *testing.T) {
	t.Parallel()
	testAccFunctions(t, functionStep(
		functionOutput{"doc_example", `provider::sps::session_rest_id("svc/fNLgRmAyf5EtycgUYnKc1B/ssh_demo2:2")`, "svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2"},
		functionOutput{"with_protocol", `provider::sps::session_rest_id("svc/5tmEaM7xdNi1oscgVWpbZx/ssh_console:1/ssh")`, "svc-5tmEaM7xdNi1oscgVWpbZx-ssh_console-1-ssh"},
		functionOutput{"already_rest", `provider::sps::session_rest_id("svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2")`, "svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2"},
	))
}

func TestAccFunctionQueryQuote(t *testing.T) {
	t.Parallel()
	testAccFunctions(t, functionStep(
		functionOutput{"spaces", `provider::sps::query_quote("Windows User")`, `"Windows User"`},
		functionOutput{"wildcards", `provider::sps::query_quote("a*b?")`, `a\*b\?`},
		functionOutput{"operator", `provider::sps::query_quote("OR")`, `"OR"`},
		functionOutput{"plain", `provider::sps::query_quote("10.0.0.1")`, "10.0.0.1"},
	))
}

func TestAccFunctionBarChart(t *testing.T) {
	t.Parallel()
	want := "ssh | ████████████████████ 12\n" +
		"rdp | ██████████           6\n" +
		"vnc |                      0\n"
	testAccFunctions(t,
		functionStep(
			functionOutput{"chart", `provider::sps::bar_chart([12, 6, 0], ["ssh", "rdp", "vnc"], 20)`, want},
			functionOutput{"empty", `provider::sps::bar_chart([], [], 10)`, ""},
		),
		resource.TestStep{
			Config:      `output "x" { value = provider::sps::bar_chart([1, 2], ["a"], 10) }`,
			ExpectError: regexp.MustCompile(`got 1 labels for 2 values`),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::sps::bar_chart([1], ["a"], 0) }`,
			ExpectError: regexp.MustCompile(`width must be between 1 and 1000`),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::sps::bar_chart([-1], ["a"], 5) }`,
			ExpectError: regexp.MustCompile(`values\[0\] is -1`),
		},
	)
}

func TestRenderBarChart(t *testing.T) {
	t.Parallel()
	got, _, err := renderBarChart([]float64{8, 1, 4.5}, []string{"a", "long label", ""}, 8)
	if err != nil {
		t.Fatal(err)
	}
	// 1/8 of 8 cells is one full block; 4.5/8*8 = 4.5 cells = 4 full + half.
	want := "a          | ████████ 8\n" +
		"long label | █        1\n" +
		"           | ████▌    4.5\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// Eighth-block precision: 1/16 of width 2 is one eighth of a cell.
	got, _, _ = renderBarChart([]float64{16, 1}, []string{"x", "y"}, 2)
	if lines := strings.Split(got, "\n"); lines[1] != "y | ▏  1" {
		t.Errorf("small value drawn as %q", lines[1])
	}
	// All zeros: no bars, no division by zero.
	got, _, _ = renderBarChart([]float64{0, 0}, []string{"p", "q"}, 3)
	if got != "p |     0\nq |     0\n" {
		t.Errorf("zeros drawn as %q", got)
	}
	if _, arg, err := renderBarChart([]float64{1}, []string{"a"}, 1001); err == nil || arg != 2 {
		t.Errorf("width 1001: arg %d, err %v", arg, err)
	}
}
