//go:build pprof

// Profiling aid, only in builds with -tags pprof: with SPS_PPROF_ADDR set
// (for example 127.0.0.1:6060), the provider serves net/http/pprof there,
// so a real `terraform plan` can be profiled (BENCHMARKS.md, "Reports at
// scale", shows how). Release builds do not contain it.

package main

import (
	"log"
	"net/http"
	_ "net/http/pprof" //nolint:gosec // debug builds only, on an address the developer chooses
	"os"
)

func init() {
	addr := os.Getenv("SPS_PPROF_ADDR")
	if addr == "" {
		return
	}
	go func() { log.Println(http.ListenAndServe(addr, nil)) }() //nolint:gosec // no timeouts needed for a local debug listener
}
