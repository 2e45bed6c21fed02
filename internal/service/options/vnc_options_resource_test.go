package options_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

const optionsAddr = "sps_vnc_options.this"

func TestAccVNCOptions_auditShape(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithOptionsShape("audit"))
	srv, provider := env.Server, env.AdminBlock()

	remote := provider + `
resource "sps_vnc_options" "this" {
  service = { enabled = true, log_level = 5 }
  cleanup = { enabled = true, days = 30 }
  timestamping = {
    selection        = "remote"
    server_url       = "http://tsa.example.com/tsa"
    policy_oid       = "1.2.3"
    signing_interval = 60
  }
}
`
	remoteBody := `{
		"service": {"enabled": true, "log_level": 5},
		"audit": {
			"cleanup": {"enabled": true, "channel_database_cleanup_days": 30},
			"timestamping": {"selection": "remote", "signing_interval": 60, "server_url": "http://tsa.example.com/tsa",
				"oid": {"enabled": true, "policy_oid": "1.2.3"}}
		}
	}`
	local := provider + `
resource "sps_vnc_options" "this" {
  service      = { enabled = true, log_level = 3 }
  timestamping = { selection = "local" }
}
`
	localBody := `{
		"service": {"enabled": true, "log_level": 3},
		"audit": {
			"cleanup": {"enabled": false},
			"timestamping": {"selection": "local", "signing_interval": 30}
		}
	}`
	// Without a timestamping block the appliance keeps whatever it has.
	unmanagedTimestamping := provider + `
resource "sps_vnc_options" "this" {
  service = { enabled = true, log_level = 7 }
}
`
	unmanagedBody := `{
		"service": {"enabled": true, "log_level": 7},
		"audit": {
			"cleanup": {"enabled": false},
			"timestamping": {"selection": "local", "signing_interval": 30}
		}
	}`

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		// Destroy must leave the appliance exactly as the last apply left it.
		CheckDestroy: acctest.CheckMockOptions(srv, unmanagedBody),
		Steps: []resource.TestStep{
			{
				Config: remote,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(optionsAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("id"), knownvalue.StringExact("options")),
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("api_shape"), knownvalue.StringExact("audit")),
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("timestamping"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"selection":        knownvalue.StringExact("remote"),
						"signing_interval": knownvalue.Int64Exact(60),
						"server_url":       knownvalue.StringExact("http://tsa.example.com/tsa"),
						"policy_oid":       knownvalue.StringExact("1.2.3"),
					})),
				},
				Check: acctest.CheckMockOptions(srv, remoteBody),
			},
			{
				Config: remote,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: local,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(optionsAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("cleanup"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"enabled": knownvalue.Bool(false),
						"days":    knownvalue.Null(),
					})),
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("timestamping"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"selection":        knownvalue.StringExact("local"),
						"signing_interval": knownvalue.Int64Exact(30),
						"server_url":       knownvalue.Null(),
						"policy_oid":       knownvalue.Null(),
					})),
				},
				Check: acctest.CheckMockOptions(srv, localBody),
			},
			{
				Config: unmanagedTimestamping,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("timestamping"), knownvalue.Null()),
				},
				Check: acctest.CheckMockOptions(srv, unmanagedBody),
			},
			{
				// Another administrator switches VNC off: the plan puts it back.
				PreConfig: func() {
					if err := srv.PutVNCOptions(acctest.MustJSON(t, `{"service": {"enabled": false},
						"audit": {"cleanup": {"enabled": false}, "timestamping": {"selection": "local", "signing_interval": 30}}}`)); err != nil {
						t.Fatalf("out-of-band change: %v", err)
					}
				},
				Config: unmanagedTimestamping,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(optionsAddr, plancheck.ResourceActionUpdate)},
				},
				Check: acctest.CheckMockOptions(srv, unmanagedBody),
			},
			{
				ResourceName:      optionsAddr,
				ImportState:       true,
				ImportStateId:     "options",
				ImportStateVerify: true,
			},
			{
				Config:          unmanagedTimestamping,
				ResourceName:    optionsAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				ResourceName:  optionsAddr,
				ImportState:   true,
				ImportStateId: "vnc",
				ExpectError:   acctest.ExpectError(`fixed ID "options", got "vnc"`),
			},
		},
	})
}

func TestAccVNCOptions_legacyShape(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithOptionsShape("legacy"))
	srv, provider := env.Server, env.AdminBlock()
	config := provider + `
resource "sps_vnc_options" "this" {
  service = { enabled = true, log_level = 6 }
  cleanup = { enabled = true, days = 100 }
}
`
	body := `{"service": {"enabled": true, "log_level": 6}, "channel_database_cleanup": {"enabled": true, "days": 100}}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckMockOptions(srv, body),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("api_shape"), knownvalue.StringExact("legacy")),
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("cleanup").AtMapKey("days"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("timestamping"), knownvalue.Null()),
				},
				Check: acctest.CheckMockOptions(srv, body),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Timestamping cannot be expressed in the older format: an
				// error, and nothing on the appliance changes.
				Config: provider + `
