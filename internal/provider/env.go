package provider

// The environment variables the provider settings fall back to. The advice
// of the diagnostics names them too, so they live with the wording.

// Environment variables read when the provider block leaves an attribute out.
const (
	envURL             = "SPS_URL"
	envUsername        = "SPS_USERNAME"
	envPassword        = "SPS_PASSWORD"
	envCACert          = "SPS_CA_CERT"
	envInsecure        = "SPS_INSECURE"
	envRequestTimeout  = "SPS_REQUEST_TIMEOUT"
	envMaxRetries      = "SPS_MAX_RETRIES"
	envLockWaitTimeout = "SPS_LOCK_WAIT_TIMEOUT"
	envCommitMode      = "SPS_COMMIT_MODE"
)
