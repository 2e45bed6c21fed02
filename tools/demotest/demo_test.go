// Package demotest runs `make demo` as a new user would and checks that
// what it prints can be understood without reading its source.
package demotest

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestDemoReadsWell runs tools/demo.sh with the Terraform on PATH (or
// TERRAFORM) and checks its output: it says what SPS is before anything
// else, warns before the long first compile, prints no raw JSON, explains
// every warning it shows, and ends with next steps that exist.
func TestDemoReadsWell(t *testing.T) {
	if os.Getenv("TF_ACC") == "" || os.Getenv("SPS_DEMO_TEST") == "" {
		t.Skip("set TF_ACC=1 and SPS_DEMO_TEST=1 (make test-demo) to run make demo")
	}
	cmd := exec.CommandContext(t.Context(), "bash", "../demo.sh")
	cmd.Env = os.Environ()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("make demo failed: %v\n%s", err, out.String())
	}
	text := out.String()
	t.Logf("make demo printed:\n%s", text)

	build := strings.Index(text, "go build")
	if build < 0 {
		build = strings.Index(text, "Building")
	}
	intro := strings.Index(text, "Safeguard for Privileged Sessions")
	if intro < 0 || build < 0 || intro > build {
		t.Errorf("the demo should say what SPS is before it builds anything")
	}
	if !regexp.MustCompile(`(?s)Building.{0,200}first run.{0,200}minute.*built in \d+s`).MatchString(text) {
		t.Errorf("the demo should warn that the first build takes a while, then say how long it took")
	}
	for line := range strings.Lines(text) {
		if strings.Contains(line, `{"`) || strings.Contains(line, `":`) {
			t.Errorf("raw JSON in the demo's output: %q", line)
		}
	}
	// Every warning the CLI printed was announced before, as expected.
	flat := regexp.MustCompile(`\s+`)
	for _, m := range regexp.MustCompile(`Warning: ([^\n]+)`).FindAllStringSubmatchIndex(text, -1) {
		summary := text[m[2]:m[3]]
		explained := regexp.MustCompile(`'` + regexp.QuoteMeta(summary) + `'[^.]*expected`)
		if !explained.MatchString(flat.ReplaceAllString(text[:m[0]], " ")) {
			t.Errorf("warning %q is shown without saying first why it is expected", summary)
		}
	}
	next := strings.Index(text, "What to try next")
	if next < 0 {
		t.Fatal("the demo ends without next steps")
	}
	checkNextSteps(t, text[next:])
}

// checkNextSteps fails for a make target or a path the next steps name
// that the repository does not have.
func checkNextSteps(t *testing.T, next string) {
	t.Helper()
	makefile, err := os.ReadFile("../../GNUmakefile")
	if err != nil {
		t.Fatal(err)
	}
	targets := 0
	for _, m := range regexp.MustCompile(`make ([a-z-]+)`).FindAllStringSubmatch(next, -1) {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(m[1]) + `:`).Match(makefile) {
			t.Errorf("next steps name make %s, which GNUmakefile does not have", m[1])
		}
		targets++
	}
	paths := 0
	for _, m := range regexp.MustCompile(`(?m)^\s+((?:examples|docs|bin)/[^\s*]*|[A-Z]+\.md)`).FindAllStringSubmatch(next, -1) {
		if strings.HasPrefix(m[1], "bin/") {
			continue
		}
		if _, err := os.Stat("../../" + strings.TrimSuffix(m[1], "/")); err != nil {
			t.Errorf("next steps name %s, which the repository does not have", m[1])
		}
		paths++
	}
	if targets < 2 || paths < 2 {
		t.Errorf("next steps name %d make targets and %d paths; want a few of each:\n%s", targets, paths, next)
	}
}
