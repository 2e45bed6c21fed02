package diagnostics

// The environment variables the provider settings fall back to. The advice
// of the diagnostics names them too, so they live with the wording.

// Environment variables read when the provider block leaves an attribute out.
const (
	EnvURL             = "SPS_URL"
	EnvUsername        = "SPS_USERNAME"
	EnvPassword        = "SPS_PASSWORD"
	EnvClientCert      = "SPS_CLIENT_CERT"
	EnvClientKey       = "SPS_CLIENT_KEY"
	EnvCACert          = "SPS_CA_CERT"
	EnvInsecure        = "SPS_INSECURE"
	EnvRequestTimeout  = "SPS_REQUEST_TIMEOUT"
	EnvMaxRetries      = "SPS_MAX_RETRIES"
	EnvLockWaitTimeout = "SPS_LOCK_WAIT_TIMEOUT"
	EnvCommitMode      = "SPS_COMMIT_MODE"
)

// Setting is one provider setting: its attribute, its environment
// variable, and the sps.Config field it fills.
type Setting struct {
	Attr, Env, Field string
}

// Settings are the provider settings the client checks (sps.ConfigError
// names their Config fields).
var Settings = []Setting{
	{"url", EnvURL, "URL"},
	{"username", EnvUsername, "Username"},
	{"password", EnvPassword, "Password"},
	{"client_cert_pem", EnvClientCert, "ClientCertPEM"},
	{"client_key_pem", EnvClientKey, "ClientKeyPEM"},
	{"ca_cert_pem", EnvCACert, "CACertPEM"},
	{"insecure_skip_verify", EnvInsecure, "InsecureSkipVerify"},
	{"request_timeout", EnvRequestTimeout, "RequestTimeout"},
	{"max_retries", EnvMaxRetries, "MaxRetries"},
	{"lock_wait_timeout", EnvLockWaitTimeout, "LockWaitTimeout"},
	{"commit_mode", EnvCommitMode, "CommitMode"},
}

// settingOf is the attribute and environment variable of a Config field.
func settingOf(field string) (attr, env string) {
	for _, s := range Settings {
		if s.Field == field {
			return s.Attr, s.Env
		}
	}
	return field, "no environment variable"
}
