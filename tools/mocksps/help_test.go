package main

import (
	"bytes"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
)

// TestHelpStandsAlone: -h is all a user of the release archive has beside
// its README, so it names no source path and explains every fault kind.
func TestHelpStandsAlone(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-h"}, &stdout, &stderr); code != 0 {
		t.Fatalf("-h exit code %d", code)
	}
	help := stderr.String()
	if strings.Contains(help, "internal/") {
		t.Errorf("-h points at a source path the archive does not have:\n%s", help)
	}
	for _, want := range []string{"SPS", "mocksps listening on", "README.md", "-state-file", "-fault SPEC"} {
		if !strings.Contains(help, want) {
			t.Errorf("-h lacks %q:\n%s", want, help)
		}
	}
	for _, k := range faults.Kinds {
		line := regexp.MustCompile(`(?m)^ +` + regexp.QuoteMeta(k) + ` {2,}\S.{20,}$`)
		if faultKinds[k] == "" || !line.MatchString(help) {
			t.Errorf("-h explains no fault kind %q: add a line to faultKinds (help.go) and to README.md", k)
		}
	}
}

// readme is the README.md the mocksps release archive ships.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReadmeIsTheMocks: the archive's README describes this program, names
// only flags it has, and every fault kind a user can arm.
func TestReadmeIsTheMocks(t *testing.T) {
	doc := readme(t)
	if !strings.HasPrefix(doc, "# mocksps") || strings.Contains(doc, "internal/mocksps/faults") {
		t.Fatalf("README.md is not the mock's own:\n%.300s", doc)
	}
	known := flagNames(t)
	for _, m := range regexp.MustCompile("`-([a-z][a-z-]+)").FindAllStringSubmatch(doc, -1) {
		if !known[m[1]] {
			t.Errorf("README.md names -%s, which mocksps does not have", m[1])
		}
	}
	for _, k := range faults.Kinds {
		if k != faults.KindInterrupt && !strings.Contains(doc, "`"+k+"`") {
			t.Errorf("README.md does not mention the fault kind %s", k)
		}
	}
}

// flagNames are the flags mocksps accepts, read from its -h output.
func flagNames(t *testing.T) map[string]bool {
	t.Helper()
	var stdout, stderr bytes.Buffer
	run(t.Context(), []string{"-h"}, &stdout, &stderr)
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  -([a-z][a-z-]+)`).FindAllStringSubmatch(stderr.String(), -1) {
		names[m[1]] = true
	}
	if len(names) < 10 {
		t.Fatalf("found %d flags in -h:\n%s", len(names), stderr.String())
	}
	return names
}

// TestReadmeEndpointsAnswer reads every GET of the README's /_mock table
// from a running mock: the table lists what the mock serves.
func TestReadmeEndpointsAnswer(t *testing.T) {
	bin := buildBinary(t)
	base, _, _ := startBinary(t, bin, "-plain-http", "-addr", "127.0.0.1:0")
	row := regexp.MustCompile("(?m)^\\| `([A-Z/ `]+) (/_mock[^`]*)`")
	gets := 0
	for _, m := range row.FindAllStringSubmatch(readme(t), -1) {
		if !strings.Contains(m[1], "GET") {
			continue
		}
		path := strings.NewReplacer("<list>", "vnc/settings_policies", "<singleton>", "vnc/options", "<key>", "-30211", "<id>", "").Replace(m[2])
		if strings.HasSuffix(path, "/") {
			continue // one fault rule: none is armed
		}
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s (README row %q): status %d", path, m[0], resp.StatusCode)
		}
		gets++
	}
	if gets < 5 {
		t.Fatalf("found %d GET rows in README.md's /_mock table", gets)
	}
}
