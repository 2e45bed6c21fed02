package provider

import (
	"crypto/x509"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

const (
	commitModeGroup  = "group"
	commitModeSingle = "single"
)

const (
	defaultRequestTimeout  = 60 * time.Second
	defaultMaxRetries      = 4
	defaultLockWaitTimeout = 5 * time.Minute
)

// sensitiveLogKeys are log field names whose values never reach the log,
// whatever code logs them.
var sensitiveLogKeys = []string{"password", "session_id", "Authorization", "authorization", "Cookie", "cookie", "Set-Cookie", "set-cookie"}

// lookupEnv treats an empty variable like an unset one, so `SPS_URL=` in a
// shell does not count as a (malformed) value.
func lookupEnv(name string) (string, bool) {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return "", false
	}
	return v, true
}

// providerSettings are the provider settings after the provider block, the
// environment and the defaults have been merged and checked.
type providerSettings struct {
	URL                string
	Username           string
	Password           string
	CACertPEM          []byte
	InsecureSkipVerify bool
	RequestTimeout     time.Duration
	MaxRetries         int
	LockWaitTimeout    time.Duration
	CommitMode         sps.CommitMode
}

func (s providerSettings) clientConfig() sps.Config {
	// The client reads zero as "use the default"; the provider's zero means
	// none, which the client spells as a negative value.
	lockWait := s.LockWaitTimeout
	if lockWait == 0 {
		lockWait = sps.NoLockWait // fail at once on a held lock
	}
	retries := s.MaxRetries
	if retries == 0 {
		retries = -1 // no retries
	}
	return sps.Config{
		URL:                s.URL,
		Username:           s.Username,
		Password:           s.Password,
		CACertPEM:          s.CACertPEM,
		InsecureSkipVerify: s.InsecureSkipVerify,
		RequestTimeout:     s.RequestTimeout,
		MaxRetries:         retries,
		LockWaitTimeout:    lockWait,
		CommitMode:         s.CommitMode,
	}
}

