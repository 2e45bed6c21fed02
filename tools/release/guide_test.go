package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMockGuide runs the commands of the guide "The mock SPS" as a reader
// of a release would: mocksps and the provider from the linux/amd64
// archives, every `mocksps ...` line of the guide started as written, the
// guide's provider block and example policy applied with the Terraform on
// PATH, and its drift commands (curl with the mock's certificate, jq) run
// in a shell. The one change: the guide's fixed ports become free ones, as
// a shared machine may have 8443 taken.
func TestMockGuide(t *testing.T) {
	if os.Getenv("TF_ACC") == "" || os.Getenv("SPS_INSTALL_TEST") == "" {
		t.Skip("set TF_ACC=1 and SPS_INSTALL_TEST=1 (make test-install) to run the mock guide's commands")
	}
	for _, tool := range []string{"curl", "jq", "unzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the guide's commands need %s (.ci/run installs it from Debian's packages)", tool)
		}
	}
	const guide = "../../docs/guides/mock-sps.md"
	dist := releaseLinuxAMD64(t)
	bin, plugins, work := t.TempDir(), t.TempDir(), t.TempDir()
	unzip(t, filepath.Join(dist, "mocksps_0.1.0_linux_amd64.zip"), bin)
	unzip(t, filepath.Join(dist, "terraform-provider-sps_0.1.0_linux_amd64.zip"), plugins)

	ports := strings.NewReplacer("127.0.0.1:8443", freeAddr(t), "127.0.0.1:8080", freeAddr(t))
	var servers, client []string
	for _, block := range codeBlocks(t, guide, "sh", "") {
		if strings.HasPrefix(block, "mocksps ") {
			servers = append(servers, ports.Replace(strings.SplitN(block, "\n", 2)[0]))
		} else {
			client = append(client, ports.Replace(block))
		}
	}
	tfBlocks := codeBlocks(t, guide, "terraform", "")
	if len(servers) < 2 || len(client) != 1 || len(tfBlocks) < 2 {
		t.Fatalf("%s: want the mocksps commands, one block of drift commands and the provider and policy blocks; found %q %q %q",
			guide, servers, client, tfBlocks)
	}
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	// Each mocksps command starts and says where it listens.
	for _, line := range servers[1:] {
		startGuideServer(t, work, env, line)
	}
	url := startGuideServer(t, work, env, servers[0])

	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(ports.Replace(strings.Join(tfBlocks, "\n"))), 0o644); err != nil {
		t.Fatal(err)
	}
	// The guide's blocks are snippets of a configuration, which names the
	// provider's source as any configuration does.
	versions := "terraform {\n  required_providers {\n    sps = { source = \"terraform-sps/sps\" }\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(work, "versions.tf"), []byte(versions), 0o644); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(work, "dev.tfrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/terraform-sps/sps\" = %q\n  }\n  direct {}\n}\n", plugins)
	if err := os.WriteFile(rc, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(plugins, "terraform-provider-sps_v0.1.0"), filepath.Join(plugins, "terraform-provider-sps")); err != nil {
		t.Fatal(err)
	}
	tfEnv := append(env, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	out, err := bash(t, work, tfEnv, client[0])
	if err != nil {
		t.Fatalf("the guide's drift commands failed against %s: %v\n%s", url, err, out)
	}
	// Colors and all, as the reader's terminal shows it.
	plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out, "")
	flat := strings.Join(strings.Fields(plain), " ")
	if !strings.Contains(flat, "~ timeout = 900 -> 600") {
		t.Fatalf("the plan after the guide's drift does not show the timeout it changed:\n%s", out)
	}
}

// startGuideServer runs one mocksps command line of the guide in dir,
// returns the URL it prints, and stops it (SIGTERM) when the test ends.
func startGuideServer(t *testing.T, dir string, env []string, line string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "bash", "-c", "exec "+line)
	cmd.Dir, cmd.Env = dir, env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	got := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		got <- s
	}()
	select {
	case s := <-got:
		m := regexp.MustCompile(`^mocksps listening on (\S+)\n$`).FindStringSubmatch(s)
		if m == nil {
			t.Fatalf("%s: first line %q; stderr: %s", line, s, stderr.String())
		}
		return m[1]
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: no listening line in 30s; stderr: %s", line, stderr.String())
	}
	return ""
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func unzip(t *testing.T, archive, dir string) {
	t.Helper()
	if out, err := exec.CommandContext(t.Context(), "unzip", "-q", "-o", archive, "-d", dir).CombinedOutput(); err != nil {
		t.Fatalf("unzip %s: %v\n%s", archive, err, out)
	}
}
