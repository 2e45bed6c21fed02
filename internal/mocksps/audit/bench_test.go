package audit

import (
	"runtime"
	"testing"
)

func BenchmarkGenerate100k(b *testing.B) {
	for b.Loop() {
		st := Generate(100_000, 1, genNow)
		if st.Len() != 100_000 {
			b.Fatal(st.Len())
		}
	}
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heapMiB")
}
