package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const (
	indexing = `resource "sps_config_object" "indexing_0" {
  body = { name = "ocr" }
  path = "policies/indexing"
}

import {
  to       = sps_config_object.indexing_0
  identity = { key = "idx-1", path = "policies/indexing" }
}
`
	conn = `resource "sps_config_object" "conns_0" {
  body = {
    indexing = { enabled = true, policy = "idx-1" }
  }
  path = "ssh/connections"
}
`
)

var linked = regexp.MustCompile(`policy\s+= sps_config_object\.indexing_0\.key`)

// The command reads a directory as one configuration, prints by default
// and writes with -w, and says what it linked.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	for n, s := range map[string]string{"a.tf": indexing, "b.tf": conn, "q.tfquery.hcl": `list "x" "y" {}`} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var out, errs bytes.Buffer
	if err := run([]string{dir}, &out, &errs); err != nil {
		t.Fatal(err)
	}
	if !linked.MatchString(out.String()) {
		t.Errorf("stdout lacks the rewritten reference:\n%s", out.String())
	}
	if !strings.Contains(errs.String(), "1 references linked, 0 left as literals, 1 files to change") {
		t.Errorf("stderr: %s", errs.String())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b.tf")); string(b) != conn {
		t.Errorf("without -w the file changed:\n%s", b)
	}
	errs.Reset()
	if err := run([]string{"-w", dir}, &out, &errs); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b.tf")); !linked.MatchString(string(b)) {
		t.Errorf("-w did not write b.tf:\n%s", b)
	}
	if err := run([]string{filepath.Join(dir, "q.tfquery.hcl")}, &out, &errs); err == nil {
		t.Error("a query file was accepted as configuration")
	}
}
