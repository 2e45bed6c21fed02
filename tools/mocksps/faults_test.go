package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultFlagsParse(t *testing.T) {
	o, err := parseFlags([]string{
		"-fault", "kind=status,match=PUT /api/transaction,status=502,count=2",
		"-fault", "kind=latency,delay=5ms",
		"-fault-seed", "42",
		"-latency", "3ms",
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.faults) != 2 || o.faults[0].Kind != "status" || o.faults[0].Status != 502 || o.faults[0].Count != 2 ||
		o.faults[0].Match != "PUT /api/transaction" || o.faults[1].Kind != "latency" || time.Duration(o.faults[1].Delay) != 5*time.Millisecond {
		t.Fatalf("faults %+v", o.faults)
	}
	if o.faultSeed != 42 || o.latency != 3*time.Millisecond {
		t.Fatalf("seed %d latency %v", o.faultSeed, o.latency)
	}
}

func TestFaultFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-fault", "kind=nope"}, `unknown kind "nope"`},
		{[]string{"-fault", "kind=status,status=404"}, "5xx"},
		{[]string{"-fault", "kind=latency"}, "delay above zero"},
		{[]string{"-fault", "kind=status,shade=red"}, `unknown key "shade"`},
		{[]string{"-fault", "kind=status", "-fault", "kind=lock"}, "lock needs a delay"},
		{[]string{"-latency", "-1s"}, "-latency must not be negative"},
		{[]string{"-fault-seed", "x"}, "invalid value"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), append([]string{"-plain-http", "-addr", "127.0.0.1:0"}, tc.args...), io.Discard, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr.String(), tc.want)
			}
		})
	}
}

// The faults given on the command line are armed in the running server and
// visible (and removable) through /_mock/faults; -latency slows every call.
func TestRunWithFaults(t *testing.T) {
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr bytes.Buffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"-plain-http", "-addr", "127.0.0.1:0", "-fault-seed", "7", "-latency", "30ms",
			"-fault", "kind=status,match=GET /api/info,status=502"}, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err, stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	m := listenLine.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("line %q", line)
	}
	f := newFlow(t, m[1], nil)
	admin := f.call("GET", "/_mock/faults", "", "", 200)
	if admin["seed"] != float64(7) || admin["latency"] != "30ms" {
		t.Fatalf("admin %v", admin)
	}
	start := time.Now()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, m[1]+"/api/info", nil)
	resp, err := f.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway || resp.Header.Get("X-Mock-Fault") != "f1 status" {
		t.Fatalf("status %d, fault header %q", resp.StatusCode, resp.Header.Get("X-Mock-Fault"))
	}
	if time.Since(start) < 30*time.Millisecond {
		t.Error("-latency did not delay the request")
	}
	// Fired once (count defaults to 1): the next call is real.
	f.call("GET", "/api/info", "", "", 200)
	cancel()
	select {
	case code := <-exited:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return")
	}
}
