package provider

// A small harness that runs a real Terraform (or OpenTofu) CLI against the
// in-process provider, for the flows terraform-plugin-testing has no step
// for: `terraform query -generate-config-out` followed by plan and apply of
// the generated file, and one state used by two different CLI versions
// (the upgrade from Terraform 1.11). The provider is served the way
// terraform-plugin-testing serves it: go-plugin's debug mode, which hands
// the CLI a reattach configuration (TF_REATTACH_PROVIDERS), so the CLI
// never installs or downloads a provider.

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// testProviderSource is the source address the harness configurations use;
// the reattach configuration serves it on both registry hosts.
const testProviderSource = "terraform-sps/sps"

const requiredProvidersBlock = `
terraform {
  required_providers {
    sps = {
      source = "` + testProviderSource + `"
    }
  }
}
`

// serveProviderForCLI starts the provider in-process and returns the value
// of TF_REATTACH_PROVIDERS that points a CLI at it.
func serveProviderForCLI(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	go func() {
		_ = tf6server.Serve("registry.terraform.io/"+testProviderSource, providerserver.NewProtocol6(New("test")()),
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t),
		)
	}()
	config := <-configCh
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	if config == nil {
		t.Fatal("the provider server gave no reattach configuration")
	}
	type addr struct{ Network, String string }
	type reattach struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	r := reattach{
		Protocol: string(config.Protocol), ProtocolVersion: config.ProtocolVersion, Pid: config.Pid, Test: true,
		Addr: addr{Network: config.Addr.Network(), String: config.Addr.String()},
	}
	out, err := json.Marshal(map[string]reattach{
		"registry.terraform.io/" + testProviderSource: r,
		"registry.opentofu.org/" + testProviderSource: r,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// testCLI is one CLI binary run in one working directory.
type testCLI struct {
	t       *testing.T
	bin     string
	dir     string
	env     []string
	version *version.Version
	tofu    bool
}

// acceptanceCLIPath is the CLI the acceptance tests use: the one
// terraform-plugin-testing would pick (TF_ACC_TERRAFORM_PATH, else PATH).
func acceptanceCLIPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform CLI on PATH")
	}
	return p
}

// newTestCLI prepares bin to run in dir with the reattached provider and
// the same offline environment as the rest of the acceptance tests.
func newTestCLI(t *testing.T, bin, dir, reattach string) *testCLI {
	t.Helper()
	env := []string{"TF_REATTACH_PROVIDERS=" + reattach, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE=/dev/null"}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "TF_REATTACH_PROVIDERS", "CHECKPOINT_DISABLE", "TF_IN_AUTOMATION", "TF_CLI_CONFIG_FILE", "TF_LOG", "TF_LOG_PATH", "TF_DATA_DIR":
			continue
		}
		env = append(env, kv)
	}
	c := &testCLI{t: t, bin: bin, dir: dir, env: env}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	out := c.run(0, "version", "-json")
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%s version -json: %v\n%s", bin, err, out)
	}
	var err error
	if c.version, err = version.NewVersion(v.TerraformVersion); err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	c.tofu = strings.Contains(strings.ToLower(filepath.Base(bin)), "tofu")
	return c
}

// atLeast reports whether this is Terraform (not OpenTofu) of at least v.
func (c *testCLI) terraformAtLeast(v string) bool {
	return !c.tofu && c.version.GreaterThanOrEqual(version.Must(version.NewVersion(v)))
}

// run runs the CLI and fails the test unless it exits with wantCode.
func (c *testCLI) run(wantCode int, args ...string) string {
	c.t.Helper()
	cmd := exec.CommandContext(c.t.Context(), c.bin, args...)
	cmd.Dir = c.dir
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		c.t.Fatalf("running %s %s: %v", filepath.Base(c.bin), strings.Join(args, " "), err)
	}
	if code != wantCode {
		c.t.Fatalf("%s %s exited with %d, want %d:\n%s", filepath.Base(c.bin), strings.Join(args, " "), code, wantCode, out)
	}
	return string(out)
}

// writeFile writes a file into the CLI's working directory.
func (c *testCLI) writeFile(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// showJSON is the part of `terraform show -json` the tests read.
type showJSON struct {
	Values struct {
		RootModule struct {
			Resources []struct {
				Address  string         `json:"address"`
				Values   map[string]any `json:"values"`
				Identity map[string]any `json:"identity"`
			} `json:"resources"`
		} `json:"root_module"`
	} `json:"values"`
	ResourceChanges []struct {
		Address string `json:"address"`
		Change  struct {
			Actions   []string        `json:"actions"`
			Importing json.RawMessage `json:"importing"`
		} `json:"change"`
	} `json:"resource_changes"`
}

func (c *testCLI) show(args ...string) showJSON {
	c.t.Helper()
	out := c.run(0, append([]string{"show", "-json", "-no-color"}, args...)...)
	var s showJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		c.t.Fatalf("show -json: %v\n%s", err, out)
	}
	return s
}
