package provider

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// testCAPEM is a real certificate for the PEM checks, made once per run.
var testCAPEMOnce = sync.OnceValues(func() ([]byte, error) {
	_, pem, err := mocksps.SelfSignedTLS()
	return pem, err
})

func testCAPEM(t *testing.T) string {
	t.Helper()
	pem, err := testCAPEMOnce()
	if err != nil {
		t.Fatal(err)
	}
	return string(pem)
}

func fakeEnv(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		if v == "" {
			return "", false
		}
		return v, ok
	}
}

func nullProviderModel() providerModel {
	return providerModel{
		URL: types.StringNull(), Username: types.StringNull(), Password: types.StringNull(),
		ClientCertPEM: types.StringNull(), ClientKeyPEM: types.StringNull(),
		CACertPEM: types.StringNull(), InsecureSkipVerify: types.BoolNull(), RequestTimeout: types.StringNull(),
		MaxRetries: types.Int64Null(), LockWaitTimeout: types.StringNull(), CommitMode: types.StringNull(),
	}
}

func TestResolveSettingsDefaultsAndPrecedence(t *testing.T) {
	t.Parallel()
	m := nullProviderModel()
	m.URL = types.StringValue("https://config.example.com/")
	m.Password = types.StringValue("from-config")
	env := fakeEnv(map[string]string{
		diagnostics.EnvURL:        "https://env.example.com",
		diagnostics.EnvUsername:   "env-user",
		diagnostics.EnvPassword:   "from-env",
		diagnostics.EnvCommitMode: "single",
		diagnostics.EnvMaxRetries: "2",
		diagnostics.EnvInsecure:   "true",
	})
	s, diags := resolveSettings(m, env)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	// What the user did not set is the client's default.
	want := sps.DefaultConfig()
	want.URL = "https://config.example.com" // config wins; trailing slash dropped
	want.Username, want.Password = "env-user", "from-config"
	want.InsecureSkipVerify, want.MaxRetries, want.CommitMode = true, 2, sps.CommitSingle
	if !reflect.DeepEqual(s.cfg, want) {
		t.Errorf("resolveSettings:\n got %+v\nwant %+v", s.cfg, want)
	}
	if !s.fromEnv["username"] || s.fromEnv["password"] || !s.fromEnv["max_retries"] {
		t.Errorf("sources: %v", s.fromEnv)
	}
}

