package acctest

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

// DefaultPolicyKey is the key of the settings policy built into SPS.
const DefaultPolicyKey = "-30211"

// MockPolicyByName finds a committed settings policy by name and returns
// its key and decoded body.
func MockPolicyByName(srv *mocksps.Server, name string) (key string, body map[string]any, err error) {
	for k, raw := range srv.SettingsPolicies() {
		var b map[string]any
		if err := json.Unmarshal(raw, &b); err != nil {
			return "", nil, fmt.Errorf("policy %s: body is not JSON: %w", k, err)
		}
		if b["name"] == name {
			return k, b, nil
		}
	}
	return "", nil, fmt.Errorf("the mock has no committed settings policy named %q", name)
}

// CheckMockPolicy asserts the body the mock committed for the named policy,
// so tests check what reached the appliance and not only Terraform state.
func CheckMockPolicy(srv *mocksps.Server, name, wantJSON string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, got, err := MockPolicyByName(srv, name)
		if err != nil {
			return err
		}
		return jsonEqual("settings policy "+name, got, wantJSON)
	}
}

// CheckMockOptions asserts the VNC options body the mock committed.
func CheckMockOptions(srv *mocksps.Server, wantJSON string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got map[string]any
		if err := json.Unmarshal(srv.VNCOptions(), &got); err != nil {
			return fmt.Errorf("VNC options body is not JSON: %w", err)
		}
		return jsonEqual("VNC options", got, wantJSON)
	}
}

// CheckOnlyDefaultPolicy is the CheckDestroy of policy tests: after destroy
// the appliance holds the built-in policy and nothing else.
func CheckOnlyDefaultPolicy(srv *mocksps.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		policies := srv.SettingsPolicies()
		if _, ok := policies[DefaultPolicyKey]; !ok || len(policies) != 1 {
			keys := make([]string, 0, len(policies))
			for k := range policies {
				keys = append(keys, k)
			}
			return fmt.Errorf("after destroy the mock should hold only the default policy, it holds %v", keys)
		}
		return nil
	}
}

// SettingsPolicy is one settings policy of a configuration, rendered both
// as HCL and as the body the mock must hold.
type SettingsPolicy struct {
	Addr, Name   string
	Timeout      int
	Inactivity   int // 0 = disabled
	Preconnect   bool
	ClientCipher string // "" = recommended
	ClientTLS    string
}

// HCL is the policy as a sps_vnc_settings_policy resource block.
func (p SettingsPolicy) HCL() string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"sps_vnc_settings_policy\" %q {\n  name = %q\n  timeout = %d\n  preconnect_channel_check = %t\n",
		p.Addr, p.Name, p.Timeout, p.Preconnect)
	if p.Inactivity > 0 {
		fmt.Fprintf(&b, "  inactivity_timeout = { enabled = true, value = %d }\n", p.Inactivity)
	}
	cipher := `{ selection = "recommended" }`
	if p.ClientCipher != "" {
		cipher = fmt.Sprintf(`{ selection = "custom", custom_cipher = %q }`, p.ClientCipher)
	}
	fmt.Fprintf(&b, "  client_tls_security_settings = { cipher_strength = %s, minimum_tls_version = %q }\n}\n", cipher, p.ClientTLS)
	return b.String()
}

// Body is the policy as the mock stores it (NormJSON).
func (p SettingsPolicy) Body() map[string]any {
	inact := map[string]any{"enabled": false}
	if p.Inactivity > 0 {
		inact = map[string]any{"enabled": true, "value": p.Inactivity}
	}
	cipher := map[string]any{"selection": "recommended"}
	if p.ClientCipher != "" {
		cipher = map[string]any{"selection": "custom", "custom_cipher": p.ClientCipher}
	}
	return NormJSON(map[string]any{
		"name": p.Name, "timeout": p.Timeout, "preconnect_channel_check": p.Preconnect,
		"inactivity_timeout":           inact,
		"client_tls_security_settings": map[string]any{"cipher_strength": cipher, "minimum_tls_version": p.ClientTLS},
		"server_tls_security_settings": map[string]any{"cipher_strength": map[string]any{"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"},
	}).(map[string]any)
}