resource "sps_vnc_options" "this" {
  service      = { enabled = true, log_level = 6 }
  cleanup      = { enabled = true, days = 100 }
  timestamping = { selection = "local" }
}
`,
				ExpectError: acctest.ExpectError(`Timestamping is not supported by this SPS appliance`),
			},
			{
				// The failed step changed nothing.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: acctest.CheckMockOptions(srv, body),
			},
			{
				Config:            config,
				ResourceName:      optionsAddr,
				ImportState:       true,
				ImportStateId:     "options",
				ImportStateVerify: true,
			},
		},
	})
}

// The smallest configuration: only the service switch. Cleanup falls back to
// its default (disabled) and the seeded timestamping is left alone.
func TestAccVNCOptions_minimal(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	config := provider + `
resource "sps_vnc_options" "this" {
  service = { enabled = false }
}
`
	body := `{"service": {"enabled": false},
		"audit": {"cleanup": {"enabled": false}, "timestamping": {"selection": "local", "signing_interval": 30}}}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckMockOptions(srv, body),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("service"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"enabled":   knownvalue.Bool(false),
						"log_level": knownvalue.Null(),
					})),
					statecheck.ExpectKnownValue(optionsAddr, tfjsonpath.New("timestamping"), knownvalue.Null()),
				},
				Check: acctest.CheckMockOptions(srv, body),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccVNCOptions_auditorForbidden(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	seeded := string(srv.VNCOptions())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckMockOptions(srv, seeded),
		Steps: []resource.TestStep{
			{
				Config: env.AuditorBlock() + `
resource "sps_vnc_options" "this" {
  service = { enabled = false }
}
`,
				ExpectError: acctest.ExpectError(`The SPS user lacks write permission`),
			},
		},
	})
}

func TestAccVNCOptions_validation(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t).AdminBlock()
	step := func(body, wantErr string) resource.TestStep {
		return resource.TestStep{
			Config:      provider + "resource \"sps_vnc_options\" \"this\" {\n" + body + "\n}\n",
			PlanOnly:    true,
			ExpectError: acctest.ExpectError(wantErr),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`cleanup = { enabled = false }`, `"service" is required`),
			step(`service = { enabled = false, log_level = 4 }`, `service.log_level can only be set when service.enabled is true`),
			step(`service = { enabled = true }`, `service.log_level is required when service.enabled is true`),
			step(`service = { enabled = true, log_level = 8 }`, `log_level value must be between 0 and 7`),
			step(`
  service = { enabled = true, log_level = 4 }
  cleanup = { enabled = false, days = 10 }`, `cleanup.days can only be set when cleanup.enabled is true`),
			step(`
  service = { enabled = true, log_level = 4 }
  cleanup = { days = 10 }`, `cleanup.days can only be set when`),
			step(`
  service = { enabled = true, log_level = 4 }
  cleanup = { enabled = true }`, `cleanup.days is required when cleanup.enabled is true`),
			step(`
  service = { enabled = true, log_level = 4 }
  cleanup = { enabled = true, days = 0 }`, `days value must be at least 1`),
			step(`
  service      = { enabled = true, log_level = 4 }
  timestamping = { selection = "remote" }`, `timestamping.server_url is required when timestamping.selection is "remote"`),
			step(`
  service      = { enabled = true, log_level = 4 }
  timestamping = { selection = "local", server_url = "http://tsa.example.com" }`, `server_url can only be set when timestamping.selection is "remote"`),
			step(`
  service      = { enabled = true, log_level = 4 }
  timestamping = { selection = "local", policy_oid = "1.2.3" }`, `policy_oid can only be set when`),
			step(`
  service      = { enabled = true, log_level = 4 }
  timestamping = { selection = "remote", server_url = "tsa.example.com" }`, `must be an http:// or https:// URL`),
			step(`
  service      = { enabled = true, log_level = 4 }
  timestamping = { selection = "remote", server_url = "http://tsa", policy_oid = "one.two" }`, `must be a dotted OID`),
			step(`
  service      = { enabled = true, log_level = 4 }
  timestamping = { selection = "external" }`, `selection value must be one of`),
			step(`
  service      = { enabled = true, log_level = 4 }
  timestamping = { selection = "local", signing_interval = 0 }`, `signing_interval value must be at least 1`),
		},
	})
}
