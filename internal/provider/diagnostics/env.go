package diagnostics

// The environment variables the provider settings fall back to. The advice
// of the diagnostics names them too, so they live with the wording.

// Environment variables read when the provider block leaves an attribute out.
const (
	EnvURL             = "SPS_URL"
	EnvUsername        = "SPS_USERNAME"
	EnvPassword        = "SPS_PASSWORD"
	EnvCACert          = "SPS_CA_CERT"
	EnvInsecure        = "SPS_INSECURE"
	EnvRequestTimeout  = "SPS_REQUEST_TIMEOUT"
	EnvMaxRetries      = "SPS_MAX_RETRIES"
	EnvLockWaitTimeout = "SPS_LOCK_WAIT_TIMEOUT"
	EnvCommitMode      = "SPS_COMMIT_MODE"
)
