package vnc

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var (
	_ datasource.DataSource              = (*vncSettingsPoliciesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*vncSettingsPoliciesDataSource)(nil)
)

type vncSettingsPoliciesDataSource struct {
	framework.DataSourceBase
}

type settingsPoliciesModel struct {
	Policies []settingsPolicyModel `tfsdk:"policies"`
}

// NewVNCSettingsPoliciesDataSource is the constructor the provider registers.
func NewSettingsPoliciesDataSource() datasource.DataSource {
	return &vncSettingsPoliciesDataSource{framework.DataSourceBase{TypeSuffix: "_vnc_settings_policies"}}
}

func (d *vncSettingsPoliciesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "All VNC settings policies on the appliance, including the built-in `default` policy, in the order SPS lists them.",
		Attributes: map[string]schema.Attribute{
			"policies": framework.ComputedList("The policies, with the same attributes as the `sps_vnc_settings_policy` data source.",
				settingsPolicyDataSourceAttributes(false)),
		},
	}
}

func (d *vncSettingsPoliciesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	all, diags, err := settingsPolicies.ReadAll(ctx, d.Client, sps.VNCSettingsPolicies)
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagnostics.AreaSettingsPolicies, "the VNC settings policies"), err)
		return
	}
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, settingsPoliciesModel{Policies: all})...)
}
