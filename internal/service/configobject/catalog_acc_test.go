package configobject_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// familyViolations is one configuration with one documented rule broken
// per family the catalog documents fields of (and a read-only family), a
// value the reference says has no effect, and bodies the reference does
// not document (a family with no documented field, a family the catalog
// does not cover, an undocumented field of a partly documented object),
// which pass silently. Each diagnostic is
// told apart by its resource and its path in words.
const familyViolations = `
resource "sps_config_object" "conn" {
  path = "ssh/connections"
  body = { name = "gw", access_control = [{ authorizer = "ops", permission = "watch" }] }
}
resource "sps_config_object" "channel" {
  path = "ssh/channel_policies"
  body = { name = "shell", rules = [{ actions = { audit = "yes" } }] }
}
resource "sps_config_object" "ssh_settings" {
  path = "ssh/settings_policies"
  body = { name = "strict", client_side_algorithms = { ciphers = ["aes256-ctr"] } }
}
resource "sps_config_object" "telnet_settings" {
  path = "telnet/settings_policies"
  body = { name = "tls", client_tls_security_settings = { minimum_tls_version = "TLSv1_3" } }
}
resource "sps_config_object" "http_settings" {
  path = "http/settings_policies"
  body = { name = "web", server_tls_security_settings = { cipher_strength = { selection = "strong" } } }
}
resource "sps_config_object" "vnc_settings" {
  path = "vnc/settings_policies"
  body = { name = "vnc strict" }
}
resource "sps_config_settings" "rdp_options" {
  path = "rdp/options"
  body = { channel_database_cleanup = { enabled = true, days = "thirty" } }
}
resource "sps_config_settings" "telnet_options" {
  path = "telnet/options"
  body = { channel_database_cleanup = { enabled = false, days = 30 } }
}
resource "sps_config_object" "audit" {
  path = "policies/audit_policies"
  body = { name = "tsa", timestamping = { enabled = true, server = { selection = "external" } } }
}
resource "sps_config_object" "archive" {
  path = "policies/archive_cleanup_policies"
  body = { name = "nightly", retention = 30 }
}
resource "sps_config_object" "ldap" {
  path = "policies/ldap_servers"
  body = { name = "corp", schema = { selection = "posix", membership_check = { enabled = "true" } } }
}
resource "sps_config_object" "time" {
  path = "policies/time_policies"
  body = { name = "workhours", Mon = [["08:00"]] }
}
resource "sps_config_object" "plugin" {
  path = "plugins/credentialstore"
  body = { name = "vault", version = 2 }
}
resource "sps_config_object" "group" {
  path = "aaa/local_database/groups"
  body = { name = ["ops"] }
}
resource "sps_config_settings" "webui" {
  path = "management/webinterface"
  body = { timeout = "10m" }
}
resource "sps_config_settings" "acls" {
  path = "aaa/acls"
  body = { anything = 1 }
}
resource "sps_config_object" "content" {
  path = "policies/content_policies"
  body = { whatever = { goes = ["here", 1] } }
}
resource "sps_config_object" "backup" {
  path = "policies/backup_policies"
  body = { name = 1, target = { anything = true } }
}
resource "sps_config_object" "conn_undocumented" {
  path = "ssh/connections"
  body = { name = "gw2", gateway_authentication = { selection = "anything" }, indexing = { enabled = true } }
}
`

