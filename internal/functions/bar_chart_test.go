package functions_test

import (
	"regexp"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestFunctionBarChart(t *testing.T) {
	t.Parallel()
	want := "ssh | ████████████████████ 12\n" +
		"rdp | ██████████           6\n" +
		"vnc |                      0\n"
	acctest.TestFunctions(t,
		acctest.FunctionStep(
			acctest.FunctionOutput{Name: "chart", Expr: `provider::sps::bar_chart([12, 6, 0], ["ssh", "rdp", "vnc"], 20)`, Want: want},
			acctest.FunctionOutput{Name: "empty", Expr: `provider::sps::bar_chart([], [], 10)`, Want: ""},
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
