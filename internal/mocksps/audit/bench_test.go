package audit

import (
	"net/url"
	"runtime"
	"sync"
	"testing"
	"time"
)

// The performance goal: each search, stats and histogram request over
// 100,000 generated sessions answers within 100 ms on a 2-core machine.
// Benchmarks report the time; no test asserts it.

var (
	bench100kOnce sync.Once
	bench100k     *Store
)

func store100k() *Store {
	bench100kOnce.Do(func() { bench100k = Generate(100_000, 1, genNow) })
	return bench100k
}

func benchRequests(b *testing.B, targets map[string]string) {
	h := store100k().Handler(func() time.Time { return genNow })
	for name, target := range targets {
		b.Run(name, func(b *testing.B) {
			get(b, h, target) // prepare lazily built per-column data outside the timing
			for b.Loop() {
				if rec := get(b, h, target); rec.Code != 200 {
					b.Fatalf("%s: %d %s", target, rec.Code, rec.Body.String())
				}
			}
		})
	}
}

func BenchmarkGenerate100k(b *testing.B) {
	var st *Store
	for b.Loop() {
		st = Generate(100_000, 1, genNow)
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heapMiB")
	runtime.KeepAlive(st)
}

func BenchmarkSearch100k(b *testing.B) {
	q := url.QueryEscape
	benchRequests(b, map[string]string{
		"all":               "/api/audit/sessions",
		"query_fields":      "/api/audit/sessions?q=" + q("protocol:(ssh rdp) AND verdict:accept AND NOT name:admin") + "&fields=start_time,name,duration,client.ip,recording.connection_policy",
		"sort_two_keys":     "/api/audit/sessions?sort=-duration,start_time&fields=duration",
		"wildcard_range":    "/api/audit/sessions?q=" + q("name:?a* AND client.port:[1024 TO 30000] AND start_time:[2024-04-01 TO *]"),
		"content":           "/api/audit/sessions?q=protocol:ssh&content=" + q("sudo OR passwd"),
		"window_fields_all": "/api/audit/sessions?start=2024-05-01&end=2024-05-10T12:00&fields=*",
		"csv":               "/api/audit/sessions?format=csv&fields=protocol,end_time,user.gateway_username,server.ip,client.ip,analytics.interesting_events",
		"deep_page":         "/api/audit/sessions?offset=9500&sort=client.port",
	})
}

func BenchmarkStats100k(b *testing.B) {
	benchRequests(b, map[string]string{
		"protocol":           "/api/audit/sessions/stats?field=protocol",
		"user_sub_protocol":  "/api/audit/sessions/stats?field=user.gateway_username&sub_fields=protocol&size=10",
		"policy_q":           "/api/audit/sessions/stats?field=recording.connection_policy&q=verdict:accept&start=2024-04-20",
		"unique_client_port": "/api/audit/sessions/stats?field=client.port&size=5",
		"content_capped":     "/api/audit/sessions/stats?field=protocol&content=lnx",
	})
}

func BenchmarkHistogram100k(b *testing.B) {
	benchRequests(b, map[string]string{
		"default_month": "/api/audit/sessions/histogram",
		"day_60":        "/api/audit/sessions/histogram?bin_size=day&start=2024-03-18",
		"hour_field":    "/api/audit/sessions/histogram?bin_size=hour&start=2024-04-20&field=recording.connection_policy&size=3",
		"minute_zone":   "/api/audit/sessions/histogram?bin_size=minute&start=2024-05-17T06:00&time_zone=Europe/Budapest&q=protocol:ssh",
	})
}
