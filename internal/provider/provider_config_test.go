package provider_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
)

// A resource that makes Terraform configure the provider.
const anyPolicy = `
resource "sps_vnc_settings_policy" "test" {
  name = "cfg"
}
`

// clearProviderEnv unsets every SPS_* variable for the test (empty counts
// as unset), so the developer's shell cannot leak into it. Tests using it
// cannot run in parallel (t.Setenv forbids that).
func clearProviderEnv(t *testing.T) {
	for _, s := range diagnostics.Settings {
		t.Setenv(s.Env, "")
	}
}

func TestAccProvider_missingSettingsNameAttributeAndEnv(t *testing.T) {
	clearProviderEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `provider "sps" {}` + anyPolicy,
				ExpectError: acctest.ExpectError(`Missing SPS URL.*Set the "url" attribute in the provider block or the SPS_URL environment variable`),
			},
			{
				Config:      `provider "sps" { url = "https://sps.example.com" }` + anyPolicy,
				ExpectError: acctest.ExpectError(`Missing SPS username.*"username" attribute.*SPS_USERNAME environment variable`),
			},
			{
				Config:      `provider "sps" { url = "https://sps.example.com" }` + anyPolicy,
				ExpectError: acctest.ExpectError(`Missing SPS password.*"password" attribute.*SPS_PASSWORD environment variable`),
			},
		},
	})
}

func TestAccProvider_malformedEnvironmentIsNamed(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv(diagnostics.EnvURL, "sps.example.com")
	t.Setenv(diagnostics.EnvUsername, "admin")
	t.Setenv(diagnostics.EnvPassword, "secret")
	t.Setenv(diagnostics.EnvRequestTimeout, "ten seconds")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `provider "sps" {}` + anyPolicy,
				ExpectError: acctest.ExpectError(`The value from the SPS_URL environment variable is "sps.example.com"; it must start with https://`),
			},
			{
				Config:      `provider "sps" {}` + anyPolicy,
				ExpectError: acctest.ExpectError(`The value from the SPS_REQUEST_TIMEOUT environment variable is "ten seconds", which is not a duration`),
			},
		},
	})
}

// Everything from the environment: an empty provider block works.
func TestAccProvider_environmentOnly(t *testing.T) {
	clearProviderEnv(t)
	env := mockspstest.Start(t)
	srv := env.Server
	t.Setenv(diagnostics.EnvURL, env.URL)
	t.Setenv(diagnostics.EnvUsername, mockspstest.AdminUser)
	t.Setenv(diagnostics.EnvPassword, mockspstest.AdminPassword)
	t.Setenv(diagnostics.EnvCommitMode, "single")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config: `provider "sps" {}` + anyPolicy,
				Check: func(*terraform.State) error {
					_, _, err := acctest.MockPolicyByName(srv, "cfg")
					return err
				},
			},
		},
	})
}

func TestAccProvider_malformedAttributes(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	block := func(extra ...string) string {
		return env.AdminBlock(extra...) + anyPolicy
	}
	step := func(config, wantErr string) resource.TestStep {
		return resource.TestStep{Config: config, PlanOnly: true, ExpectError: acctest.ExpectError(wantErr)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(mockspstest.ProviderBlock("ftp://sps.example.com", "a", "b")+anyPolicy,
				`Invalid provider setting url.*the provider attribute url is "ftp://sps.example.com"; it must start with https://`),
			step(mockspstest.ProviderBlock("https://", "a", "b")+anyPolicy, `has no host name`),
			step(mockspstest.ProviderBlock("https://sps.example.com/?x=1", "a", "b")+anyPolicy, `must not have a query`),
			step(block(`ca_cert_pem = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"`),
				`Invalid provider setting ca_cert_pem.*contains no valid PEM-encoded certificate.*SPS_CA_CERT`),
			step(block(`ca_cert_pem = "/nonexistent/ca.pem"`), `is neither PEM text nor a readable file`),
			step(block(`request_timeout = "soon"`), `request_timeout.*is "soon", which is not a duration`),
			step(block(`request_timeout = "0s"`), `request_timeout.*it must be greater than zero`),
			step(block(`lock_wait_timeout = "-1m"`), `lock_wait_timeout.*it must not\s+be negative`),
			step(block(`max_retries = -1`), `max_retries.*it must be between 0 and 100`),
			step(block(`commit_mode = "fast"`), `commit_mode value must be one of`),
			step(block(`insecure_skip_verify = true`, `ca_cert_pem = "/nonexistent/ca.pem"`), `neither PEM text`),
		},
	})
}

// The mock over HTTPS with a self-signed certificate: trusted through
// ca_cert_pem as text or as a file, rejected without it.
func TestAccProvider_tls(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithTLS())
	srv := env.Server
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, env.CAPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	block := func(extra ...string) string {
		return env.AdminBlock(append(extra, "max_retries = 0")...)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config:      block() + anyPolicy,
				ExpectError: acctest.ExpectError(`Cannot verify the SPS appliance's TLS certificate.*ca_cert_pem`),
			},
			{
				Config:      block("insecure_skip_verify = true", "ca_cert_pem = "+quote(caFile)) + anyPolicy,
				ExpectError: acctest.ExpectError(`Conflicting TLS settings`),
			},
			{
				Config: block("ca_cert_pem = <<-EOT\n"+string(env.CAPEM)+"EOT") + anyPolicy,
				Check: func(*terraform.State) error {
					_, _, err := acctest.MockPolicyByName(srv, "cfg")
					return err
				},
			},
			{
				Config: block("ca_cert_pem = "+quote(caFile)) + anyPolicy,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Works, with a warning.
				Config: block("insecure_skip_verify = true") + anyPolicy,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// A provider block that depends on a value known only after apply: the plan
// still works (nothing needs SPS yet), existing resources keep their state
// instead of failing the refresh, and apply configures the provider once the
// value is known.
func TestAccProvider_unknownConfigurationDuringPlan(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	config := func(url string) string {
		return `
resource "terraform_data" "endpoint" {
  input = ` + quote(url) + `
}

provider "sps" {
  url      = terraform_data.endpoint.output
  username = ` + quote(mockspstest.AdminUser) + `
  password = ` + quote(mockspstest.AdminPassword) + `
}
` + anyPolicy
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config: config(env.URL),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sps_vnc_settings_policy.test", plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue("terraform_data.endpoint", tfjsonpath.New("output")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sps_vnc_settings_policy.test", tfjsonpath.New("name"), knownvalue.StringExact("cfg")),
				},
			},
			{
				// The endpoint changes, so the URL is unknown again while
				// the policy already exists and must be planned without SPS.
				Config: config(env.URL + "/"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("terraform_data.endpoint", plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue("terraform_data.endpoint", tfjsonpath.New("output")),
						plancheck.ExpectResourceAction("sps_vnc_settings_policy.test", plancheck.ResourceActionNoop),
					},
				},
			},
		},
	})
}

func quote(s string) string { return strconv.Quote(s) }
