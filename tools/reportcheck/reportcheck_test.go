package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

// The checks must catch what they are for: each case is a page with one
// fault, and the check must name it.
func TestReadabilityChecksCatchEachFault(t *testing.T) {
	t.Parallel()
	times := strings.Repeat("2026-12-06 22:02:57 UTC ", 10)
	good := renderedPage{text: times, headings: []string{"Refused sessions: 62 in the period"}, cells: []string{"x", "—"}, axisTitle: []int{2, 2}}
	if fails := checkReadability(good); len(fails) != 0 {
		t.Fatalf("a good page fails: %v", fails)
	}
	for name, c := range map[string]struct {
		edit func(*renderedPage)
		want string
	}{
		"axis title missing": {func(p *renderedPage) { p.axisTitle = []int{2, 1} }, "chart 2 has 1 axis titles"},
		"query in heading":   {func(p *renderedPage) { p.headings = append(p.headings, "Alerts matching verdict:accept-terminated") }, "query syntax"},
		"boolean in heading": {func(p *renderedPage) { p.headings = append(p.headings, "Sessions of alice OR bob") }, "query syntax"},
		"time as SPS writes": {func(p *renderedPage) { p.text += " 2026-12-06T10:00:42.000000" }, "times shown as SPS writes them"},
		"few readable times": {func(p *renderedPage) { p.text = "2026-12-06 22:02:57 UTC" }, "1 times in the form"},
		"blank cell":         {func(p *renderedPage) { p.cells = append(p.cells, "") }, "is blank"},
	} {
		p := good
		p.headings = slices.Clone(good.headings)
		p.cells = slices.Clone(good.cells)
		c.edit(&p)
		fails := checkReadability(p)
		if !slices.ContainsFunc(fails, func(f string) bool { return strings.Contains(f, c.want) }) {
			t.Errorf("%s: failures %q lack %q", name, fails, c.want)
		}
	}
}

func TestPDFPageChecksCatchEachFault(t *testing.T) {
	t.Parallel()
	header := "Start (UTC)     Protocol   Verdict   Gateway user\n"
	row := "2026-12-06 22:02:57 UTC    SSH    AUTH-FAIL   alice\n"
	headings := []string{"Refused sessions: 62 in the period"}
	if fails := checkPDFPage(1, 2, header+row+"Page 1 of 2\n", headings); len(fails) != 0 {
		t.Fatalf("a good page fails: %v", fails)
	}
	for name, c := range map[string]struct {
		text, want string
	}{
		"no page number":      {header + row, `no "Page 1 of 2"`},
		"heading at the foot": {row + "Refused sessions: 62 in the period\nPage 1 of 2\n", "ends with the heading"},
		"rows without header": {row + row + "Page 1 of 2\n", "2 rows of the refused sessions table without its header"},
		"empty page":          {"Page 1 of 2\n", "is empty"},
	} {
		fails := checkPDFPage(1, 2, c.text, headings)
		if !slices.ContainsFunc(fails, func(f string) bool { return strings.Contains(f, c.want) }) {
			t.Errorf("%s: failures %q lack %q", name, fails, c.want)
		}
	}
}

// TestPDFTextChecksHostileValuesWhole: a value cut, reversed or lost in
// the PDF fails; wrapped over lines, it passes.
func TestPDFTextChecksHostileValuesWhole(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var pages, raw strings.Builder
	for i := 1; i <= 2; i++ {
		pages.WriteString("text\nsessions started in the day hour of x\nPage " + string(rune('0'+i)) + " of 2\n\f")
	}
	for _, h := range hostileValues {
		s := h.pdfText()
		raw.WriteString(s[:len(s)/2] + "\n  " + s[len(s)/2:] + "\n") // wrapped mid-value
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	layout := write("layout.txt", pages.String())
	if fails := checkPDF(layout, write("raw.txt", raw.String()), 2, renderedPage{}); len(fails) != 0 {
		t.Fatalf("a PDF with every value fails: %v", fails)
	}
	for name, r := range map[string]string{
		"reversed": strings.Replace(raw.String(), "toor", "root", 1),
		"cut":      strings.Replace(raw.String(), "LONG-END", "", 1),
		"lost":     strings.Replace(raw.String(), "('x')</script>", "", 1), // the second half of the script
	} {
		if fails := checkPDF(layout, write(name+".txt", r), 2, renderedPage{}); len(fails) != 1 || !strings.Contains(fails[0], "hostile value") {
			t.Errorf("%s value: failures %q", name, fails)
		}
	}
}

// TestHostileSessionsLoadInTheMock: the file make report hands to mocksps
// loads, with every hostile value in it as written.
func TestHostileSessionsLoadInTheMock(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "hostile.json")
	if err := writeHostileSessions(path, "2026-12-06"); err != nil {
		t.Fatal(err)
	}
	st, err := audit.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Len() != 4 {
		t.Errorf("%d sessions loaded, want 4", st.Len())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(jsonStrings(doc), "\n")
	for _, h := range hostileValues {
		if !strings.Contains(all, h.raw) {
			t.Errorf("the sessions file lacks %.60q", h.raw)
		}
	}
}

// jsonStrings lists every string value in a decoded JSON document.
func jsonStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range v {
			out = append(out, jsonStrings(e)...)
		}
		return out
	}
	return nil
}
