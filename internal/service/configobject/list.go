package configobject

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// objectListSchema is the configuration of the sps_config_object list
// resource: the endpoint to list, and the name filters.
func objectListSchema() *listschema.Schema {
	return &listschema.Schema{
		MarkdownDescription: "Lists the objects of any list endpoint of SPS's configuration, built-in ones " +
			"included, for `terraform query` (Terraform 1.14+). Each result has the object's identity (`path` and " +
			"`key`) and its name (or key) as display name; built-in objects (negative keys) are shown as " +
			"`<name>" + framework.BuiltinMark + "`. With `-generate-config-out`, each becomes an `import` block and " +
			"an `sps_config_object` whose `body` is the whole object as SPS holds it, references as keys: the plan " +
			"that follows imports with no changes, and fields you delete from `body` stay on SPS unmanaged. " +
			"Read-only endpoints (the connection policies of protocols other than SSH and RDP) can be listed, but " +
			"not adopted.",
		Attributes: framework.NameFilter("objects", map[string]listschema.Attribute{
			"path": listschema.StringAttribute{
				MarkdownDescription: "The list endpoint, relative to `/api/configuration` (a leading " +
					"`/api/configuration/` is accepted): for example `ssh/connections` or `policies/time_policies`.",
				Required:   true,
				Validators: []validator.String{pathValidator{}},
			},
		}),
	}
}

// listArea is the area a list resource's configuration names.
func listArea(ctx context.Context, config tfsdk.Config) (*sps.Area, diag.Diagnostics) {
	var p types.String
	diags := config.GetAttribute(ctx, path.Root("path"), &p)
	if diags.HasError() {
		return nil, diags
	}
	r, d := rel(p)
	diags.Append(d...)
	return areaFor(r, types.DynamicNull()), diags
}
