package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

var (
	_ datasource.DataSource              = (*vncSettingsPoliciesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*vncSettingsPoliciesDataSource)(nil)
)

type vncSettingsPoliciesDataSource struct {
	dataSourceBase
}

type settingsPoliciesModel struct {
	Policies []settingsPolicyModel `tfsdk:"policies"`
}

// NewVNCSettingsPoliciesDataSource is the constructor the provider registers.
func NewVNCSettingsPoliciesDataSource() datasource.DataSource {
	return &vncSettingsPoliciesDataSource{dataSourceBase{typeSuffix: "_vnc_settings_policies"}}
}

func (d *vncSettingsPoliciesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "All VNC settings policies on the appliance, including the built-in `default` policy, in the order SPS lists them.",
		Attributes: map[string]schema.Attribute{
			"policies": computedList("The policies, with the same attributes as the `sps_vnc_settings_policy` data source.",
				settingsPolicyDataSourceAttributes(false)),
		},
	}
}

func (d *vncSettingsPoliciesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	items, err := d.client.ListVNCSettingsPolicies(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, readOp(areaSettingsPolicies, "the VNC settings policies"), err)
		return
	}
	out := settingsPoliciesModel{Policies: mapAll(items, settingsPolicyFromAPI)}
	resp.Diagnostics.Append(resp.State.Set(ctx, out)...)
}
