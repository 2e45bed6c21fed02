package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// searchSessions is how many sessions the paging benchmark reads: the most
// a basic SPS search can page through.
const searchSessions = sps.AuditMaxResults

// childResult is what a search child process reports on stdout.
type childResult struct {
	Seconds      float64 `json:"seconds"`
	Sessions     int     `json:"sessions"`
	Requests     int64   `json:"requests"`
	PeakHeapByte uint64  `json:"peak_heap_bytes"`
	PeakRSSByte  uint64  `json:"peak_rss_bytes"`
}

// searchRun is one child run as the parent saw it.
type searchRun struct {
	childResult
	maxRSS uint64        // bytes, the child's VmHWM
	cpu    time.Duration // the child's user + system time
}

// runSearchChild is the body of a child process: one client, a warm-up
// search (login, connection), then the measured 10,000-session search.
// It runs alone in its process so that the process's peak RSS is the
// client's, and it samples the live heap meanwhile.
func runSearchChild(url string, concurrency int) error {
	ctx := context.Background()
	c, err := sps.New(sps.Config{URL: url, Username: "admin", Password: "admin"})
	if err != nil {
		return err
	}
	if _, err := c.SearchSessions(ctx, sps.SessionQuery{MaxResults: 1}); err != nil {
		return fmt.Errorf("warm-up search: %w", err)
	}
	before := c.Stats().Requests

	stop := make(chan struct{})
	var peak atomic.Uint64
	done := make(chan struct{})
	go sampleHeap(stop, done, &peak)

	start := time.Now()
	res, err := c.SearchSessions(ctx, sps.SessionQuery{MaxResults: searchSessions, PageConcurrency: concurrency})
	elapsed := time.Since(start)
	close(stop)
	<-done
	if err != nil {
		return err
	}
	out := childResult{
		Seconds: elapsed.Seconds(), Sessions: len(res.Sessions),
		Requests: c.Stats().Requests - before, PeakHeapByte: peak.Load(),
		PeakRSSByte: peakRSS(),
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

// peakRSS is this process's peak resident set size (VmHWM), 0 if unknown.
// The child reads it itself: the rusage a parent gets for a child
// (ru_maxrss) also counts the parent's memory, which the child shared
// between fork and exec, so with a big parent it reports the parent's size.
func peakRSS() uint64 { return vmHWM("self") }

// sampleHeap records the largest live-heap size (runtime/metrics, which
// does not stop the world the way ReadMemStats does) every 2 ms.
func sampleHeap(stop <-chan struct{}, done chan<- struct{}, peak *atomic.Uint64) {
	defer close(done)
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	t := time.NewTicker(2 * time.Millisecond)
	defer t.Stop()
	for {
		metrics.Read(s)
		if v := s[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

// runSearchInChild starts this program again as a search child and reads
// both its report and its peak resident set size.
func runSearchInChild(ctx context.Context, url string, concurrency int) (searchRun, error) {
	self, err := os.Executable()
	if err != nil {
		return searchRun{}, err
	}
	cmd := exec.CommandContext(ctx, self, "-child-search", url, "-page-concurrency", strconv.Itoa(concurrency))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return searchRun{}, fmt.Errorf("search child (concurrency %d): %w\n%s", concurrency, err, stderr.String())
	}
	var r searchRun
	if err := json.Unmarshal(stdout.Bytes(), &r.childResult); err != nil {
		return searchRun{}, fmt.Errorf("search child output %q: %w", stdout.String(), err)
	}
	if r.Sessions != searchSessions {
		return searchRun{}, fmt.Errorf("search child read %d sessions, want %d", r.Sessions, searchSessions)
	}
	r.maxRSS = r.PeakRSSByte
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if r.maxRSS == 0 {
		return searchRun{}, errors.New("search child could not read its peak RSS (VmHWM in /proc/self/status)")
	}
	return r, nil
}

// searchFigures is the outcome of the paging benchmark for one concurrency.
type searchFigures struct {
	seconds  float64 // median of the runs
	peakRSS  uint64  // largest of the runs
	peakHeap uint64  // largest of the runs
	requests int64
	// CPU time per run (medians): the client child's, and this process's,
	// which is the mock serving the pages. On a 2-core machine their sum
	// bounds how much concurrent paging can gain.
	clientCPU, mockCPU time.Duration
}

// searchSample collects the runs of one variant.
type searchSample struct {
	times, clientCPU, mockCPU []time.Duration
	f                         searchFigures
}

func (s *searchSample) add(r searchRun, mockCPU time.Duration) {
	s.times = append(s.times, time.Duration(r.Seconds*float64(time.Second)))
	s.clientCPU = append(s.clientCPU, r.cpu)
	s.mockCPU = append(s.mockCPU, mockCPU)
	s.f.peakRSS = max(s.f.peakRSS, r.maxRSS)
	s.f.peakHeap = max(s.f.peakHeap, r.PeakHeapByte)
	s.f.requests = r.Requests
}

func (s *searchSample) figures() searchFigures {
	f := s.f
	f.seconds = median(s.times).Seconds()
	f.clientCPU, f.mockCPU = median(s.clientCPU), median(s.mockCPU)
	return f
}

// runSearch reads 10,000 sessions runs times per variant, each in a fresh
// child process, against an in-process mock whose every request takes
// latency longer: one page at a time (page concurrency 1) and with the
// client's default page concurrency. The variants alternate, so a machine
// that gets busier or quieter during the benchmark affects both alike.
func runSearch(ctx context.Context, url string, runs int) (seq, conc searchFigures, err error) {
	var s, c searchSample
	for range runs {
		for _, v := range []struct {
			concurrency int
			into        *searchSample
		}{{1, &s}, {0, &c}} {
			before := selfCPU()
			r, err := runSearchInChild(ctx, url, v.concurrency)
			if err != nil {
				return seq, conc, err
			}
			v.into.add(r, selfCPU()-before)
		}
	}
	return s.figures(), c.figures(), nil
}

// selfCPU is this process's user + system time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// newSearchMock serves a 10,000-session database with the given latency,
// as SPS 6.x: the paging figure measures the basic search's concurrent
// pages (its read-ahead); the snapshot search has figures of its own
// (snapshot.go).
func newSearchMock(now time.Time, latency time.Duration) *benchMock {
	return newBenchMock(mocksps.Config{Audit: audit.Generate(searchSessions, 1, now), Firmware: "6.0.12"}, latency)
}
