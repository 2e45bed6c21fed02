package provider

// Shared acceptance-test helpers. Every test starts its own in-process mock
// appliance (internal/mocksps) on an httptest server, so tests can run in
// parallel and can inspect and change the appliance's committed state
// directly, without going through the provider.

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

// testAccProtoV6ProviderFactories runs the provider in-process; Terraform
// never downloads anything.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"sps": NewProtocol6Server(New("test")()),
}

// mockPolicyByName finds a committed settings policy by name and returns
// its key and decoded body.
func mockPolicyByName(srv *mocksps.Server, name string) (key string, body map[string]any, err error) {
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

// checkMockPolicy asserts the body the mock committed for the named policy,
// so tests check what reached the appliance and not only Terraform state.
func checkMockPolicy(srv *mocksps.Server, name, wantJSON string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, got, err := mockPolicyByName(srv, name)
		if err != nil {
			return err
		}
		return jsonEqual("settings policy "+name, got, wantJSON)
	}
}

// checkMockOptions asserts the VNC options body the mock committed.
func checkMockOptions(srv *mocksps.Server, wantJSON string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got map[string]any
		if err := json.Unmarshal(srv.VNCOptions(), &got); err != nil {
			return fmt.Errorf("VNC options body is not JSON: %w", err)
		}
		return jsonEqual("VNC options", got, wantJSON)
	}
}

const defaultPolicyKey = "-30211"

// checkOnlyDefaultPolicy is the CheckDestroy of policy tests: after destroy
// the appliance holds the built-in policy and nothing else.
func checkOnlyDefaultPolicy(srv *mocksps.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		policies := srv.SettingsPolicies()
		if _, ok := policies[defaultPolicyKey]; !ok || len(policies) != 1 {
			keys := make([]string, 0, len(policies))
			for k := range policies {
				keys = append(keys, k)
			}
			return fmt.Errorf("after destroy the mock should hold only the default policy, it holds %v", keys)
		}
		return nil
	}
}
