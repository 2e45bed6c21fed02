// Command release builds the release archives .goreleaser.yml describes,
// without goreleaser: the provider zips the Terraform registry expects
// (terraform-provider-sps_<version>_<os>_<arch>.zip holding
// terraform-provider-sps_v<version>), the mocksps zips, the registry
// manifest and SHA256SUMS, all under -out.
//
// goreleaser itself is not used because the module copies served here are
// not approved releases; this program reproduces the names its templates
// give and TestGoreleaserAgrees keeps the two in step. Signing
// (goreleaser's `signs`) is left to the publishing pipeline, which holds
// the key. Every file gets the -time timestamp (default: the last commit's,
// as goreleaser's mod_timestamp), so two builds of one commit are
// byte-identical.
//
//	go run ./tools/release -version 1.2.3 [-out dist] [-platforms linux/amd64,darwin/arm64]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// semver is what the registry and `terraform init` accept as a version.
var semver = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

func main() {
	var (
		version   = flag.String("version", "", "release version, semantic without the leading v (for example 1.2.3)")
		out       = flag.String("out", "dist", "output directory")
		platforms = flag.String("platforms", "", "comma-separated os/arch filter (default: every platform of .goreleaser.yml)")
		stamp     = flag.String("time", "", "Unix time of every file (default: SOURCE_DATE_EPOCH, else the last commit's time)")
	)
	flag.Parse()
	v := strings.TrimPrefix(*version, "v")
	if !semver.MatchString(v) {
		fmt.Fprintf(os.Stderr, "release: -version %q: want a semantic version such as 1.2.3\n", *version)
		os.Exit(2)
	}
	t, err := buildTime(*stamp)
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(2)
	}
	var filter map[string]bool
	if *platforms != "" {
		filter = map[string]bool{}
		for _, p := range strings.Split(*platforms, ",") {
			filter[strings.TrimSpace(p)] = true
		}
	}
	files, err := Build(context.Background(), Options{Root: ".", Out: *out, Version: v, Time: t, Platforms: filter, Log: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
	for _, f := range files {
		fmt.Println(*out + "/" + f)
	}
}

func buildTime(flagValue string) (time.Time, error) {
	s := flagValue
	if s == "" {
		s = os.Getenv("SOURCE_DATE_EPOCH")
	}
	if s == "" {
		b, err := exec.CommandContext(context.Background(), "git", "log", "-1", "--format=%ct").Output()
		if err != nil {
			return time.Time{}, fmt.Errorf("no -time, no SOURCE_DATE_EPOCH, and git log failed: %w", err)
		}
		s = strings.TrimSpace(string(b))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q: want Unix seconds", s)
	}
	return time.Unix(n, 0).UTC(), nil
}
