package vnc

import (
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
)

// optionsListSchema is the configuration of the list resource of the one
// VNC options object, so `terraform query -generate-config-out` can adopt
// it together with the policies.
func optionsListSchema() *listschema.Schema {
	return &listschema.Schema{
		MarkdownDescription: "Lists the global VNC options of the appliance: always exactly one result, with the " +
			"identity `key = \"" + vncOptionsID + "\"`. With `include_resource`, `timestamping` is left out (null), " +
			"as after `terraform import`: add it to the generated configuration to manage it.",
	}
}

// NewOptionsListResource is the constructor the provider registers.
func NewOptionsListResource() list.ListResource { return framework.NewSingletonList(options)() }
