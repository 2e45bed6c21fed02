package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// TestInstallRecipe runs the README's offline install recipe as written
// (the shell blocks after `<!-- install-recipe -->`), in a copy of the
// clone: the first block builds the archives once, the others install them
// with each CLI of the matrix in a fresh HOME, named `terraform` on PATH
// as the recipe types it. Then, in the same shell, it applies a policy to
// the mock with the installed provider.
func TestInstallRecipe(t *testing.T) {
	if os.Getenv("TF_ACC") == "" || os.Getenv("SPS_INSTALL_TEST") == "" {
		t.Skip("set TF_ACC=1 and SPS_INSTALL_TEST=1 (make test-install) to run the README's install recipe")
	}
	blocks := codeBlocks(t, "../../README.md", "sh", "<!-- install-recipe -->")
	if len(blocks) < 2 || !strings.Contains(blocks[0], "make release") {
		t.Fatalf("README.md: want the install recipe's shell blocks, archives first (make release); found %q", blocks)
	}
	clone := cloneCopy(t)
	start := time.Now()
	if out, err := bash(t, clone, shellEnv(t, t.TempDir()), blocks[0]); err != nil {
		t.Fatalf("README step 1 (%s): %v\n%s", strings.TrimSpace(blocks[0]), err, out)
	}
	archives, _ := filepath.Glob(filepath.Join(clone, "dist", "terraform-provider-sps_*_*_*.zip"))
	if len(archives) == 0 {
		t.Fatal("step 1 wrote no provider archive into dist/")
	}
	t.Logf("step 1 built %d provider archives in %s", len(archives), time.Since(start).Round(time.Second))
	clis := installCLIs
	if s := os.Getenv("SPS_INSTALL_CLIS"); s != "" {
		clis = strings.Split(s, ",")
	}
	for _, name := range clis {
		t.Run(name, func(t *testing.T) {
			recipeOn(t, name, cliPath(t, name), clone, archives, strings.Join(blocks[1:], ""))
		})
	}
}

func recipeOn(t *testing.T, name, cli, clone string, archives []string, recipe string) {
	start := time.Now()
	home, shims := t.TempDir(), t.TempDir()
	if err := os.Symlink(cli, filepath.Join(shims, "terraform")); err != nil {
		t.Fatal(err)
	}
	srv := mockspstest.Start(t)
	// After the recipe, in the same shell (its cwd and exports): a policy
	// applied with the provider it installed.
	apply := "cat >main.tf <<'TESTEOF'\n" + srv.AdminBlock() + `
resource "sps_vnc_settings_policy" "installed" {
  name    = "installed-by-the-readme"
  timeout = 450
}
TESTEOF
terraform apply -auto-approve -no-color
`
	env := shellEnv(t, home, "PATH="+shims+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := bash(t, clone, env, recipe+apply)
	if err != nil {
		t.Fatalf("the README's install recipe failed: %v\n%s", err, out)
	}
	// What the README tells the reader to expect.
	for _, want := range []string{"(unauthenticated)", "Incomplete lock file information", "Apply complete! Resources: 1 added"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	locks, _ := filepath.Glob(filepath.Join(home, "*", ".terraform.lock.hcl"))
	if len(locks) != 1 {
		t.Fatalf("want one .terraform.lock.hcl under HOME, found %v", locks)
	}
	lock, err := os.ReadFile(locks[0])
	if err != nil {
		t.Fatal(err)
	}
	// providers lock recorded every platform's package: one h1 per archive.
	if n := len(regexp.MustCompile(`"h1:`).FindAll(lock, -1)); n != len(archives) {
		t.Errorf("lock file has %d h1: checksums, want %d (one per archive):\n%s", n, len(archives), lock)
	}
	for _, a := range archives {
		h1, err := dirhash.HashZip(a, dirhash.Hash1)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(lock), `"`+h1+`"`) {
			t.Errorf("lock file lacks %s of %s:\n%s", h1, filepath.Base(a), lock)
		}
	}
	found := false
	for _, body := range srv.Server.SettingsPolicies() {
		var p struct {
			Name    string `json:"name"`
			Timeout int    `json:"timeout"`
		}
		_ = json.Unmarshal(body, &p)
		found = found || (p.Name == "installed-by-the-readme" && p.Timeout == 450)
	}
	if !found {
		t.Errorf("the mock has no policy installed-by-the-readme: %v", srv.Server.SettingsPolicies())
	}
	t.Logf("%s: the README's recipe installed, locked %d platforms and applied in %s",
		name, len(archives), time.Since(start).Round(time.Second))
}
