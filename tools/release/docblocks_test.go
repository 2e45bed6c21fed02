package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// codeBlocks returns the fenced code blocks of a Markdown file whose fence
// names lang ("sh", "terraform"), in order. With marker set, only the
// blocks right after a line holding marker count: that is how a document
// says which of its commands a test runs, so the commands users paste and
// the commands CI runs are the same text.
func codeBlocks(t *testing.T, path, lang, marker string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```"+lang {
			continue
		}
		marked := i > 0 && strings.TrimSpace(lines[i-1]) == marker
		var body []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			body = append(body, lines[i])
		}
		if marker == "" || marked {
			blocks = append(blocks, strings.Join(body, "\n")+"\n")
		}
	}
	return blocks
}

// cloneCopy copies the repository's files (tracked, and new ones not
// ignored) into a temporary folder: a clean clone of the working tree, where
// commands from the docs may write (dist/) without touching the checkout.
func cloneCopy(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	dst := t.TempDir()
	for name := range strings.SplitSeq(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the working tree, not yet in git
		}
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// shellEnv is the environment the docs' commands run in: the caller's,
// without any TF_* or TOFU_* setting (the commands set what they need), a
// fresh HOME, Go's caches where they were (a fresh HOME would otherwise
// mean a cold build), and no update check.
func shellEnv(t *testing.T, home string, extra ...string) []string {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "TOFU_") || k == "HOME" {
			continue
		}
		env = append(env, kv)
	}
	for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
		out, err := exec.CommandContext(t.Context(), "go", "env", v).Output()
		if err != nil {
			t.Fatal(err)
		}
		env = append(env, v+"="+strings.TrimSpace(string(out)))
	}
	env = append(env, "HOME="+home, "CHECKPOINT_DISABLE=1", "SOURCE_DATE_EPOCH=1767323045")
	return append(env, extra...)
}

// bash runs script with `set -euo pipefail` in dir and returns its output.
func bash(t *testing.T, dir string, env []string, script string) (string, error) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "bash", "-c", "set -euo pipefail\n"+script)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}
