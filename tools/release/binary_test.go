package main

import (
	"archive/zip"
	"path/filepath"
	"testing"
)

// TestCheckBinary: the linux/amd64 release binary passes as itself and as
// nothing else (another OS, another arch, another ELF OS ABI).
func TestCheckBinary(t *testing.T) {
	zr, err := zip.OpenReader(filepath.Join(releaseLinuxAMD64(t), "terraform-provider-sps_0.1.0_linux_amd64.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	bin := []byte(readZipFile(t, zr.File[0]))
	if err := checkBinary(Platform{"linux", "amd64"}, bin); err != nil {
		t.Fatalf("linux/amd64: %v", err)
	}
	for _, p := range []Platform{{"linux", "arm64"}, {"linux", "386"}, {"freebsd", "amd64"}, {"darwin", "amd64"}, {"windows", "amd64"}} {
		if err := checkBinary(p, bin); err == nil {
			t.Errorf("a linux/amd64 binary passed as %s", p)
		}
	}
}
