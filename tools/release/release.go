package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
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
	// Platforms is the build matrix (goos × goarch minus ignores).
	Platforms []Platform
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
		Platforms: matrix(
			[]string{"freebsd", "windows", "linux", "darwin"},
			[]string{"amd64", "386", "arm", "arm64"},
			[]Platform{{"darwin", "386"}, {"windows", "arm"}},
		),
	},
	{
		ID:        "mocksps",
		Package:   "./tools/mocksps",
		Binary:    func(string) string { return "mocksps" },
		Archive:   func(v string, p Platform) string { return "mocksps_" + v + "_" + p.OS + "_" + p.Arch },
		Platforms: matrix([]string{"linux", "darwin", "windows"}, []string{"amd64", "arm64"}, nil),
	},
}

// ChecksumsName and ManifestName are the release's checksum file and the
// copy of terraform-registry-manifest.json the registry reads.
func ChecksumsName(v string) string { return ProjectName + "_" + v + "_SHA256SUMS" }
func ManifestName(v string) string  { return ProjectName + "_" + v + "_manifest.json" }

// ArchiveExtras are the files goreleaser puts beside the binary when an
// archive sets no `files:` (its defaults LICENSE*, README*, CHANGELOG*), as
// far as this repository has them.
var ArchiveExtras = []string{"CHANGELOG.md", "README.md"}

// Options is one release build.
type Options struct {
	Root      string    // module root
	Out       string    // output directory (emptied of earlier archives of this version)
	Version   string    // semantic version without "v"
	Time      time.Time // modification time of every file, in and out of the zips
	Platforms map[string]bool
	Log       io.Writer
}

// Build builds every artifact for the selected platforms, zips it, and
// writes the manifest and SHA256SUMS. It returns the files written.
func Build(ctx context.Context, o Options) ([]string, error) {
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, a := range Artifacts {
		for _, p := range a.Platforms {
			if o.Platforms != nil && !o.Platforms[p.String()] {
				continue
			}
			name := a.Archive(o.Version, p) + ".zip"
			if o.Log != nil {
				fmt.Fprintf(o.Log, "building %s\n", name)
			}
			bin, err := goBuild(ctx, o, a, p)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", a.ID, p, err)
			}
			binName := a.Binary(o.Version)
			if p.OS == "windows" {
				binName += ".exe"
			}
			entries := []zipEntry{{binName, bin, 0o755}}
			for _, x := range ArchiveExtras {
				b, err := os.ReadFile(filepath.Join(o.Root, x))
				if err != nil {
					return nil, err
				}
				entries = append(entries, zipEntry{x, b, 0o644})
			}
			z, err := Zip(entries, o.Time)
			if err != nil {
				return nil, err
			}
			if err := writeFile(filepath.Join(o.Out, name), z, o.Time); err != nil {
				return nil, err
			}
			files = append(files, name)
		}
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
