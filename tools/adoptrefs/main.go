// Command adoptrefs rewrites the configuration that `terraform query
// -generate-config-out` wrote for an SPS appliance so that references
// between adopted objects are Terraform references: a connection policy's
// indexing.policy becomes sps_config_object.<indexing policy>.key, its
// access_control usergroups sps_config_object.<group>.body.name, where the
// referenced object is adopted in the same configuration. References the
// vendor's documentation describes are the only ones it knows (see the
// guide "Adopting an existing appliance").
//
//	adoptrefs [-w] [path ...]
//
// Each path is a .tf file or a directory (its *.tf files); default ".".
// All of them are read as one configuration. Without -w the changed files
// are printed; with -w they are written in place. Every link made, and
// every documented reference left a literal because its object is not in
// the configuration, is listed on stderr.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/adopt"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "adoptrefs:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("adoptrefs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	write := fs.Bool("w", false, "write the changed files in place instead of printing them")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: adoptrefs [-w] [file.tf | directory ...]  (default: the current directory)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	files, err := readConfig(paths)
	if err != nil {
		return err
	}
	res, err := adopt.Rewrite(files)
	if err != nil {
		return err
	}
	for _, l := range res.Links {
		fmt.Fprintln(stderr, "linked:", l)
	}
	for _, u := range res.Unlinked {
		fmt.Fprintln(stderr, "left:", u)
	}
	names := make([]string, 0, len(res.Changed))
	for n := range res.Changed {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if *write {
			mode := os.FileMode(0o644)
			if st, err := os.Stat(n); err == nil {
				mode = st.Mode().Perm()
			}
			if err := os.WriteFile(n, res.Changed[n], mode); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(stdout, "# %s\n%s", n, res.Changed[n])
	}
	fmt.Fprintf(stderr, "%d references linked, %d left as literals, %d files %s\n", len(res.Links), len(res.Unlinked),
		len(names), map[bool]string{true: "written", false: "to change (run with -w to write them)"}[*write])
	return nil
}

// readConfig reads the .tf files of paths (files, or directories whose
// *.tf files are read; not their subdirectories, which are other modules).
func readConfig(paths []string) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		names := []string{p}
		if st.IsDir() {
			if names, err = filepath.Glob(filepath.Join(p, "*.tf")); err != nil {
				return nil, err
			}
		}
		for _, n := range names {
			if !strings.HasSuffix(n, ".tf") {
				return nil, fmt.Errorf("%s: not a .tf file (query files and JSON configurations are not read)", n)
			}
			b, err := os.ReadFile(n)
			if err != nil {
				return nil, err
			}
			files[n] = b
		}
	}
	return files, nil
}
