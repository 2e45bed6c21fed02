package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// ProjectName is goreleaser's {{ .ProjectName }}.
const ProjectName = "terraform-provider-sps"

// Platform is one GOOS/GOARCH pair.
type Platform struct{ OS, Arch string }

func (p Platform) String() string { return p.OS + "/" + p.Arch }

// Artifact is one program the release ships, built for Platforms.
type Artifact struct {
	// ID is goreleaser's build and archive id.
	ID string
	// Package is the Go package built (relative to the module root).
	Package string
	// Binary is the binary's name without the .exe suffix, for version v.
	Binary func(v string) string
	// Archive is the zip's name without ".zip", for version v and platform p.
	Archive func(v string, p Platform) string
	// Extras are the files packed beside the binary.
	Extras []Extra
	// Platforms is the matrix .goreleaser.yml writes (goos × goarch minus
	// ignores); Targets keeps the pairs Go can build.
	Platforms []Platform
}

// Supported returns the GOOS/GOARCH pairs of `go tool dist list`: the ones
// the Go toolchain that builds the release can target.
func Supported(ctx context.Context) (map[Platform]bool, error) {
	out, err := exec.CommandContext(ctx, "go", "tool", "dist", "list").Output()
	if err != nil {
		return nil, fmt.Errorf("go tool dist list: %w", err)
	}
	pairs := map[Platform]bool{}
	for line := range strings.Lines(string(out)) {
		if o, a, ok := strings.Cut(strings.TrimSpace(line), "/"); ok {
			pairs[Platform{o, a}] = true
		}
	}
	if len(pairs) == 0 {
		return nil, errors.New("go tool dist list printed no GOOS/GOARCH pair")
	}
	return pairs, nil
}

// Targets splits a's matrix into the platforms Go can build and the ones
// it cannot. goreleaser builds only pairs Go supports and drops the others
// (darwin/arm, for one) with a debug line, so a goos × goarch matrix may
// name pairs that do not exist; the release drops them too, and says so.
func (a Artifact) Targets(supported map[Platform]bool) (build, skipped []Platform) {
	for _, p := range a.Platforms {
		if supported[p] {
			build = append(build, p)
		} else {
			skipped = append(skipped, p)
		}
	}
	return build, skipped
}

// matrix is goos × goarch minus ignore, in goreleaser's order (goos outer).
func matrix(goos, goarch []string, ignore []Platform) []Platform {
	var out []Platform
	for _, o := range goos {
		for _, a := range goarch {
			p := Platform{o, a}
			skip := false
			for _, ig := range ignore {
				skip = skip || ig == p
			}
			if !skip {
				out = append(out, p)
			}
		}
	}
	return out
}

// Artifacts are the provider (what the Terraform registry serves) and the
// mock SPS (for teams that run it in their own pipelines). They must agree
// with .goreleaser.yml; TestGoreleaserAgrees checks that.
var Artifacts = []Artifact{
	{
		ID:      "provider",
		Package: ".",
		Binary:  func(v string) string { return ProjectName + "_v" + v },
		Archive: func(v string, p Platform) string { return ProjectName + "_" + v + "_" + p.OS + "_" + p.Arch },
		// goreleaser's default files (README*, CHANGELOG* ...), as far as
		// this repository has them: the archive sets no `files:`.
		Extras: []Extra{{"CHANGELOG.md", "CHANGELOG.md"}, {"README.md", "README.md"}},
		Platforms: matrix(
			[]string{"freebsd", "windows", "linux", "darwin"},
			[]string{"amd64", "386", "arm", "arm64"},
			[]Platform{{"darwin", "386"}, {"windows", "arm"}},
		),
	},
	{
		ID:      "mocksps",
		Package: "./tools/mocksps",
		Binary:  func(string) string { return "mocksps" },
		Archive: func(v string, p Platform) string { return "mocksps_" + v + "_" + p.OS + "_" + p.Arch },
		// The mock's own README (what it is, how to run it, its /_mock
		// endpoints and faults), not the provider's: someone who unzips
		// this archive has no clone to look things up in.
		Extras:    []Extra{{"tools/mocksps/README.md", "README.md"}},
		Platforms: matrix([]string{"linux", "darwin", "windows"}, []string{"amd64", "arm64"}, nil),
	},
}

// ChecksumsName and ManifestName are the release's checksum file and the
// copy of terraform-registry-manifest.json the registry reads.
func ChecksumsName(v string) string { return ProjectName + "_" + v + "_SHA256SUMS" }
func ManifestName(v string) string  { return ProjectName + "_" + v + "_manifest.json" }

// Extra is a file of the repository (Src, relative to the module root)
// packed into an archive as Name.
type Extra struct{ Src, Name string }

