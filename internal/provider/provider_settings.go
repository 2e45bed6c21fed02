package provider

import (
	"errors"
	"fmt"
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

// The provider settings start from the client's defaults (sps.DefaultConfig)
// and override only what the user set, in the provider block or the
// environment; the client checks the values (sps.New, sps.ParseURL, ...)
// and the provider adds the wording: which attribute or variable to fix.

// sensitiveLogKeys are log field names whose values never reach the log,
// whatever code logs them.
var sensitiveLogKeys = []string{"password", "session_id", "Authorization", "authorization", "Cookie", "cookie",
	"Set-Cookie", "set-cookie", "client_key_pem", "private_key"}

// lookupEnv treats an empty variable like an unset one, so `SPS_URL=` in a
// shell does not count as a (malformed) value.
func lookupEnv(name string) (string, bool) {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return "", false
	}
	return v, true
}

// settings are the provider settings as the client's configuration, and
// where each value came from (for the wording of a refused one).
type settings struct {
	cfg     sps.Config
	fromEnv map[string]bool // by attribute: the value came from its environment variable
}

// resolver gathers the settings; each method takes one group of them.
type resolver struct {
	settings
	getenv func(string) (string, bool)
	diags  diag.Diagnostics
}

// resolveSettings merges the provider block with the environment over the
// client's defaults. A setting is set when its attribute is (not null) or,
// failing that, its environment variable is (not empty); only then does it
// replace the default, so a zero the user wrote stays zero. Each diagnostic
// names both the attribute and its variable, because the user may have set
// either.
func resolveSettings(m providerModel, getenv func(string) (string, bool)) (settings, diag.Diagnostics) {
	r := &resolver{settings: settings{cfg: sps.DefaultConfig(), fromEnv: map[string]bool{}}, getenv: getenv}
	r.address(m)
	r.login(m)
	r.limits(m)
	return r.settings, r.diags
}

// str returns the attribute's value, or else its variable's, and whether
// either is set.
func (r *resolver) str(attribute, env string, v types.String) (string, bool) {
	if !v.IsNull() {
		return v.ValueString(), true
	}
	value, ok := r.getenv(env)
	r.fromEnv[attribute] = ok
	return value, ok
}

// address: url, ca_cert_pem, insecure_skip_verify.
func (r *resolver) address(m providerModel) {
	if raw, ok := r.str("url", diagnostics.EnvURL, m.URL); !ok || strings.TrimSpace(raw) == "" {
		r.missing("url", diagnostics.EnvURL, "URL", "")
	} else if u, err := sps.ParseURL(raw); err != nil {
		r.refused(err)
	} else {
		r.cfg.URL = u.String()
	}
	if raw, ok := r.str("ca_cert_pem", diagnostics.EnvCACert, m.CACertPEM); ok && raw != "" {
		r.cfg.CACertPEM = r.pem("CACertPEM", raw)
	}
	if !m.InsecureSkipVerify.IsNull() {
		r.cfg.InsecureSkipVerify = m.InsecureSkipVerify.ValueBool()
	} else if raw, ok := r.getenv(diagnostics.EnvInsecure); ok {
		r.fromEnv["insecure_skip_verify"] = true
		b, err := strconv.ParseBool(raw)
		if err != nil {
			r.invalid("insecure_skip_verify", fmt.Sprintf("is %q, which is not a boolean (use true or false)", raw))
		}
		r.cfg.InsecureSkipVerify = b
	}
	if r.cfg.InsecureSkipVerify && len(r.cfg.CACertPEM) > 0 {
		r.diags.AddAttributeError(path.Root("insecure_skip_verify"), "Conflicting TLS settings",
			"ca_cert_pem ("+diagnostics.EnvCACert+") and insecure_skip_verify ("+diagnostics.EnvInsecure+") cannot be used together: "+
				"either trust the appliance's CA with ca_cert_pem, or switch verification off, not both.")
	}
}

