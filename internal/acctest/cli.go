package acctest

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

	"github.com/terraform-sps/terraform-provider-sps/internal/provider"
)

// TestProviderSource is the source address the harness configurations use;
// the reattach configuration serves it on both registry hosts.
const TestProviderSource = "terraform-sps/sps"

// RequiredProvidersBlock names the provider by TestProviderSource.
const RequiredProvidersBlock = `
terraform {
  required_providers {
    sps = {
      source = "` + TestProviderSource + `"
    }
  }
}
`

// ServeProviderForCLI starts the provider in-process and returns the value
// of TF_REATTACH_PROVIDERS that points a CLI at it.
func ServeProviderForCLI(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	go func() {
		_ = tf6server.Serve("registry.terraform.io/"+TestProviderSource, providerserver.NewProtocol6(provider.New("test")()),
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
		"registry.terraform.io/" + TestProviderSource: r,
		"registry.opentofu.org/" + TestProviderSource: r,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestCLI is one CLI binary run in one working directory.
type TestCLI struct {
	t       *testing.T
	Bin     string // the CLI binary
	Dir     string // the working directory
	env     []string
	Version *version.Version // what `version -json` says
	Tofu    bool             // OpenTofu rather than Terraform
}

// AcceptanceCLIPath is the CLI the acceptance tests use: the one
// terraform-plugin-testing would pick (TF_ACC_TERRAFORM_PATH, else PATH).
func AcceptanceCLIPath(t *testing.T) string {
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

// NewTestCLI prepares bin to run in dir with the reattached provider and
// the same offline environment as the rest of the acceptance tests.
func NewTestCLI(t *testing.T, bin, dir, reattach string) *TestCLI {
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
	c := &TestCLI{t: t, Bin: bin, Dir: dir, env: env}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	out := c.Run(0, "version", "-json")
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%s version -json: %v\n%s", bin, err, out)
	}
	var err error
	if c.Version, err = version.NewVersion(v.TerraformVersion); err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	c.Tofu = strings.Contains(strings.ToLower(filepath.Base(bin)), "tofu")
	return c
}

// TerraformAtLeast reports whether this is Terraform (not OpenTofu) of at least v.
func (c *TestCLI) TerraformAtLeast(v string) bool {
	return !c.Tofu && c.Version.GreaterThanOrEqual(version.Must(version.NewVersion(v)))
}

// Run runs the CLI and fails the test unless it exits with wantCode.
func (c *TestCLI) Run(wantCode int, args ...string) string {
	c.t.Helper()
	cmd := exec.CommandContext(c.t.Context(), c.Bin, args...)
	cmd.Dir = c.Dir
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		c.t.Fatalf("running %s %s: %v", filepath.Base(c.Bin), strings.Join(args, " "), err)
	}
	if code != wantCode {
		c.t.Fatalf("%s %s exited with %d, want %d:\n%s", filepath.Base(c.Bin), strings.Join(args, " "), code, wantCode, out)
	}
	return string(out)
}

// RunExit runs the CLI and returns its output and exit code.
func (c *TestCLI) RunExit(args ...string) (string, int) {
	c.t.Helper()
	cmd := exec.CommandContext(c.t.Context(), c.Bin, args...)
	cmd.Dir, cmd.Env = c.Dir, c.env
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return string(out), exitErr.ExitCode()
	}
	if err != nil {
		c.t.Fatalf("running %s: %v", filepath.Base(c.Bin), err)
	}
	return string(out), 0
}

// WriteFile writes a file into the CLI's working directory.
func (c *TestCLI) WriteFile(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.Dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// ShowJSON is the part of `terraform show -json` the tests read.
type ShowJSON struct {
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

// Show is `show -json` of the state, or of the plan file in args.
func (c *TestCLI) Show(args ...string) ShowJSON {
	c.t.Helper()
	out := c.Run(0, append([]string{"show", "-json", "-no-color"}, args...)...)
	var s ShowJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		c.t.Fatalf("show -json: %v\n%s", err, out)
	}
	return s
}
