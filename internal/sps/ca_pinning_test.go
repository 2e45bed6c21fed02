package sps

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// caPinningChildEnv marks the re-executed test binary that runs the body of
// TestCACertPEMReplacesSystemRoots.
const caPinningChildEnv = "SPS_TEST_CA_PINNING_CHILD"

// CACertPEM replaces the system roots: with it set, a certificate signed by
// a CA that only the system trusts is refused. The system roots are read
// once per process (SSL_CERT_FILE, SSL_CERT_DIR), so the check runs in a
// child process whose "system" trust store holds just the appliance's CA.
func TestCACertPEMReplacesSystemRoots(t *testing.T) {
	if os.Getenv(caPinningChildEnv) == "1" {
		caPinningChild(t)
		return
	}
	t.Parallel()
	srvTLS, systemCA, err := mocksps.SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	caFile := filepath.Join(dir, "system-roots.pem")
	if err := os.WriteFile(caFile, systemCA, 0o600); err != nil {
		t.Fatal(err)
	}
	// The child needs the server's key too: hand it the certificate and key
	// through files in the same directory.
	certFile, keyFile := writeKeyPair(t, dir, srvTLS)
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestCACertPEMReplacesSystemRoots$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(),
		caPinningChildEnv+"=1",
		"SSL_CERT_FILE="+caFile,
		"SSL_CERT_DIR="+filepath.Join(dir, "no-such-dir"),
		"SPS_TEST_CERT_FILE="+certFile,
		"SPS_TEST_KEY_FILE="+keyFile,
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child test failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestCACertPEMReplacesSystemRoots") {
		t.Fatalf("child test did not run:\n%s", out)
	}
}

func caPinningChild(t *testing.T) {
	srvTLS, err := loadKeyPair(os.Getenv("SPS_TEST_CERT_FILE"), os.Getenv("SPS_TEST_KEY_FILE"))
	if err != nil {
		t.Fatal(err)
	}
	srv := mocksps.New(mocksps.Config{Users: []mocksps.User{{Name: mockspstest.AdminUser, Password: mockspstest.AdminPassword, Role: "admin"}}})
	ts := httptest.NewUnstartedServer(srv)
	ts.TLS = srvTLS
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are expected
	ts.StartTLS()
	defer ts.Close()

	connect := func(caPEM []byte) error {
		c, err := New(Config{URL: ts.URL, Username: mockspstest.AdminUser, Password: mockspstest.AdminPassword, CACertPEM: caPEM, MaxRetries: -1})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListVNCSettingsPolicies(ctxT(t))
		return err
	}

	// Without ca_cert_pem the system roots apply, and they trust the server:
	// this proves the child's trust store is the one the test set up.
	if err := connect(nil); err != nil {
		t.Fatalf("system roots: %v", err)
	}
	// With ca_cert_pem naming another CA, only that CA is trusted.
	_, otherCA, err := mocksps.SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	err = connect(otherCA)
	if err == nil {
		t.Fatal("ca_cert_pem was added to the system roots: a server the system trusts was accepted although ca_cert_pem names another CA")
	}
	if !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("want a certificate error, got %v", err)
	}
}

// writeKeyPair stores the server certificate and key of cfg as PEM files.
func writeKeyPair(t *testing.T, dir string, cfg *tls.Config) (certFile, keyFile string) {
	t.Helper()
	cert := cfg.Certificates[0]
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "server.pem"), filepath.Join(dir, "server-key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

func loadKeyPair(certFile, keyFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}, nil
}
