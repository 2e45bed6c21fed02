package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"gopkg.in/yaml.v3"
)

// goreleaserConfig is the part of .goreleaser.yml this program reproduces.
// gopkg.in/yaml.v3 is already in the module graph (terraform-plugin-testing
// needs it), so the test reads the file with it rather than by hand.
type goreleaserConfig struct {
	ProjectName string `yaml:"project_name"`
	Builds      []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Env     []string `yaml:"env"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Ignore  []struct {
			Goos   string `yaml:"goos"`
			Goarch string `yaml:"goarch"`
		} `yaml:"ignore"`
		Binary string `yaml:"binary"`
	} `yaml:"builds"`
	Archives []struct {
		ID           string           `yaml:"id"`
		IDs          []string         `yaml:"ids"`
		Formats      []string         `yaml:"formats"`
		NameTemplate string           `yaml:"name_template"`
		Files        []goreleaserFile `yaml:"files"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
		ExtraFiles   []struct {
			Glob         string `yaml:"glob"`
			NameTemplate string `yaml:"name_template"`
		} `yaml:"extra_files"`
	} `yaml:"checksum"`
}

// goreleaserFile is one entry of an archive's `files:`.
type goreleaserFile struct {
	Src         string `yaml:"src"`
	StripParent bool   `yaml:"strip_parent"`
}

func readGoreleaser(t *testing.T) goreleaserConfig {
	t.Helper()
	b, err := os.ReadFile("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf(".goreleaser.yml: %v", err)
	}
	return c
}

// render evaluates a goreleaser name template with the fields it uses.
func render(t *testing.T, tmpl, version string, p Platform) string {
	t.Helper()
	tp, err := template.New("").Parse(tmpl)
	if err != nil {
		t.Fatalf("template %q: %v", tmpl, err)
	}
	var b strings.Builder
	data := map[string]string{"ProjectName": ProjectName, "Version": version, "Os": p.OS, "Arch": p.Arch}
	if err := tp.Execute(&b, data); err != nil {
		t.Fatalf("template %q: %v", tmpl, err)
	}
	return b.String()
}

func TestGoreleaserAgrees(t *testing.T) {
	c := readGoreleaser(t)
	const v = "1.2.3"
	supported, err := Supported(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if c.ProjectName != ProjectName {
		t.Errorf("project_name %q, program %q", c.ProjectName, ProjectName)
	}
	if len(c.Builds) != len(Artifacts) || len(c.Archives) != len(Artifacts) {
		t.Fatalf("%d builds and %d archives in .goreleaser.yml, %d artifacts here", len(c.Builds), len(c.Archives), len(Artifacts))
	}
	for i, a := range Artifacts {
		b, ar := c.Builds[i], c.Archives[i]
		if b.ID != a.ID || ar.ID != a.ID || !slices.Equal(ar.IDs, []string{a.ID}) {
			t.Errorf("artifact %s: build id %q, archive id %q ids %v", a.ID, b.ID, ar.ID, ar.IDs)
		}
		main := b.Main
		if main == "" {
			main = "."
		}
		if main != a.Package {
			t.Errorf("%s: main %q, program builds %q", a.ID, main, a.Package)
		}
		var ignore []Platform
		for _, ig := range b.Ignore {
			ignore = append(ignore, Platform{ig.Goos, ig.Goarch})
		}
		want := matrix(b.Goos, b.Goarch, ignore)
		if !slices.Equal(a.Platforms, want) {
			t.Errorf("%s platforms:\n program %v\n goreleaser %v", a.ID, a.Platforms, want)
		}
		if got := render(t, b.Binary, v, Platform{}); got != a.Binary(v) {
			t.Errorf("%s binary: goreleaser %q, program %q", a.ID, got, a.Binary(v))
		}
		if !slices.Equal(b.Env, []string{"CGO_ENABLED=0"}) || !slices.Equal(b.Flags, []string{"-trimpath"}) ||
			!slices.Equal(b.Ldflags, []string{"-s -w -X main.version={{.Version}}"}) {
			t.Errorf("%s: env %v flags %v ldflags %v differ from what goBuild passes", a.ID, b.Env, b.Flags, b.Ldflags)
		}
		if !slices.Equal(ar.Formats, []string{"zip"}) {
			t.Errorf("%s formats %v, program writes zip", a.ID, ar.Formats)
		}
		if got := goreleaserFiles(t, ar.Files); !slices.Equal(got, a.Extras) {
			t.Errorf("%s archive files: goreleaser packs %v, program %v", a.ID, got, a.Extras)
		}
		// goreleaser builds the pairs of the matrix that Go supports.
		var built []Platform
		for _, p := range want {
			if supported[p] {
				built = append(built, p)
			}
		}
		if got, _ := a.Targets(supported); !slices.Equal(got, built) {
			t.Errorf("%s builds %v, goreleaser would build %v", a.ID, got, built)
		}
		for _, p := range a.Platforms {
			if got := render(t, ar.NameTemplate, v, p); got != a.Archive(v, p) {
				t.Errorf("%s %s archive: goreleaser %q, program %q", a.ID, p, got, a.Archive(v, p))
			}
		}
	}
	if got := render(t, c.Checksum.NameTemplate, v, Platform{}); got != ChecksumsName(v) || c.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum %q (%s), program %q", got, c.Checksum.Algorithm, ChecksumsName(v))
	}
	if len(c.Checksum.ExtraFiles) != 1 || c.Checksum.ExtraFiles[0].Glob != "terraform-registry-manifest.json" ||
		render(t, c.Checksum.ExtraFiles[0].NameTemplate, v, Platform{}) != ManifestName(v) {
		t.Errorf("checksum extra_files %+v, program writes the manifest as %q", c.Checksum.ExtraFiles, ManifestName(v))
	}
	// The registry's usual matrix, 4 OS × 4 arch minus darwin/386 and
	// windows/arm (ignored), and minus darwin/arm, which Go has no port
	// for: asking for it stopped `make release`.
	provider, skipped := Artifacts[0].Targets(supported)
	if len(provider) != 13 || !slices.Equal(skipped, []Platform{{"darwin", "arm"}}) {
		t.Errorf("provider builds %d platforms %v and skips %v; want 13, skipping darwin/arm", len(provider), provider, skipped)
	}
}

