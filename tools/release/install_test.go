package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// installCLIs is the CLI matrix of .ci/run: the Terraform on PATH (the
// oldest supported), then the builds in ../shared/clis. SPS_INSTALL_CLIS
// (comma-separated names) runs fewer.
var installCLIs = []string{"terraform", "terraform-1.15.9", "terraform-1.16.4", "tofu-1.12.6"}

// cliPath resolves a matrix name to a binary: "terraform" from PATH, the
// others through the shared installer ($CLIS, else ../shared/clis beside
// the clone).
func cliPath(t *testing.T, name string) string {
	t.Helper()
	if name == "terraform" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			t.Fatal("terraform is not on PATH")
		}
		return p
	}
	clis := os.Getenv("CLIS")
	if clis == "" {
		clis, _ = filepath.Abs("../../../shared/clis")
	}
	out, err := exec.CommandContext(t.Context(), filepath.Join(clis, "install"), name).Output()
	if err != nil {
		t.Fatalf("%s/install %s: %v (set CLIS to the shared/clis folder)", clis, name, err)
	}
	return strings.TrimSpace(string(out))
}

// TestInstallFromMirror installs the linux/amd64 release archive the way a
// team's `terraform init` would (no dev_overrides): from a filesystem
// mirror in the packed layout, on every CLI of the matrix. It checks the
// lock file's hash, a second init from the lock file, that a tampered
// archive fails init, and a plan and apply against the mock with the
// installed provider.
func TestInstallFromMirror(t *testing.T) {
	// Its own switch beside TF_ACC: it runs four CLIs (about a minute), so
	// CI runs it once, as `make test-install`, not inside every `make test`.
	if os.Getenv("TF_ACC") == "" || os.Getenv("SPS_INSTALL_TEST") == "" {
		t.Skip("set TF_ACC=1 and SPS_INSTALL_TEST=1 (make test-install) to install the release with every CLI")
	}
	dist := releaseLinuxAMD64(t)
	archive := filepath.Join(dist, "terraform-provider-sps_0.1.0_linux_amd64.zip")
	h1, err := dirhash.HashZip(archive, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	tampered := filepath.Join(t.TempDir(), "tampered.zip")
	if err := tamper(archive, tampered); err != nil {
		t.Fatal(err)
	}
	clis := installCLIs
	if s := os.Getenv("SPS_INSTALL_CLIS"); s != "" {
		clis = strings.Split(s, ",")
	}
	for _, name := range clis {
		t.Run(name, func(t *testing.T) {
			installOn(t, name, cliPath(t, name), archive, tampered, h1)
		})
	}
}

func installOn(t *testing.T, name, cli, archive, tampered, h1 string) {
	start := time.Now()
	host := "registry.terraform.io"
	if filepath.Base(cli) == "tofu" {
		host = "registry.opentofu.org"
	}
	work := t.TempDir()
	good := mirror(t, filepath.Join(work, "mirror"), host, archive)
	bad := mirror(t, filepath.Join(work, "mirror-tampered"), host, tampered)
	srv := mockspstest.Start(t)
	config := fmt.Sprintf(`terraform {
  required_providers {
    sps = {
      source  = "terraform-sps/sps"
      version = "0.1.0"
    }
  }
}

%s

resource "sps_vnc_settings_policy" "installed" {
  name    = "installed-from-mirror"
  timeout = 450
}
`, srv.AdminBlock())

	// 1. init from the mirror writes the lock file with the package's hash.
	first := project(t, filepath.Join(work, "first"), config, nil)
	run(t, cli, first, good, "init", "-input=false", "-no-color")
	lock, err := os.ReadFile(filepath.Join(first, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(lock, []byte(`provider "`+host+`/terraform-sps/sps"`)) || !bytes.Contains(lock, []byte(`"`+h1+`"`)) {
		t.Fatalf("lock file does not record %s for %s:\n%s", h1, host, lock)
	}

	// 2. A clean copy with that lock file installs the same package.
	second := project(t, filepath.Join(work, "second"), config, lock)
	run(t, cli, second, good, "init", "-input=false", "-no-color")

	// 3. The tampered archive is a valid zip (a copy without a lock file
	// installs it), so it is the lock file that makes init refuse it.
	run(t, cli, project(t, filepath.Join(work, "unlocked"), config, nil), bad, "init", "-input=false", "-no-color")
	out, err := tf(t.Context(), cli, project(t, filepath.Join(work, "locked"), config, lock), bad, "init", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("init with the lock file accepted the tampered archive:\n%s", out)
	}
	// Both CLIs say the package "doesn't match any of the checksums
	// previously recorded in the dependency lock file".
	flat := strings.Join(strings.Fields(strings.ReplaceAll(out, "│", " ")), " ")
	if !strings.Contains(flat, "doesn't match any of the checksums previously recorded in the dependency lock file") {
		t.Fatalf("init failed, but not with the lock file's checksum error:\n%s", out)
	}

	// 4. Plan and apply with the installed provider.
	out = run(t, cli, first, good, "plan", "-input=false", "-no-color")
	if !strings.Contains(out, "1 to add") {
		t.Fatalf("plan:\n%s", out)
	}
	run(t, cli, first, good, "apply", "-input=false", "-auto-approve", "-no-color")
	found := false
	for _, body := range srv.Server.SettingsPolicies() {
		var p struct {
			Name    string `json:"name"`
			Timeout int    `json:"timeout"`
		}
		_ = json.Unmarshal(body, &p)
		found = found || (p.Name == "installed-from-mirror" && p.Timeout == 450)
	}
	if !found {
		t.Fatalf("the mock has no policy installed-from-mirror with timeout 450: %v", srv.Server.SettingsPolicies())
	}
	if out := run(t, cli, first, good, "plan", "-input=false", "-no-color", "-detailed-exitcode"); !strings.Contains(out, "No changes") {
		t.Fatalf("second plan not empty:\n%s", out)
	}
	t.Logf("%s: installed, locked, tamper refused, applied in %s", name, time.Since(start).Round(time.Millisecond))
}

// mirror lays out a filesystem mirror in the packed layout
// (HOSTNAME/NAMESPACE/TYPE/<archive>.zip): the zip stays whole, so the CLI
// checks it against the lock file's hashes. It returns a CLI config that
// installs terraform-sps/sps from there only.
func mirror(t *testing.T, dir, host, archive string) string {
	t.Helper()
	dst := filepath.Join(dir, host, "terraform-sps", "sps")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "terraform-provider-sps_0.1.0_linux_amd64.zip"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(dir, "cli.tfrc")
	cfg := fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %[1]q
    include = ["%[2]s/terraform-sps/sps"]
  }
  direct {
    exclude = ["%[2]s/terraform-sps/sps"]
  }
}
`, dir, host)
	if err := os.WriteFile(rc, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return rc
}

func project(t *testing.T, dir, config string, lock []byte) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if lock != nil {
		if err := os.WriteFile(filepath.Join(dir, ".terraform.lock.hcl"), lock, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func tf(ctx context.Context, cli, dir, rc string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, cli, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TF_PLUGIN_CACHE_DIR=", "TF_LOG=")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func run(t *testing.T, cli, dir, rc string, args ...string) string {
	t.Helper()
	out, err := tf(t.Context(), cli, dir, rc, args...)
	if err != nil {
		t.Fatalf("%s %s in %s: %v\n%s", filepath.Base(cli), strings.Join(args, " "), filepath.Base(dir), err, out)
	}
	return out
}

// tamper copies the archive with one byte of the provider binary changed,
// re-zipped so the archive itself stays valid.
func tamper(src, dst string) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer zr.Close()
	var entries []zipEntry
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if i == 0 {
			// A byte in the middle of the binary: still an executable of
			// the same size, just not the one that was released.
			data[len(data)/2] ^= 0x01
		}
		entries = append(entries, zipEntry{f.Name, data, f.Mode()})
	}
	out, err := Zip(entries, zr.File[0].Modified)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, out, 0o644)
}