func TestResolveSettingsDurationsAndCA(t *testing.T) {
	t.Parallel()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, []byte(testCAPEM(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	m := nullProviderModel()
	m.URL = types.StringValue("http://127.0.0.1:8080")
	m.Username = types.StringValue("u")
	m.Password = types.StringValue("p")
	m.RequestTimeout = types.StringValue("90s")
	m.LockWaitTimeout = types.StringValue("0s") // zero: fail at once on a held lock
	m.MaxRetries = types.Int64Value(0)
	s, diags := resolveSettings(m, fakeEnv(map[string]string{diagnostics.EnvCACert: caFile}))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	// A zero the user wrote stays zero: no retries, no wait for a lock.
	if s.cfg.RequestTimeout != 90*time.Second || s.cfg.LockWaitTimeout != 0 || s.cfg.MaxRetries != 0 {
		t.Errorf("durations/retries: got %v %v %d", s.cfg.RequestTimeout, s.cfg.LockWaitTimeout, s.cfg.MaxRetries)
	}
	if string(s.cfg.CACertPEM) != testCAPEM(t) {
		t.Errorf("CA read from the file named by %s: got %q", diagnostics.EnvCACert, s.cfg.CACertPEM)
	}
}

func TestResolveSettingsErrors(t *testing.T) {
	t.Parallel()
	base := func() providerModel {
		m := nullProviderModel()
		m.URL = types.StringValue("https://sps.example.com")
		m.Username = types.StringValue("u")
		m.Password = types.StringValue("p")
		return m
	}
	cases := []struct {
		name   string
		modify func(*providerModel)
		env    map[string]string
		want   []string // every string must appear in one diagnostic's detail
	}{
		{"missing url", func(m *providerModel) { m.URL = types.StringNull() }, nil, []string{`"url"`, diagnostics.EnvURL}},
		{"blank url", func(m *providerModel) { m.URL = types.StringValue("  ") }, nil, []string{`"url"`, diagnostics.EnvURL}},
		{"missing username", func(m *providerModel) { m.Username = types.StringNull() }, nil, []string{`"username"`, diagnostics.EnvUsername}},
		{"missing password", func(m *providerModel) { m.Password = types.StringNull() }, nil, []string{`"password"`, diagnostics.EnvPassword}},
		{"bad url from env", func(m *providerModel) { m.URL = types.StringNull() }, map[string]string{diagnostics.EnvURL: "sps.local"},
			[]string{"the " + diagnostics.EnvURL + " environment variable", "https://"}},
		{"bad insecure env", nil, map[string]string{diagnostics.EnvInsecure: "maybe"}, []string{diagnostics.EnvInsecure, "not a boolean"}},
		{"bad retries env", nil, map[string]string{diagnostics.EnvMaxRetries: "many"}, []string{diagnostics.EnvMaxRetries, "whole number"}},
		{"bad commit mode env", nil, map[string]string{diagnostics.EnvCommitMode: "batch"}, []string{diagnostics.EnvCommitMode, `"batch"`}},
		{"bad lock wait env", nil, map[string]string{diagnostics.EnvLockWaitTimeout: "5"}, []string{diagnostics.EnvLockWaitTimeout, "not a duration"}},
		{"bad pem text", func(m *providerModel) {
			m.CACertPEM = types.StringValue("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
		}, nil, []string{"no valid PEM-encoded certificate", diagnostics.EnvCACert}},
		{"ca and insecure", func(m *providerModel) {
			m.CACertPEM = types.StringValue(testCAPEM(t))
			m.InsecureSkipVerify = types.BoolValue(true)
		}, nil, []string{"cannot be used together"}},
		{"zero request timeout", func(m *providerModel) { m.RequestTimeout = types.StringValue("0s") }, nil,
			[]string{"request_timeout", "it must be greater than zero"}},
		{"negative lock wait from env", nil, map[string]string{diagnostics.EnvLockWaitTimeout: "-1m"},
			[]string{"the " + diagnostics.EnvLockWaitTimeout + " environment variable", "must not be negative"}},
		{"retries out of range", func(m *providerModel) { m.MaxRetries = types.Int64Value(101) }, nil,
			[]string{"max_retries", "between 0 and 100"}},
		{"password and certificate", func(m *providerModel) { m.ClientCertPEM = types.StringValue(testCAPEM(t)) }, nil,
			[]string{"cannot be used together", diagnostics.EnvClientCert}},
		{"certificate without key", func(m *providerModel) {
			m.Password = types.StringNull()
			m.ClientCertPEM = types.StringValue(testCAPEM(t))
		}, nil, []string{`"client_key_pem"`, "private key", diagnostics.EnvClientKey}},
		{"missing password names the certificate", func(m *providerModel) { m.Password = types.StringNull() }, nil,
			[]string{`"password"`, "client_cert_pem"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := base()
			if tc.modify != nil {
				tc.modify(&m)
			}
			s, diags := resolveSettings(m, fakeEnv(tc.env))
			if !diags.HasError() {
				// What the client checks is refused when it is built.
				_, diags = s.newClient()
			}
			if !diags.HasError() {
				t.Fatalf("want an error, got none")
			}
			var details []string
			for _, d := range diags.Errors() {
				details = append(details, d.Detail())
			}
			all := strings.Join(details, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("diagnostics do not mention %q:\n%s", w, all)
				}
			}
		})
	}
}

func TestUserAgent(t *testing.T) {
	t.Parallel()
	if got, want := userAgent("1.2.3", "1.11.4"), "terraform-provider-sps/1.2.3 (+terraform 1.11.4)"; got != want {
		t.Errorf("userAgent = %q, want %q", got, want)
	}
	if got, want := userAgent("", ""), "terraform-provider-sps/dev (+terraform unknown)"; got != want {
		t.Errorf("userAgent = %q, want %q", got, want)
	}
}
