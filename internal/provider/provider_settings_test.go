package provider

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
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
		envURL:        "https://env.example.com",
		envUsername:   "env-user",
		envPassword:   "from-env",
		envCommitMode: "single",
		envMaxRetries: "2",
		envInsecure:   "true",
	})
	s, diags := resolveSettings(m, env)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	want := providerSettings{
		URL:                "https://config.example.com", // config wins; trailing slash dropped
		Username:           "env-user",
		Password:           "from-config",
		InsecureSkipVerify: true,
		RequestTimeout:     defaultRequestTimeout,
		MaxRetries:         2,
		LockWaitTimeout:    defaultLockWaitTimeout,
		CommitMode:         sps.CommitSingle,
	}
	if s.URL != want.URL || s.Username != want.Username || s.Password != want.Password ||
		s.InsecureSkipVerify != want.InsecureSkipVerify || s.RequestTimeout != want.RequestTimeout ||
		s.MaxRetries != want.MaxRetries || s.LockWaitTimeout != want.LockWaitTimeout || s.CommitMode != want.CommitMode {
		t.Errorf("resolveSettings:\n got %+v\nwant %+v", s, want)
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
	s, diags := resolveSettings(m, fakeEnv(map[string]string{envCACert: caFile}))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if s.RequestTimeout != 90*time.Second || s.LockWaitTimeout != 0 || s.MaxRetries != 0 {
		t.Errorf("durations/retries: got %v %v %d", s.RequestTimeout, s.LockWaitTimeout, s.MaxRetries)
	}
	if string(s.CACertPEM) != testCAPEM(t) {
		t.Errorf("CA read from the file named by %s: got %q", envCACert, s.CACertPEM)
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
		{"missing url", func(m *providerModel) { m.URL = types.StringNull() }, nil, []string{`"url"`, envURL}},
		{"blank url", func(m *providerModel) { m.URL = types.StringValue("  ") }, nil, []string{`"url"`, envURL}},
		{"missing username", func(m *providerModel) { m.Username = types.StringNull() }, nil, []string{`"username"`, envUsername}},
		{"missing password", func(m *providerModel) { m.Password = types.StringNull() }, nil, []string{`"password"`, envPassword}},
		{"bad url from env", func(m *providerModel) { m.URL = types.StringNull() }, map[string]string{envURL: "sps.local"},
			[]string{"the " + envURL + " environment variable", "https://"}},
		{"bad insecure env", nil, map[string]string{envInsecure: "maybe"}, []string{envInsecure, "not a boolean"}},
		{"bad retries env", nil, map[string]string{envMaxRetries: "many"}, []string{envMaxRetries, "whole number"}},
		{"bad commit mode env", nil, map[string]string{envCommitMode: "batch"}, []string{envCommitMode, `"batch"`}},
		{"bad lock wait env", nil, map[string]string{envLockWaitTimeout: "5"}, []string{envLockWaitTimeout, "not a duration"}},
		{"bad pem text", func(m *providerModel) {
			m.CACertPEM = types.StringValue("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
		}, nil, []string{"no valid PEM-encoded certificate", envCACert}},
		{"ca and insecure", func(m *providerModel) {
			m.CACertPEM = types.StringValue(testCAPEM(t))
			m.InsecureSkipVerify = types.BoolValue(true)
		}, nil, []string{"cannot be used together"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := base()
			if tc.modify != nil {
				tc.modify(&m)
			}
			_, diags := resolveSettings(m, fakeEnv(tc.env))
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

func TestDescribeClientError(t *testing.T) {
	t.Parallel()
	forbidden := &sps.Error{Method: "POST", Path: "/api/transaction", StatusCode: 403, Type: "Unauthorized", Message: "read only",
		Details: map[string]any{"path": "/api/transaction"}}
	cases := []struct {
		name        string
		op          operation
		err         error
		wantSummary string
		wantDetail  string
	}{
		{"403 on write", writeOp("create x"), forbidden, "The SPS user lacks write permission", "HTTP 403 Unauthorized: read only (path=/api/transaction)"},
		{"403 on read", readOp("x"), forbidden, "The SPS user lacks read permission", "read only"},
		{"login", readOp("x"), &sps.Error{StatusCode: 401, Type: "AuthenticationFailure", Message: "bad"}, "SPS rejected the login", envPassword},
		{"locked", writeOp("update x"), &sps.Error{StatusCode: 409, Type: "TransactionLocked", Message: "locked",
			Details: map[string]any{"locked_by": "alice"}}, "The SPS configuration is locked by another user", "SPS user alice holds"},
		{"validation", writeOp("update x"), &sps.Error{StatusCode: 400, Type: "SemanticError", Message: "timeout too small"},
			"SPS rejected the values", "timeout too small"},
		{"timestamping", writeOp("update the VNC options"), sps.ErrTimestampingUnsupported,
			"Timestamping is not supported by this SPS appliance", "Remove the timestamping block"},
		// The client's errors state facts; the advice below is the
		// provider's (clientErrorText), kept where the client's wrapping puts it.
		{"lock timeout", writeOp("update x"), &sps.LockTimeoutError{Holder: "alice", Waited: 90 * time.Second,
			Err: &sps.Error{StatusCode: 409, Type: "TransactionLocked", Details: map[string]any{"locked_by": "bob"}}},
			"The SPS configuration is locked by another user", "because SPS user alice holds the SPS configuration lock"},
		{"search backend down", readOp("x"), fmt.Errorf("CSV page 2: %w", &sps.Error{Method: "GET", Path: "/api/audit/sessions",
			StatusCode: 500, Type: "SearchUnavailable", Message: "m", Attempts: 5}),
			"The SPS search backend is unavailable", "Could not read x: CSV page 2: SPS API GET /api/audit/sessions: 500 SearchUnavailable: m; " +
				"the appliance's search backend (its session database) did not answer in 5 attempts. The REST API itself works; " +
				"the search service may be starting, busy re-indexing or down. Retry later, and if it persists ask an SPS admin " +
				"to check the appliance's search and indexer services"},
		{"earlier commit running", writeOp("create x"), fmt.Errorf("create x: not started: %w", sps.ErrEarlierCommitRunning),
			"SPS API error", "Could not create x: create x: not started: an earlier SPS commit of this provider is still running " +
				"(or its state cannot be read); no new transaction is opened until it ends. Run Terraform again once SPS has " +
				"finished committing"},
		{"leftover transaction", writeOp("create x"), fmt.Errorf("create x: not started: %w",
			&sps.LeftoverTransactionError{Err: errors.New("EOF")}),
			"SPS API error", "so none is opened. Check that SPS is reachable and run Terraform again (the leftover " +
				"transaction also ends when its login session times out): EOF"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			summary, detail := describeClientError(tc.op, tc.err)
			if summary != tc.wantSummary || !strings.Contains(detail, tc.wantDetail) {
				t.Errorf("got %q / %q; want summary %q with detail containing %q", summary, detail, tc.wantSummary, tc.wantDetail)
			}
		})
	}
}

// clientErrorText adds the provider's advice to the client's factual
// errors wherever they appear in a chain.
func TestClientErrorText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"403 on write", fmt.Errorf("stalled after: %w", &sps.Error{Method: "PUT", Path: "/api/p", StatusCode: 403, Type: "Unauthorized", Message: "m"}),
			`stalled after: user "" lacks write permission for PUT /api/p on SPS at  (403 Unauthorized: m); ask an SPS admin to ` +
				"give one of the user's groups the REST server privilege and read & write access to this configuration page"},
		{"403 on read", &sps.Error{Method: "GET", Path: "/api/p", StatusCode: 403},
			`user "" lacks permission for GET /api/p on SPS at  (403 Forbidden); ask an SPS admin`},
		{"login refused", &sps.Error{Method: "POST", Path: "/api/authentication", StatusCode: 401, Type: "AuthenticationFailure"},
			`rejected the credentials of user "" (401 AuthenticationFailure); check the username and password, and that the ` +
				"user may log in to the REST API with a password"},
		{"lock timeout", &sps.LockTimeoutError{Holder: "alice", Waited: 90 * time.Second, Err: &sps.Error{StatusCode: 409}},
			`the SPS configuration is locked by user "alice" (waited 1m30s for the lock): wait for user "alice" to commit or ` +
				"roll back the open transaction, or ask an SPS admin to end that session (it is also released when the session " +
				"times out), then retry"},
		{"plain", errors.New("EOF"), "EOF"},
		{"not found", &sps.Error{Method: "GET", Path: "/api/p", StatusCode: 404, Type: "NotFound", Message: "gone"},
			"SPS API GET /api/p: 404 NotFound: gone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := clientErrorText(tc.err); !strings.Contains(got, tc.want) {
				t.Errorf("clientErrorText = %q\nwant it to contain %q", got, tc.want)
			}
		})
	}
}