// Options is one release build.
type Options struct {
	Root      string    // module root
	Out       string    // output directory (emptied of earlier archives of this version)
	Version   string    // semantic version without "v"
	Time      time.Time // modification time of every file, in and out of the zips
	Platforms map[string]bool
	// Jobs is how many builds run at once (default: the number of CPUs).
	// One go build already compiles packages in parallel, but its link
	// step runs on one core, so two at a time keep a small machine busy.
	Jobs int
	Log  io.Writer
}

// Build builds every artifact for the selected platforms that Go supports,
// zips it, and writes the manifest and SHA256SUMS. It returns the files
// written, in the order of Artifacts and their platforms.
func Build(ctx context.Context, o Options) ([]string, error) {
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	supported, err := Supported(ctx)
	if err != nil {
		return nil, err
	}
	type job struct {
		a    Artifact
		p    Platform
		name string
	}
	var jobs []job
	for _, a := range Artifacts {
		targets, skipped := a.Targets(supported)
		for _, p := range skipped {
			logf(o, "skipping %s %s: not a pair Go can build (go tool dist list); goreleaser skips it too\n", a.ID, p)
		}
		for _, p := range targets {
			if o.Platforms == nil || o.Platforms[p.String()] {
				jobs = append(jobs, job{a, p, a.Archive(o.Version, p) + ".zip"})
			}
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	if o.Jobs > 0 {
		g.SetLimit(o.Jobs)
	} else {
		g.SetLimit(runtime.NumCPU())
	}
	for _, j := range jobs {
		g.Go(func() error {
			logf(o, "building %s\n", j.name)
			z, err := archive(gctx, o, j.a, j.p)
			if err != nil {
				return fmt.Errorf("%s %s: %w", j.a.ID, j.p, err)
			}
			return writeFile(filepath.Join(o.Out, j.name), z, o.Time)
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	files := make([]string, 0, len(jobs)+2)
	for _, j := range jobs {
		files = append(files, j.name)
	}
	manifest, err := os.ReadFile(filepath.Join(o.Root, "terraform-registry-manifest.json"))
	if err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(o.Out, ManifestName(o.Version)), manifest, o.Time); err != nil {
		return nil, err
	}
	files = append(files, ManifestName(o.Version))
	sums, err := Checksums(o.Out, files)
	if err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(o.Out, ChecksumsName(o.Version)), sums, o.Time); err != nil {
		return nil, err
	}
	return append(files, ChecksumsName(o.Version)), nil
}

// archive builds a for p and zips the binary with the archive's extras.
func archive(ctx context.Context, o Options, a Artifact, p Platform) ([]byte, error) {
	bin, err := goBuild(ctx, o, a, p)
	if err != nil {
		return nil, err
	}
	if err := checkBinary(p, bin); err != nil {
		return nil, fmt.Errorf("go build made the wrong binary: %w", err)
	}
	binName := a.Binary(o.Version)
	if p.OS == "windows" {
		binName += ".exe"
	}
	entries := []zipEntry{{binName, bin, 0o755}}
	for _, x := range a.Extras {
		b, err := os.ReadFile(filepath.Join(o.Root, x.Src))
		if err != nil {
			return nil, err
		}
		entries = append(entries, zipEntry{x.Name, b, 0o644})
	}
	return Zip(entries, o.Time)
}

// logMu keeps lines of concurrent builds whole on a shared writer.
var logMu sync.Mutex

func logf(o Options, format string, args ...any) {
	if o.Log != nil {
		logMu.Lock()
		defer logMu.Unlock()
		fmt.Fprintf(o.Log, format, args...)
	}
}

// goBuild runs the build goreleaser's `builds` entry describes
// (CGO_ENABLED=0, -trimpath, the version ldflag) and returns the binary.
func goBuild(ctx context.Context, o Options, a Artifact, p Platform) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "sps-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "bin")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w -X main.version="+o.Version, "-o", out, a.Package)
	cmd.Dir = o.Root
	// GOARM=6 is goreleaser's default for arm; GOFLAGS cleared so a
	// developer's -race or tags never reach a release.
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+p.OS, "GOARCH="+p.Arch, "GOARM=6", "GOFLAGS=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go build: %w\n%s", err, stderr.String())
	}
	return os.ReadFile(out)
}

type zipEntry struct {
	name string
	data []byte
	mode os.FileMode
}

// Zip packs entries in order with every timestamp set to t, so the same
// inputs give the same bytes (and the same h1/zh hashes) on every build.
func Zip(entries []zipEntry, t time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: t.UTC()}
		h.SetMode(e.mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Checksums renders SHA256SUMS the way goreleaser does: "<hex>  <name>",
// sorted by name.
func Checksums(dir string, names []string) ([]byte, error) {
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	var b strings.Builder
	for _, n := range sorted {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), n)
	}
	return []byte(b.String()), nil
}

func writeFile(path string, data []byte, t time.Time) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	return os.Chtimes(path, t, t)
}
