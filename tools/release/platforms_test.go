package main

import (
	"os"
	"testing"
	"time"
)

// TestEveryPlatformCompiles builds every artifact for every platform of the
// release matrix with the release's own flags, so a pair Go cannot build
// (or code that does not compile on one OS or a 32-bit arch) fails here
// instead of in `make release`. Subtests run in parallel, so go test's
// -parallel (GOMAXPROCS by default) bounds how many builds run at once.
func TestEveryPlatformCompiles(t *testing.T) {
	if os.Getenv("SPS_PLATFORMS_TEST") == "" {
		t.Skip("set SPS_PLATFORMS_TEST=1 (make test-platforms) to compile every platform of the release")
	}
	start := time.Now()
	o := Options{Root: "../..", Version: "0.0.0-test"}
	supported, err := Supported(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range Artifacts {
		targets, _ := a.Targets(supported)
		for _, p := range targets {
			t.Run(a.ID+"/"+p.String(), func(t *testing.T) {
				t.Parallel()
				bin, err := goBuild(t.Context(), o, a, p)
				if err != nil {
					t.Fatal(err)
				}
				if err := checkBinary(p, bin); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
	t.Cleanup(func() { t.Logf("every platform compiled in %s", time.Since(start).Round(time.Second)) })
}