// login: a username and password, or a client certificate and its key.
func (r *resolver) login(m providerModel) {
	if raw, ok := r.str("client_cert_pem", diagnostics.EnvClientCert, m.ClientCertPEM); ok && raw != "" {
		r.cfg.ClientCertPEM = r.pem("ClientCertPEM", raw)
	}
	if raw, ok := r.str("client_key_pem", diagnostics.EnvClientKey, m.ClientKeyPEM); ok && raw != "" {
		r.cfg.ClientKeyPEM = r.pem("ClientKeyPEM", raw)
	}
	username, _ := r.str("username", diagnostics.EnvUsername, m.Username)
	password, _ := r.str("password", diagnostics.EnvPassword, m.Password)
	r.cfg.Username, r.cfg.Password = username, password
	certificate := !m.ClientCertPEM.IsNull() || !m.ClientKeyPEM.IsNull() || r.fromEnv["client_cert_pem"] || r.fromEnv["client_key_pem"]
	switch {
	case certificate && password != "":
		r.diags.AddAttributeError(path.Root("password"), "Conflicting login settings",
			"password ("+diagnostics.EnvPassword+") and a client certificate (client_cert_pem, "+diagnostics.EnvClientCert+
				") cannot be used together: the provider logs in either with a username and password, or with a client "+
				"certificate and its key (client_key_pem, "+diagnostics.EnvClientKey+"). Remove one of them.")
	case certificate && len(r.cfg.ClientKeyPEM) == 0 && !r.diags.HasError():
		r.missing("client_key_pem", diagnostics.EnvClientKey, "client key",
			": a client certificate (client_cert_pem) logs in only together with its private key")
	case certificate && len(r.cfg.ClientCertPEM) == 0 && !r.diags.HasError():
		r.missing("client_cert_pem", diagnostics.EnvClientCert, "client certificate",
			": a private key (client_key_pem) logs in only together with its certificate")
	case certificate:
		// The certificate stands for the user: nothing else is needed.
	default:
		const orCertificate = " (or log in with a client certificate: client_cert_pem and client_key_pem)"
		if username == "" {
			r.missing("username", diagnostics.EnvUsername, "username", orCertificate)
		}
		if password == "" {
			r.missing("password", diagnostics.EnvPassword, "password", orCertificate)
		}
	}
}

// limits: request_timeout, lock_wait_timeout, max_retries, commit_mode.
func (r *resolver) limits(m providerModel) {
	if d, ok := r.duration("request_timeout", diagnostics.EnvRequestTimeout, m.RequestTimeout); ok {
		r.cfg.RequestTimeout = d
	}
	if d, ok := r.duration("lock_wait_timeout", diagnostics.EnvLockWaitTimeout, m.LockWaitTimeout); ok {
		r.cfg.LockWaitTimeout = d
	}
	if !m.MaxRetries.IsNull() {
		r.cfg.MaxRetries = int(m.MaxRetries.ValueInt64()) // the client says what is out of range
	} else if raw, ok := r.getenv(diagnostics.EnvMaxRetries); ok {
		r.fromEnv["max_retries"] = true
		if n, err := strconv.Atoi(raw); err != nil {
			r.invalid("max_retries", fmt.Sprintf("is %q; it must be a whole number between 0 and 100", raw))
		} else {
			r.cfg.MaxRetries = n
		}
	}
	if raw, ok := r.str("commit_mode", diagnostics.EnvCommitMode, m.CommitMode); ok {
		if mode, err := sps.ParseCommitMode(raw); err != nil {
			r.refused(err)
		} else {
			r.cfg.CommitMode = mode
		}
	}
}

