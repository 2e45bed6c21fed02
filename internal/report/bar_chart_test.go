package report

import (
	"strings"
	"testing"
)

func TestRenderBarChart(t *testing.T) {
	t.Parallel()
	got, _, err := BarChart([]float64{8, 1, 4.5}, []string{"a", "long label", ""}, 8)
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
	got, _, _ = BarChart([]float64{16, 1}, []string{"x", "y"}, 2)
	if lines := strings.Split(got, "\n"); lines[1] != "y | ▏  1" {
		t.Errorf("small value drawn as %q", lines[1])
	}
	// All zeros: no bars, no division by zero.
	got, _, _ = BarChart([]float64{0, 0}, []string{"p", "q"}, 3)
	if got != "p |     0\nq |     0\n" {
		t.Errorf("zeros drawn as %q", got)
	}
	if _, arg, err := BarChart([]float64{1}, []string{"a"}, 1001); err == nil || arg != 2 {
		t.Errorf("width 1001: arg %d, err %v", arg, err)
	}
}