// unknownAttributes lists the attributes whose value is not known yet.
func (m providerModel) unknownAttributes() []string {
	values := map[string]attr.Value{
		"url": m.URL, "username": m.Username, "password": m.Password, "ca_cert_pem": m.CACertPEM,
		"insecure_skip_verify": m.InsecureSkipVerify, "request_timeout": m.RequestTimeout,
		"max_retries": m.MaxRetries, "lock_wait_timeout": m.LockWaitTimeout, "commit_mode": m.CommitMode,
	}
	var unknown []string
	for name, v := range values {
		if v.IsUnknown() {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown) // map order is random; keep log lines stable
	return unknown
}

// settingSource reports where a value came from, so a diagnostic can tell the
// user which of the two places to fix.
func settingSource(attribute, env string, fromEnv bool) string {
	if fromEnv {
		return "the " + env + " environment variable"
	}
	return "the provider attribute " + attribute
}

// stringSetting returns the attribute's value, or else the environment
// variable's, and whether it came from the environment.
func stringSetting(v interface {
	IsNull() bool
	ValueString() string
}, env string, getenv func(string) (string, bool)) (value string, fromEnv, ok bool) {
	if !v.IsNull() {
		return v.ValueString(), false, true
	}
	value, ok = getenv(env)
	return value, true, ok
}

// resolveSettings merges the provider block with the environment and the
// defaults, and checks every value. Each diagnostic names both the attribute
// and its environment variable, because the user may have set either.
func resolveSettings(m providerModel, getenv func(string) (string, bool)) (providerSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := providerSettings{
		RequestTimeout:  defaultRequestTimeout,
		MaxRetries:      defaultMaxRetries,
		LockWaitTimeout: defaultLockWaitTimeout,
		CommitMode:      sps.CommitGroup,
	}

	missing := func(attribute, env, what string) {
		diags.AddAttributeError(path.Root(attribute), "Missing SPS "+what,
			fmt.Sprintf("The provider needs the SPS %s. Set the %q attribute in the provider block or the %s environment variable.", what, attribute, env))
	}
	invalid := func(attribute, env string, fromEnv bool, problem string) {
		diags.AddAttributeError(path.Root(attribute), "Invalid provider setting "+attribute,
			fmt.Sprintf("The value from %s %s. Fix the %q attribute or the %s environment variable.",
				settingSource(attribute, env, fromEnv), problem, attribute, env))
	}

	// url
	if raw, fromEnv, ok := stringSetting(m.URL, diagnostics.EnvURL, getenv); !ok || strings.TrimSpace(raw) == "" {
		missing("url", diagnostics.EnvURL, "URL")
	} else if problem := checkURL(raw); problem != "" {
		invalid("url", diagnostics.EnvURL, fromEnv, problem)
	} else {
		s.URL = strings.TrimRight(raw, "/")
	}

	// username, password
	if v, _, ok := stringSetting(m.Username, diagnostics.EnvUsername, getenv); !ok || v == "" {
		missing("username", diagnostics.EnvUsername, "username")
	} else {
		s.Username = v
	}
	if v, _, ok := stringSetting(m.Password, diagnostics.EnvPassword, getenv); !ok || v == "" {
		missing("password", diagnostics.EnvPassword, "password")
	} else {
		s.Password = v
	}

	// ca_cert_pem
	if raw, fromEnv, ok := stringSetting(m.CACertPEM, diagnostics.EnvCACert, getenv); ok && raw != "" {
		pem, problem := loadCACert(raw)
		if problem != "" {
			invalid("ca_cert_pem", diagnostics.EnvCACert, fromEnv, problem)
		} else {
			s.CACertPEM = pem
		}
	}

	// insecure_skip_verify
	if !m.InsecureSkipVerify.IsNull() {
		s.InsecureSkipVerify = m.InsecureSkipVerify.ValueBool()
	} else if raw, ok := getenv(diagnostics.EnvInsecure); ok {
		b, err := strconv.ParseBool(raw)
		if err != nil {
			invalid("insecure_skip_verify", diagnostics.EnvInsecure, true, fmt.Sprintf("is %q, which is not a boolean (use true or false)", raw))
		}
		s.InsecureSkipVerify = b
	}
	if s.InsecureSkipVerify && len(s.CACertPEM) > 0 {
		diags.AddAttributeError(path.Root("insecure_skip_verify"), "Conflicting TLS settings",
			"ca_cert_pem ("+diagnostics.EnvCACert+") and insecure_skip_verify ("+diagnostics.EnvInsecure+") cannot be used together: "+
				"either trust the appliance's CA with ca_cert_pem, or switch verification off, not both.")
	}

	// request_timeout, lock_wait_timeout
	if d, ok := durationSetting(m.RequestTimeout, "request_timeout", diagnostics.EnvRequestTimeout, getenv, invalid, false); ok {
		s.RequestTimeout = d
	}
	if d, ok := durationSetting(m.LockWaitTimeout, "lock_wait_timeout", diagnostics.EnvLockWaitTimeout, getenv, invalid, true); ok {
		s.LockWaitTimeout = d
	}

	// max_retries
	if n, ok := maxRetriesSetting(m.MaxRetries, getenv, invalid); ok {
		s.MaxRetries = n
	}

	// commit_mode
	if raw, fromEnv, ok := stringSetting(m.CommitMode, diagnostics.EnvCommitMode, getenv); ok {
		switch raw {
		case commitModeGroup:
			s.CommitMode = sps.CommitGroup
		case commitModeSingle:
			s.CommitMode = sps.CommitSingle
		default:
			invalid("commit_mode", diagnostics.EnvCommitMode, fromEnv, fmt.Sprintf("is %q; it must be %q or %q", raw, commitModeGroup, commitModeSingle))
		}
	}

	return s, diags
}

// maxRetriesSetting reads max_retries from the attribute or its environment
// variable. ok is false when the value is absent or out of range (reported
// through invalid).
func maxRetriesSetting(v types.Int64, getenv func(string) (string, bool), invalid func(attribute, env string, fromEnv bool, problem string)) (int, bool) {
	if !v.IsNull() {
		if n := v.ValueInt64(); n < 0 || n > 100 {
			invalid("max_retries", diagnostics.EnvMaxRetries, false, fmt.Sprintf("is %d; it must be between 0 and 100", n))
			return 0, false
		}
		return int(v.ValueInt64()), true
	}
	raw, ok := getenv(diagnostics.EnvMaxRetries)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 || n > 100 {
		invalid("max_retries", diagnostics.EnvMaxRetries, true, fmt.Sprintf("is %q; it must be a whole number between 0 and 100", raw))
		return 0, false
	}
	return n, true
}

// durationSetting parses a Go duration from the attribute or its environment
// variable. ok is false when the value is absent or malformed (malformed
// values are reported through invalid).
func durationSetting(v interface {
	IsNull() bool
	ValueString() string
}, attribute, env string, getenv func(string) (string, bool), invalid func(string, string, bool, string), allowZero bool) (time.Duration, bool) {
	raw, fromEnv, ok := stringSetting(v, env, getenv)
	if !ok {
		return 0, false
	}
	d, err := time.ParseDuration(raw)
	switch {
	case err != nil:
		invalid(attribute, env, fromEnv, fmt.Sprintf("is %q, which is not a duration (use a number with a unit, such as \"90s\" or \"5m\")", raw))
		return 0, false
	case d < 0 || (d == 0 && !allowZero):
		invalid(attribute, env, fromEnv, fmt.Sprintf("is %q; it must be greater than zero", raw))
		return 0, false
	}
	return d, true
}

// checkURL returns why raw is not a usable appliance URL, or "".
func checkURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Sprintf("is %q, which is not a valid URL (%v)", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return fmt.Sprintf("is %q; it must start with https:// (or http:// for a test server)", raw)
	}
	if u.Host == "" {
		return fmt.Sprintf("is %q, which has no host name", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Sprintf("is %q; it must not have a query or fragment", raw)
	}
	return ""
}

// loadCACert accepts PEM text or the path of a PEM file and returns the PEM
// bytes, or why they are unusable. Checking here, rather than leaving it to
// the TLS handshake, turns a confusing "certificate signed by unknown
// authority" at apply time into a precise message at configure time.
func loadCACert(raw string) ([]byte, string) {
	data := []byte(raw)
	if !strings.Contains(raw, "-----BEGIN") {
		var err error
		data, err = os.ReadFile(raw)
		if err != nil {
			return nil, fmt.Sprintf("is neither PEM text nor a readable file (%v)", err)
		}
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, "contains no valid PEM-encoded certificate"
	}
	return data, ""
}
