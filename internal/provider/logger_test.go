package provider_test

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
)

func randomSecret(t *testing.T, prefix string) string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b[:])
}

// A full apply (create, data source reads, an update after the sessions
// expired, a failed login) at TRACE: the log holds the provider's HTTP
// debug lines, and none of the secrets.
func TestAccProvider_secretsNeverLogged(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1", resource.EnvTfAcc)
	}
	clearProviderEnv(t)
	password := randomSecret(t, "pw-")
	wrongPassword := randomSecret(t, "wrong-")

	logPath := filepath.Join(t.TempDir(), "tf.log")
	// TF_ACC_LOG_PATH sends both the Terraform CLI's log and the log of the
	// provider under test (served in-process, through the test log sink)
	// to one file, at TRACE.
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", "")

	env := mockspstest.Start(t, mockspstest.WithUsers(mocksps.User{Name: mockspstest.AdminUser, Password: password, Role: "admin"}),
		mockspstest.WithAudit(audit.Generate(4, 5, time.Now())))

	// The password comes from SPS_PASSWORD, not the provider block: the
	// test harness itself logs every step's configuration text at TRACE,
	// which is not the provider's doing (Terraform never logs the
	// sensitive attribute's value).
	setPassword := func(pw string) func() {
		return func() { t.Setenv(diagnostics.EnvPassword, pw) }
	}
	config := func(timeout int) string {
		return "provider \"sps\" {\n  url      = " + quote(env.URL) + "\n  username = " + quote(mockspstest.AdminUser) + "\n}\n" + `
resource "sps_vnc_settings_policy" "secret" {
  name    = "log-check"
  timeout = ` + strconv.Itoa(timeout) + `
}

resource "sps_vnc_options" "this" {
  service = { enabled = true, log_level = 3 }
}

data "sps_vnc_settings_policy" "by_name" {
  name = sps_vnc_settings_policy.secret.name
}

data "sps_audit_sessions" "all" {}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{PreConfig: setPassword(password), Config: config(300)},
			{
				// New logins (new session ids) and a transaction.
				PreConfig: env.Server.ExpireAllSessions,
				Config:    config(400),
			},
			{
				PreConfig:   setPassword(wrongPassword),
				Config:      config(400),
				ExpectError: acctest.ExpectError("SPS rejected the login"),
			},
			{PreConfig: setPassword(password), Config: config(400)},
		},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logText := string(raw)
	// The log must really hold the provider's HTTP traffic, or the
	// absence checks below would prove nothing.
	for _, want := range []string{
		"SPS API request",
		"SPS API response",
		"/api/authentication",
		"/api/configuration/vnc/settings_policies",
		"/api/audit/sessions",
		"http_method=PUT",
		"log-check",
		// The headers that carry the secrets are logged, as redacted.
		"Authorization:<redacted>",
		"Set-Cookie:<redacted>",
		" Cookie:<redacted>",
	} {
		if !strings.Contains(logText, want) {
			t.Errorf("the TRACE log (%d bytes) lacks %q: provider debug lines were not captured", len(logText), want)
		}
	}
	ids := env.SessionIDs()
	if len(ids) < 3 {
		t.Fatalf("the mock issued only %d session ids; the test expects several logins", len(ids))
	}
	secrets := map[string]string{
		"password":                     password,
		"wrong password":               wrongPassword,
		"Basic credentials":            base64.StdEncoding.EncodeToString([]byte(mockspstest.AdminUser + ":" + password)),
		"Basic credentials (wrong pw)": base64.StdEncoding.EncodeToString([]byte(mockspstest.AdminUser + ":" + wrongPassword)),
	}
	for i, id := range ids {
		secrets["session id #"+strconv.Itoa(i+1)] = id
	}
	for what, secret := range secrets {
		if i := strings.Index(logText, secret); i >= 0 {
			lo, hi := max(0, i-200), min(len(logText), i+len(secret)+50)
			t.Errorf("the log contains the %s: ...%s...", what, logText[lo:hi])
		}
	}
}
