package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const policyBody = `{"name":%q,"timeout":600,"inactivity_timeout":{"enabled":false},"preconnect_channel_check":true,` +
	`"client_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},` +
	`"server_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"}}`

// startInProcess runs run() with args until the test ends or stop is
// called, and returns its base URL.
func startInProcess(t *testing.T, args ...string) (base string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() { code <- run(ctx, args, pw, &stderr); pw.Close() }()
	line, _ := bufio.NewReader(pr).ReadString('\n')
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	m := listenLine.FindStringSubmatch(line)
	if m == nil {
		cancel()
		t.Fatalf("first stdout line %q; exit %d; stderr %s", line, <-code, stderr.String())
	}
	stopped := false
	stop = func() int {
		if stopped {
			return 0
		}
		stopped = true
		cancel()
		return <-code
	}
	t.Cleanup(func() { stop() })
	return m[1], stop
}

func TestStateFileRestart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sps.json")
	base, stop := startInProcess(t, "-plain-http", "-addr", "127.0.0.1:0", "-user", "ops:ops-pw:admin",
		"-state-file", file, "-options-shape", "legacy", "-firmware", "6.0.12", "-sessions", "5", "-seed", "3", "-now", "2026-01-31T12:00:00Z")
	f := newFlow(t, base, nil)
	f.call("GET", "/api/authentication", "ops", "", 200)
	created := f.call("POST", "/api/configuration/vnc/settings_policies", "", fmt.Sprintf(policyBody, "kept"), 201)
	key := created["key"].(string)
	f.call("PUT", "/api/transaction", "", `{"status":"commit"}`, 200)
	// An out-of-band change (drift) is kept too.
	f.call("PUT", "/_mock/config/vnc/options", "", `{"channel_database_cleanup":{"enabled":false},"service":{"enabled":true}}`, 200)
	sessions := f.call("GET", "/api/audit/sessions", "", "", 200)["items"].([]any)
	if code := stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}

	// Restarted with the state file alone: same policy, options, shape and sessions.
	base, stop = startInProcess(t, "-plain-http", "-addr", "127.0.0.1:0", "-user", "ops:ops-pw:admin", "-state-file", file)
	f = newFlow(t, base, nil)
	f.call("GET", "/api/authentication", "ops", "", 200)
	got := f.call("GET", "/api/configuration/vnc/settings_policies/"+key, "", "", 200)
	if got["body"].(map[string]any)["name"] != "kept" {
		t.Fatalf("policy after restart: %v", got)
	}
	opts := f.call("GET", "/api/configuration/vnc/options", "", "", 200)["body"].(map[string]any)
	if opts["service"].(map[string]any)["enabled"] != true {
		t.Fatalf("options after restart (legacy shape, service enabled expected): %v", opts)
	}
	again := f.call("GET", "/api/audit/sessions", "", "", 200)["items"].([]any)
	if fmt.Sprint(again) != fmt.Sprint(sessions) {
		t.Fatalf("sessions differ after restart:\n%v\n%v", sessions, again)
	}
	// The firmware too: 6.0.12 reports it, and has no snapshots.
	if fw := f.call("GET", "/api/info", "", "", 200)["body"].(map[string]any)["firmware_version"]; fw != "6.0.12" {
		t.Fatalf("firmware after restart: %v", fw)
	}
	f.call("GET", "/api/audit/sessions/_snapshot", "", "", 404)
	// A deleted policy stays deleted.
	f.call("DELETE", "/_mock/config/vnc/settings_policies/"+key, "", "", 200)
	stop()
	base, _ = startInProcess(t, "-plain-http", "-addr", "127.0.0.1:0", "-state-file", file)
	newFlow(t, base, nil).call("GET", "/_mock/config/vnc/settings_policies/"+key, "", "", 404)

	// Flags that contradict the file are refused, naming it.
	for _, args := range [][]string{{"-sessions", "7"}, {"-options-shape", "audit"}, {"-firmware", "8.0.0"}} {
		var stderr bytes.Buffer
		all := append([]string{"-plain-http", "-addr", "127.0.0.1:0", "-state-file", file}, args...)
		if code := run(t.Context(), all, io.Discard, &stderr); code != 1 || !strings.Contains(stderr.String(), file) {
			t.Errorf("%v with a state file: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}

func TestStateFileCorruptOrForeign(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	_, stop := startInProcess(t, "-plain-http", "-addr", "127.0.0.1:0", "-state-file", good)
	stop()
	valid, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ content, why string }{
		"garbage":   {"\x00\x01not json", "not JSON"},
		"empty":     {"", "not JSON"},
		"truncated": {string(valid[:len(valid)/2]), "not JSON"},
		"foreign":   {`{"terraform_version":"1.11.4","resources":[]}`, `no "mocksps-state" format marker`},
		"newer":     {strings.Replace(string(valid), `"version":2`, `"version":3`, 1), "format version 3"},
		"ancient":   {strings.Replace(string(valid), `"version":2`, `"version":0`, 1), "format version 0"},
	}
	for name, c := range cases {
		path := filepath.Join(dir, name+".json")
		if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		code := run(t.Context(), []string{"-plain-http", "-addr", "127.0.0.1:0", "-state-file", path}, io.Discard, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), "is not a usable mocksps state file") || !strings.Contains(stderr.String(), c.why) {
			t.Errorf("%s: exit %d, stderr %q", name, code, stderr.String())
		}
		if after, _ := os.ReadFile(path); string(after) != c.content {
			t.Errorf("%s: the file was changed", name)
		}
	}
}

// TestHelperMocksps is not a test: TestStateFileKill runs the test binary
// with this test selected and MOCKSPS_HELPER_ARGS set, so the mock runs as
// its own process that can be killed.
func TestHelperMocksps(t *testing.T) {
	args := os.Getenv("MOCKSPS_HELPER_ARGS")
	if args == "" {
		t.Skip("helper process for TestStateFileKill")
	}
	os.Exit(run(context.Background(), strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
}

// TestStateFileKill kills mocksps with SIGKILL at random moments while it
// saves one change after another, restarting it from the file each time.
// The file must always load, and hold the last acknowledged change or the
// one in flight: never a mix, never a loss.
func TestStateFileKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "sps.json")
	// About 2 MB of sessions in every save makes each write long enough
	// for kills to land in the middle of one.
	sessions := filepath.Join(dir, "sessions.json")
	var b strings.Builder
	b.WriteString("{")
	for i := range 4000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"%d":{"protocol":"ssh","user":{"name":"user-%d"},"note":%q}`, i+1, i, strings.Repeat("x", 400))
	}
	b.WriteString("}")
	if err := os.WriteFile(sessions, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const key = "kill-test"
	acked, midWrite := 0, 0
	for round := range 8 {
		args := []string{"-plain-http", "-addr", "127.0.0.1:0", "-state-file", file}
		if round == 0 {
			args = append(args, "-sessions-file", sessions)
		}
		cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperMocksps$")
		cmd.Env = append(os.Environ(), "MOCKSPS_HELPER_ARGS="+strings.Join(args, "\x1f"))
		stdout, _ := cmd.StdoutPipe()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		m := listenLine.FindStringSubmatch(line)
		if m == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("round %d: first line %q, stderr %s", round, line, stderr.String())
		}
		base := m[1]
		hc := &http.Client{Timeout: 10 * time.Second}
		if round > 0 {
			// The restart serves what the file held.
			want := fmt.Sprint("gen-", acked)
			if acked == 0 {
				want = "" // nothing saved yet: no such policy
			}
			if got := getName(t, hc, base, key); got != want {
				t.Fatalf("round %d: restarted with %q, file had %q", round, got, want)
			}
		}
		// The kill comes at a random moment after the round's first save,
		// so every round saves something however slow the machine is.
		delay := time.Duration(rng.IntN(300)) * time.Millisecond
		firstAck := make(chan struct{})
		killed := make(chan struct{})
		go func() {
			<-firstAck
			time.Sleep(delay)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			close(killed)
		}()
		inFlight, roundStart := acked, acked
	changes:
		for {
			select {
			case <-killed:
				break changes
			default:
			}
			inFlight++
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPut, base+"/_mock/config/vnc/settings_policies/"+key,
				strings.NewReader(fmt.Sprintf(policyBody, fmt.Sprint("gen-", inFlight))))
			resp, err := hc.Do(req)
			if err != nil {
				if acked == roundStart {
					t.Fatalf("round %d: PUT gen-%d before any kill: %v; stderr %s", round, inFlight, err, stderr.String())
				}
				break // killed mid-request
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("PUT gen-%d: status %d", inFlight, resp.StatusCode)
			}
			acked = inFlight
			if acked == roundStart+1 {
				close(firstAck)
			}
		}
		_ = cmd.Wait()
		temps, _ := filepath.Glob(filepath.Join(dir, tempPrefix("sps.json")+"*"))
		if len(temps) > 0 {
			midWrite++
		}
		f, err := readStateFile(file)
		if err != nil {
			t.Fatalf("round %d: after SIGKILL: %v", round, err)
		}
		var name string
		for _, e := range f.Config.Lists["/api/configuration/vnc/settings_policies"] {
			if e.Key == key {
				var p struct{ Name string }
				_ = json.Unmarshal(e.Body, &p)
				name = p.Name
			}
		}
		switch name {
		case fmt.Sprint("gen-", acked):
		case fmt.Sprint("gen-", acked+1):
			acked++ // the change in flight had reached the disk
		default:
			if acked != 0 || name != "" {
				t.Fatalf("round %d: file holds %q; last acknowledged gen-%d", round, name, acked)
			}
		}
		if len(f.Sessions.Loaded) < 1<<20 {
			t.Fatalf("round %d: the sessions are missing from the file (%d bytes)", round, len(f.Sessions.Loaded))
		}
	}
	if acked < 8 {
		t.Fatalf("only %d changes acknowledged in 8 rounds: the test did not exercise saving", acked)
	}
	t.Logf("%d changes saved over 8 SIGKILLs; %d kills left a temporary file (killed mid-write)", acked, midWrite)
}

func getName(t *testing.T, hc *http.Client, base, key string) string {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/_mock/config/vnc/settings_policies/"+key, nil)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		Body struct{ Name string } `json:"body"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&v)
	return v.Body.Name
}