// Through the real CLI, one validate: each family's violation is an error
// (the "applies only if" one a warning) on its resource, with the path in
// words, the rule and the reference's section; the undocumented bodies get
// no diagnostic at all.
func TestAccConfigObject_catalogPerFamilyCLI(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	tf := acctest.NewTestCLI(t, acctest.AcceptanceCLIPath(t), t.TempDir(), acctest.ServeProviderForCLI(t))
	tf.WriteFile("main.tf", acctest.RequiredProvidersBlock+familyViolations)
	tf.Run(0, "init", "-no-color")
	out := tf.Run(1, "validate", "-no-color")
	blocks := diagnosticBlocks(out)
	want := []struct{ severity, address, detail string }{
		{"Error", "sps_config_object.conn", "body.access_control[0].permission: must be one of: audit, authorize, audit_and_authorize"},
		{"Error", "sps_config_object.channel", "body.rules[0].actions.audit: must be true or false"},
		{"Error", "sps_config_object.ssh_settings", `body.client_side_algorithms.ciphers: not a documented field`},
		{"Error", "sps_config_object.telnet_settings", "body.client_tls_security_settings.minimum_tls_version: must be one of: TLSv1_2, TLSv1_1, TLSv1_0"},
		{"Error", "sps_config_object.http_settings", "body.server_tls_security_settings.cipher_strength.selection: must be one of: recommended, custom"},
		{"Error", "sps_config_object.vnc_settings", "body.name: cannot contain whitespace"},
		{"Error", "sps_config_settings.rdp_options", "body.channel_database_cleanup.days: must be a whole number"},
		{"Warning", "sps_config_settings.telnet_options", "body.channel_database_cleanup.days: applies only if channel_database_cleanup.enabled is true"},
		{"Error", "sps_config_object.audit", "body.timestamping.server.selection: must be one of: local, remote"},
		{"Error", "sps_config_object.archive", "body.retention: not a documented field"},
		{"Error", "sps_config_object.ldap", "body.schema.membership_check.enabled: must be true or false"},
		{"Error", "sps_config_object.time", `body.Mon[0]: each interval is ["hh:mm", "hh:mm"]`},
		{"Error", "sps_config_object.plugin", "body.version: must be a string"},
		{"Error", "sps_config_object.group", "body.name: must be a string"},
		{"Error", "sps_config_settings.webui", "body.timeout: must be a whole number"},
		{"Error", "sps_config_settings.acls", "aaa/acls is read-only over the SPS REST API"},
	}
	for _, w := range want {
		found := 0
		for _, b := range blocks {
			if strings.HasPrefix(b, w.severity+": ") && strings.Contains(b, "with "+w.address+",") && strings.Contains(flatten(b), w.detail) {
				found++
				if !strings.Contains(flatten(b), "reference/") && !strings.Contains(flatten(b), "seeds/") {
					t.Errorf("%s: the diagnostic does not cite the reference:\n%s", w.address, b)
				}
			}
		}
		if found != 1 {
			t.Errorf("%d %s diagnostics on %s saying %q; want 1", found, w.severity, w.address, w.detail)
		}
	}
	for _, quiet := range []string{"sps_config_object.content", "sps_config_object.backup", "sps_config_object.conn_undocumented"} {
		for _, b := range blocks {
			if strings.Contains(b, "with "+quiet+",") {
				t.Errorf("%s has a diagnostic:\n%s", quiet, b)
			}
		}
	}
	if len(blocks) != len(want) {
		t.Errorf("%d diagnostics; want %d:\n%s", len(blocks), len(want), out)
	}
}

// diagnosticBlocks splits CLI output into its Error: and Warning: blocks,
// each starting with its severity.
func diagnosticBlocks(out string) []string {
	starts := regexp.MustCompile(`(?m)^(Error|Warning): `).FindAllStringIndex(out, -1)
	blocks := make([]string, len(starts))
	for i, at := range starts {
		end := len(out)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		blocks[i] = out[at[0]:end]
	}
	return blocks
}

// flatten joins the CLI's wrapped lines.
func flatten(s string) string { return strings.Join(strings.Fields(s), " ") }

// A value from another resource is not known at plan time: the plan
// passes, and the value is checked when apply learns it. A group's name
// becomes a connection policy's server_address.selection: "fix" applies,
// "fixed" is refused before anything is written for that policy, and so is
// "fix" without the port it requires.
func TestAccConfigObject_catalogUnknownCheckedWhenKnown(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	policy := func(name, group, port string) string {
		// Each name comes from its own list: SPS refuses a name twice in one.
		lists := map[string]string{"good": "aaa/local_database/groups", "bad": "aaa/local_database/groups", "noport": "policies/userlists"}
		return fmt.Sprintf(`
resource "sps_config_object" "group_%[1]s" {
  path = %[4]q
  body = { name = %[2]q }
}
resource "sps_config_object" "conn_%[1]s" {
  path = "ssh/connections"
  body = {
    name           = %[1]q
    server_address = { selection = sps_config_object.group_%[1]s.output.name, address = "10.0.0.1"%[3]s }
  }
}
`, name, group, port, lists[name])
	}
	// noport breaks a rule between fields: only the whole body, as
	// ModifyPlan checks it, shows that port is missing once selection is
	// known to be fix.
	good := policy("good", "fix", ", port = 22")
	config := env.AdminBlock() + good + policy("bad", "fixed", ", port = 22") + policy("noport", "fix", "")
	const (
		fixed  = `body\.server_address\.selection: must be one of: original, nat, fix,\s+inband;\s+got the string "fixed"`
		noPort = `body\.server_address\.port: required if selection is fix`
	)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// The plan passes: the selections are not known yet.
			{Config: config, PlanOnly: true, ExpectNonEmptyPlan: true},
			// The apply learns them: "fixed" is refused, and "fix" without
			// a port (in either order of the two diagnostics).
			{
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)(` + fixed + `.*` + noPort + `|` + noPort + `.*` + fixed + `)`),
			},
			// Known now, the refused one fails at plan time.
			{
				Config:      config,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(fixed),
			},
			{
				Config: env.AdminBlock() + good,
				Check: func(*terraform.State) error {
					if _, _, err := mockObject(srv, "ssh/connections", "good"); err != nil {
						return fmt.Errorf("the valid policy was not created: %w", err)
					}
					for _, refused := range []string{"bad", "noport"} {
						if key, _, err := mockObject(srv, "ssh/connections", refused); err == nil {
							return fmt.Errorf("the refused policy %q reached the mock as %s", refused, key)
						}
					}
					return nil
				},
			},
		},
	})
}
