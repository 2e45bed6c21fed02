package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

var listenLine = regexp.MustCompile(`^mocksps listening on (https?://127\.0\.0\.1:[0-9]+)\n$`)

// buildBinary compiles the command once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mocksps")
	out, err := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startBinary runs the binary and returns its base URL once it is ready.
func startBinary(t *testing.T, bin string, args ...string) (string, *exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-lines:
		m := listenLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("first stdout line %q; stderr %s", line, stderr.String())
		}
		return m[1], cmd, &stderr
	case <-time.After(30 * time.Second):
		t.Fatalf("no listening line; stderr %s", stderr.String())
	}
	return "", nil, nil
}

type flow struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func (f *flow) call(method, path, user, body string, want int) map[string]any {
	f.t.Helper()
	req, err := http.NewRequestWithContext(f.t.Context(), method, f.base+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	if user != "" {
		req.SetBasicAuth(user, user+"-pw")
	}
	resp, err := f.hc.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		f.t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, raw)
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		f.t.Fatalf("%s %s: %v: %s", method, path, err, raw)
	}
	return v
}

func newFlow(t *testing.T, base string, tr http.RoundTripper) *flow {
	jar, _ := cookiejar.New(nil)
	return &flow{t: t, base: base, hc: &http.Client{Jar: jar, Transport: tr, Timeout: 10 * time.Second}}
}

func TestBinaryPlainHTTPFlow(t *testing.T) {
	bin := buildBinary(t)
	base, cmd, stderr := startBinary(t, bin, "-plain-http", "-addr", "127.0.0.1:0",
		"-user", "ops:ops-pw:admin", "-user", "audit:audit-pw:auditor", "-options-shape", "legacy", "-sessions", "3", "-seed", "42")
	f := newFlow(t, base, nil)
	f.call("GET", "/api/configuration/vnc/settings_policies", "", "", 401)
	f.call("GET", "/api/authentication", "ops", "", 200)
	f.call("POST", "/api/transaction", "", "", 200)
	created := f.call("POST", "/api/configuration/vnc/settings_policies", "",
		`{"name":"cli","timeout":600,"inactivity_timeout":{"enabled":false},"preconnect_channel_check":true,`+
			`"client_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},`+
			`"server_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"}}`, 201)
	key := created["key"].(string)
	f.call("PUT", "/api/transaction", "", `{"status":"commit"}`, 200)
	list := f.call("GET", "/api/configuration/vnc/settings_policies", "", "", 200)
	if n := len(list["items"].([]any)); n != 2 {
		t.Fatalf("%d policies after commit", n)
	}
	opts := f.call("GET", "/api/configuration/vnc/options", "", "", 200)
	if _, ok := opts["body"].(map[string]any)["channel_database_cleanup"]; !ok {
		t.Fatalf("-options-shape legacy ignored: %v", opts)
	}

	a := newFlow(t, base, nil)
	a.call("GET", "/api/authentication", "audit", "", 200)
	a.call("GET", "/api/configuration/vnc/settings_policies/"+key, "", "", 200)
	a.call("DELETE", "/api/configuration/vnc/settings_policies/"+key, "", "", 403)

	if n := len(a.call("GET", "/api/audit/sessions", "", "", 200)["items"].([]any)); n != 3 {
		t.Fatalf("-sessions 3 gave %d sessions", n)
	}

	state := f.call("GET", "/_mock/counters", "", "", 200)
	if state["commits"] != 1.0 {
		t.Fatalf("counters %v", state)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v; stderr %s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no graceful exit after SIGTERM")
	}
	if strings.Contains(stderr.String(), "ops-pw") {
		t.Fatal("a password reached stderr")
	}
}

// In-process: TLS with -ca-out; the written PEM verifies the server for
// both 127.0.0.1 and localhost.
func TestRunTLSWithCAOut(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"-addr", "127.0.0.1:0", "-ca-out", caFile}, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err, stderr.String())
	}
	m := listenLine.FindStringSubmatch(line)
	if m == nil || !strings.HasPrefix(m[1], "https://") {
		t.Fatalf("line %q", line)
	}
	pemBytes, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("-ca-out did not write a PEM certificate")
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	defer tr.CloseIdleConnections()
	for _, base := range []string{m[1], strings.Replace(m[1], "127.0.0.1", "localhost", 1)} {
		f := newFlow(t, base, tr)
		f.hc.Transport = tr
		req, _ := http.NewRequestWithContext(t.Context(), "GET", base+"/api/authentication", nil)
		req.SetBasicAuth("admin", "admin") // the default account
		resp, err := f.hc.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: login status %d", base, resp.StatusCode)
		}
		var secure bool
		for _, c := range resp.Cookies() {
			secure = c.Name == "session_id" && c.Secure
		}
		if !secure {
			t.Error("session cookie over TLS is not Secure")
		}
	}
	cancel()
	select {
	case code := <-exited:
		if code != 0 {
			t.Fatalf("exit code %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancel")
	}
}

func TestFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-user", "nopassword"},
		{"-user", "x:y:root"},
		{"-user", "x::admin"},
		{"-options-shape", "modern"},
		{"-session-ttl", "0s"},
		{"-plain-http", "-ca-out", "x.pem"},
		{"-addr", "127.0.0.1:0", "stray"},
		{"-nope"},
		{"-sessions", "-1"},
		{"-firmware", "7.x"},
		{"-firmware", ""},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(context.Background(), args, io.Discard, &stderr); code != 2 {
				t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr.String())
			}
		})
	}
	var u userFlags
	if err := u.Set("name:pass:with:colons:auditor"); err != nil || u[0].Password != "pass:with:colons" || u[0].Role != "auditor" {
		t.Fatalf("Set = %v, %+v", err, u)
	}
	if strings.Contains(u.String(), "pass") {
		t.Fatal("String() shows the password")
	}
}

func TestSessionsFileErrors(t *testing.T) {
	var stderr bytes.Buffer
	missing := filepath.Join(t.TempDir(), "missing.json")
	if code := run(t.Context(), []string{"-plain-http", "-addr", "127.0.0.1:0", "-sessions-file", missing}, io.Discard, &stderr); code != 1 {
		t.Fatalf("missing -sessions-file: exit %d (%s)", code, stderr.String())
	}
}

func TestGenerationTimeIsReproducible(t *testing.T) {
	pinned := generationTime("2026-01-31T12:00:00Z")
	if want := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC); !pinned.Equal(want) {
		t.Fatalf("generationTime(pinned) = %v, want %v", pinned, want)
	}
	def := generationTime("")
	if def.Minute() != 0 || def.Second() != 0 || def.Nanosecond() != 0 {
		t.Fatalf("default generation time %v is not the start of an hour", def)
	}
	if time.Since(def) > time.Hour || time.Since(def) < 0 {
		t.Fatalf("default generation time %v is not the current hour", def)
	}
	if _, err := parseFlags([]string{"-now", "yesterday"}, io.Discard); err == nil {
		t.Fatal("parseFlags accepted -now yesterday")
	}
}
