package main

import (
	"os"
	"slices"
	"testing"
	"time"

	"golang.org/x/tools/go/packages"
)

// TestEveryPlatformTypeChecks loads every artifact of the release for every
// platform of its matrix as the compiler would (GOOS, GOARCH, GOARM=6,
// CGO_ENABLED=0) and type-checks it, standard library and dependencies
// included, from source. A pair Go cannot build, a file missing behind a
// build constraint on one OS, or a constant that overflows int on a 32-bit
// arch fails here instead of in `make release`.
//
// It type-checks rather than builds because a build from an empty cache
// compiles every platform's standard library and dependencies (about 27
// CPU-minutes for the 19 binaries; see CONTRIBUTING, Releases), while type
// checking costs seconds per platform whatever the cache holds, which keeps
// CI short. `make release` builds and checks every binary for real.
func TestEveryPlatformTypeChecks(t *testing.T) {
	if os.Getenv("SPS_PLATFORMS_TEST") == "" {
		t.Skip("set SPS_PLATFORMS_TEST=1 (make test-platforms) to type-check every platform of the release")
	}
	start := time.Now()
	supported, err := Supported(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	byPlatform := map[Platform][]string{}
	var platforms []Platform
	for _, a := range Artifacts {
		targets, _ := a.Targets(supported)
		for _, p := range targets {
			if _, seen := byPlatform[p]; !seen {
				platforms = append(platforms, p)
			}
			byPlatform[p] = append(byPlatform[p], a.Package)
		}
	}
	if len(platforms) == 0 {
		t.Fatal("the release matrix has no platform Go supports")
	}
	for _, p := range platforms {
		t.Run(p.String(), func(t *testing.T) {
			t.Parallel()
			typeCheck(t, p, byPlatform[p])
		})
	}
	t.Cleanup(func() {
		t.Logf("%d platforms type-checked in %s", len(platforms), time.Since(start).Round(time.Second))
	})
}

func typeCheck(t *testing.T, p Platform, pkgs []string) {
	cfg := &packages.Config{
		Context: t.Context(),
		Mode:    packages.LoadAllSyntax,
		Dir:     "../..",
		Env:     append(os.Environ(), "CGO_ENABLED=0", "GOOS="+p.OS, "GOARCH="+p.Arch, "GOARM=6", "GOFLAGS="),
	}
	loaded, err := packages.Load(cfg, pkgs...)
	if err != nil {
		t.Fatalf("go list for %s: %v", p, err)
	}
	var paths []string
	packages.Visit(loaded, nil, func(pkg *packages.Package) {
		paths = append(paths, pkg.PkgPath)
		for _, e := range pkg.Errors {
			t.Errorf("%s on %s: %v", pkg.PkgPath, p, e)
		}
	})
	// A load that found nothing would pass without checking anything.
	for _, want := range []string{"runtime", "github.com/terraform-sps/terraform-provider-sps/internal/sps"} {
		if !slices.Contains(paths, want) {
			t.Errorf("%s: %s was not type-checked (%d packages loaded)", p, want, len(paths))
		}
	}
}
