package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"golang.org/x/mod/sumdb/dirhash"
)

// TestInstallFromRegistry installs the linux/amd64 release archive through
// the provider registry protocol, served on 127.0.0.1 over HTTPS with a
// test certificate (trusted through SSL_CERT_FILE), with SHA256SUMS signed
// by a throwaway GPG key as a release signs it. init then checks the
// signature and records the zh: hash of the archive, the chain a real
// release goes through. Probed on terraform 1.11.4, 1.15.9, 1.16.4 and
// tofu 1.12.6: all accept a "127.0.0.1:PORT/namespace/type" source, trust
// SSL_CERT_FILE, and refuse a SHA256SUMS changed after signing ("error
// checking signature: openpgp: invalid signature"). Discovery must answer
// with Content-Type application/json: with text/plain terraform says
// `discovery URL returned an unsupported Content-Type "text/plain"`.
func TestInstallFromRegistry(t *testing.T) {
	if os.Getenv("TF_ACC") == "" || os.Getenv("SPS_INSTALL_TEST") == "" {
		t.Skip("set TF_ACC=1 and SPS_INSTALL_TEST=1 (make test-install) to install the release from a local registry")
	}
	dist := releaseLinuxAMD64(t)
	const name = "terraform-provider-sps_0.1.0_linux_amd64.zip"
	archive, err := os.ReadFile(filepath.Join(dist, name))
	if err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile(filepath.Join(dist, "terraform-provider-sps_0.1.0_SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	h1, err := dirhash.HashZip(filepath.Join(dist, name), dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(archive)
	zh := "zh:" + hex.EncodeToString(sum[:])

	key, err := openpgp.NewEntity("terraform-sps test", "", "test@example.invalid", nil)
	if err != nil {
		t.Fatal(err)
	}
	var sig, pub bytes.Buffer
	// A binary detached signature, as goreleaser's `gpg --detach-sign` makes.
	if err := openpgp.DetachSign(&sig, key, bytes.NewReader(sums), nil); err != nil {
		t.Fatal(err)
	}
	aw, err := armor.Encode(&pub, openpgp.PublicKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := key.Serialize(aw); err != nil {
		t.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}

	// The handler runs on the server's goroutines: an atomic swaps the
	// SHA256SUMS it serves between the good and the tampered init.
	var servedSums atomic.Pointer[[]byte]
	servedSums.Store(&sums)
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The CLIs refuse discovery documents that are not application/json.
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/.well-known/terraform.json":
			_, _ = w.Write([]byte(`{"providers.v1":"/v1/providers/"}`))
		case "/v1/providers/terraform-sps/sps/versions":
			_, _ = w.Write([]byte(`{"versions":[{"version":"0.1.0","protocols":["6.0"],"platforms":[{"os":"linux","arch":"amd64"}]}]}`))
		case "/v1/providers/terraform-sps/sps/0.1.0/download/linux/amd64":
			_ = json.NewEncoder(w).Encode(map[string]any{
				"protocols": []string{"6.0"}, "os": "linux", "arch": "amd64", "filename": name,
				"download_url":          srv.URL + "/files/" + name,
				"shasums_url":           srv.URL + "/files/SHA256SUMS",
				"shasums_signature_url": srv.URL + "/files/SHA256SUMS.sig",
				"shasum":                hex.EncodeToString(sum[:]),
				"signing_keys": map[string]any{"gpg_public_keys": []any{map[string]any{
					"key_id": fmt.Sprintf("%016X", key.PrimaryKey.KeyId), "ascii_armor": pub.String(),
				}}},
			})
		case "/files/" + name:
			w.Header().Set("Content-Type", "application/zip")
			_, _ = w.Write(archive)
		case "/files/SHA256SUMS":
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write(*servedSums.Load())
		case "/files/SHA256SUMS.sig":
			w.Header().Set("Content-Type", "application/octet-stream")
			_, _ = w.Write(sig.Bytes())
		default:
			http.NotFound(w, r)
		}
	})
	srv.StartTLS()
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "https://")

	work := t.TempDir()
	ca := filepath.Join(work, "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	// Go's crypto/x509 on Linux reads SSL_CERT_FILE: the CLIs then trust
	// the test server and nothing else.
	t.Setenv("SSL_CERT_FILE", ca)
	rc := filepath.Join(work, "direct.tfrc")
	if err := os.WriteFile(rc, []byte("provider_installation {\n  direct {}\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf("terraform {\n  required_providers {\n    sps = {\n      source  = %q\n      version = \"0.1.0\"\n    }\n  }\n}\n", host+"/terraform-sps/sps")

	clis := installCLIs
	if s := os.Getenv("SPS_INSTALL_CLIS"); s != "" {
		clis = strings.Split(s, ",")
	}
	for _, cliName := range clis {
		t.Run(cliName, func(t *testing.T) {
			cli := cliPath(t, cliName)
			servedSums.Store(&sums)
			dir := project(t, filepath.Join(work, cliName, "good"), config, nil)
			run(t, cli, dir, rc, "init", "-input=false", "-no-color")
			lock, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{`provider "` + host + `/terraform-sps/sps"`, `"` + h1 + `"`, `"` + zh + `"`} {
				if !bytes.Contains(lock, []byte(want)) {
					t.Fatalf("lock file lacks %s:\n%s", want, lock)
				}
			}

			// SHA256SUMS changed after signing: the signature no longer
			// verifies, and init must say so.
			changed := append(append([]byte{}, sums...), '\n')
			servedSums.Store(&changed)
			out, err := tf(t.Context(), cli, project(t, filepath.Join(work, cliName, "tampered"), config, nil), rc, "init", "-input=false", "-no-color")
			servedSums.Store(&sums)
			if err == nil {
				t.Fatalf("init accepted SHA256SUMS changed after signing:\n%s", out)
			}
			flat := strings.Join(strings.Fields(strings.ReplaceAll(out, "│", " ")), " ")
			if !strings.Contains(flat, "error checking signature: openpgp: invalid signature") {
				t.Fatalf("init failed, but not with a signature error:\n%s", out)
			}
		})
	}
}