// goreleaserFiles is what an archive's `files:` packs beside the binary:
// goreleaser's defaults (README*, CHANGELOG*; this repository has no
// LICENSE) when it sets none, else each src, at its base name when
// strip_parent is set.
func goreleaserFiles(t *testing.T, files []goreleaserFile) []Extra {
	t.Helper()
	if files == nil {
		return []Extra{{"CHANGELOG.md", "CHANGELOG.md"}, {"README.md", "README.md"}}
	}
	var out []Extra
	for _, f := range files {
		name := f.Src
		if f.StripParent {
			name = filepath.Base(f.Src)
		}
		out = append(out, Extra{f.Src, name})
	}
	return out
}

func TestZipDeterministic(t *testing.T) {
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	entries := []zipEntry{{"bin", []byte("binary"), 0o755}, {"README.md", []byte("readme"), 0o644}}
	a, err := Zip(entries, stamp)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Zip(entries, stamp)
	if !bytes.Equal(a, b) {
		t.Fatal("two zips of the same entries differ")
	}
	c, _ := Zip(entries, stamp.Add(time.Second))
	if bytes.Equal(a, c) {
		t.Fatal("the timestamp does not reach the zip: it cannot be what makes it deterministic")
	}
}

var (
	built    sync.Once
	builtDir string
	builtErr error
)

// releaseLinuxAMD64 builds version 0.1.0 for linux/amd64 once for the
// package's tests (a whole matrix takes minutes on a small machine).
func releaseLinuxAMD64(t *testing.T) string {
	t.Helper()
	built.Do(func() {
		// Shared by the package's tests, so not t.TempDir(); TestMain removes it.
		builtDir, builtErr = os.MkdirTemp("", "sps-release-test-") //nolint:usetesting // see above
		if builtErr != nil {
			return
		}
		_, builtErr = Build(context.Background(), Options{
			Root: "../..", Out: builtDir, Version: "0.1.0",
			Time:      time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
			Platforms: map[string]bool{"linux/amd64": true},
		})
	})
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return builtDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

func TestBuildLinuxAMD64(t *testing.T) {
	dir := releaseLinuxAMD64(t)
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	want := []string{
		"mocksps_0.1.0_linux_amd64.zip",
		"terraform-provider-sps_0.1.0_SHA256SUMS",
		"terraform-provider-sps_0.1.0_linux_amd64.zip",
		"terraform-provider-sps_0.1.0_manifest.json",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	zr, err := zip.OpenReader(filepath.Join(dir, "terraform-provider-sps_0.1.0_linux_amd64.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var inZip []string
	for _, f := range zr.File {
		inZip = append(inZip, f.Name)
		if !f.Modified.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
			t.Errorf("%s modified %v, want the fixed release time", f.Name, f.Modified)
		}
	}
	if !slices.Equal(inZip, []string{"terraform-provider-sps_v0.1.0", "CHANGELOG.md", "README.md"}) {
		t.Errorf("zip holds %v", inZip)
	}
	if m := zr.File[0].Mode(); m&0o111 == 0 {
		t.Errorf("binary mode %v is not executable", m)
	}
	// The mock's archive holds the mock's README, not the provider's.
	mock, err := zip.OpenReader(filepath.Join(dir, "mocksps_0.1.0_linux_amd64.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer mock.Close()
	if len(mock.File) != 2 || mock.File[0].Name != "mocksps" || mock.File[1].Name != "README.md" {
		t.Fatalf("mocksps zip holds %v", mock.File)
	}
	if text := readZipFile(t, mock.File[1]); !strings.HasPrefix(text, "# mocksps") {
		t.Errorf("mocksps zip's README.md starts %.60q, not the mock's own", text)
	}
	// SHA256SUMS names every other file with its digest.
	f, err := os.Open(filepath.Join(dir, "terraform-provider-sps_0.1.0_SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var listed []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("SHA256SUMS line %q", sc.Text())
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if d := sha256.Sum256(data); hex.EncodeToString(d[:]) != sum {
			t.Errorf("SHA256SUMS: %s does not match %s", sum, name)
		}
		listed = append(listed, name)
	}
	if !slices.Equal(listed, []string{want[0], want[2], want[3]}) {
		t.Errorf("SHA256SUMS lists %v", listed)
	}
}

func readZipFile(t *testing.T, f *zip.File) string {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