// duration parses a Go duration; ok is false when it is unset or not a
// duration (reported). Its range is the client's to check.
func (r *resolver) duration(attribute, env string, v types.String) (time.Duration, bool) {
	raw, ok := r.str(attribute, env, v)
	if !ok {
		return 0, false
	}
	d, err := time.ParseDuration(raw)
	if err != nil {
		r.invalid(attribute, fmt.Sprintf("is %q, which is not a duration (use a number with a unit, such as \"90s\" or \"5m\")", raw))
		return 0, false
	}
	return d, true
}

// pem reads PEM text or a file for the Config field field.
func (r *resolver) pem(field, raw string) []byte {
	b, err := sps.ReadPEM(field, raw)
	if err != nil {
		r.refused(err)
	}
	return b
}

func (r *resolver) missing(attribute, env, what, alternative string) {
	r.diags.AddAttributeError(path.Root(attribute), "Missing SPS "+what,
		fmt.Sprintf("The provider needs the SPS %s. Set the %q attribute in the provider block or the %s environment variable%s.",
			what, attribute, env, alternative))
}

// invalid reports a value of attribute the provider cannot use.
func (r *resolver) invalid(attribute, problem string) {
	r.diags.Append(invalidSetting(attribute, r.fromEnv[attribute], problem))
}

// refused reports the client's *sps.ConfigError values in err on their
// attributes.
func (r *resolver) refused(err error) { r.diags.Append(refusedSettings(err, r.fromEnv)...) }

func invalidSetting(attribute string, fromEnv bool, problem string) diag.Diagnostic {
	env := settingEnv(attribute)
	source := "the provider attribute " + attribute
	if fromEnv {
		source = "the " + env + " environment variable"
	}
	return diag.NewAttributeErrorDiagnostic(path.Root(attribute), "Invalid provider setting "+attribute,
		fmt.Sprintf("The value from %s %s. Fix the %q attribute or the %s environment variable.", source, problem, attribute, env))
}

// refusedSettings words every *sps.ConfigError in err on the attribute of
// its Config field; other errors come back as a client error.
func refusedSettings(err error, fromEnv map[string]bool) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, e := range flatten(err) {
		var ce *sps.ConfigError
		if !errors.As(e, &ce) {
			diagnostics.AddClientError(&diags, diagnostics.Operation{Area: diagnostics.AreaProvider, Verb: "create the SPS API client"}, e)
			continue
		}
		attribute := settingAttr(ce.Field)
		diags.Append(invalidSetting(attribute, fromEnv[attribute], ce.Problem))
	}
	return diags
}

// flatten lists the errors errors.Join put together.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok { //nolint:errorlint // the join itself, not a wrapped one
		return j.Unwrap()
	}
	return []error{err}
}

func settingAttr(field string) string {
	if i := slices.IndexFunc(diagnostics.Settings, func(s diagnostics.Setting) bool { return s.Field == field }); i >= 0 {
		return diagnostics.Settings[i].Attr
	}
	return field
}

func settingEnv(attribute string) string {
	if i := slices.IndexFunc(diagnostics.Settings, func(s diagnostics.Setting) bool { return s.Attr == attribute }); i >= 0 {
		return diagnostics.Settings[i].Env
	}
	return "(none)"
}

// newClient builds the client, wording what it refuses by where the value
// came from.
func (s settings) newClient() (*sps.Client, diag.Diagnostics) {
	client, err := sps.New(s.cfg)
	if err != nil {
		return nil, refusedSettings(err, s.fromEnv)
	}
	return client, nil
}

// unknownAttributes lists the attributes whose value is not known yet.
func (m providerModel) unknownAttributes() []string {
	values := map[string]attr.Value{
		"url": m.URL, "username": m.Username, "password": m.Password, "client_cert_pem": m.ClientCertPEM,
		"client_key_pem": m.ClientKeyPEM, "ca_cert_pem": m.CACertPEM, "insecure_skip_verify": m.InsecureSkipVerify,
		"request_timeout": m.RequestTimeout, "max_retries": m.MaxRetries, "lock_wait_timeout": m.LockWaitTimeout,
		"commit_mode": m.CommitMode,
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
