package vnc

import (
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
)

// builtinMark is appended to the display name of the policies SPS ships
// with (negative keys), so `terraform query` output tells them apart.
const builtinMark = framework.BuiltinMark

// settingsPolicyListSchema is the configuration of the list resource that
// lists the VNC settings policies for `terraform query` (Terraform 1.14+):
// every policy with its identity and, with include_resource, its full
// resource state, which is what `terraform query -generate-config-out`
// turns into configuration.
func settingsPolicyListSchema() *listschema.Schema {
	return &listschema.Schema{
		MarkdownDescription: "Lists the VNC settings policies of the appliance, built-in ones included. Each result " +
			"has the policy's identity (`key`) and its name as display name; built-in policies (negative keys, " +
			"such as `default`) are shown as `<name>" + builtinMark + "`.",
		Attributes: framework.NameFilter("policies", nil),
	}
}

// NewSettingsPolicyListResource is the constructor the provider registers.
func NewSettingsPolicyListResource() list.ListResource {
	return framework.NewKeyedList(settingsPolicies)()
}
