package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestFunctionBarChart(t *testing.T) {
	t.Parallel()
	want := "ssh | ████████████████████ 12\n" +
		"rdp | ██████████           6\n" +
		"vnc |                      0\n"
	testFunctions(t,
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
