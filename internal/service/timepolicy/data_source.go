package timepolicy

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
)

// dataSource reads one time policy by key or by name, through the
// definition (the same model as the resource).
type dataSource struct {
	framework.DataSourceBase
}

var (
	_ datasource.DataSourceWithConfigure        = (*dataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*dataSource)(nil)
)

func (d *dataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	interval := map[string]schema.Attribute{
		"start": framework.ComputedString(descEnd("start")),
		"end":   framework.ComputedString(descEnd("end")),
	}
	attrs := map[string]schema.Attribute{
		"id":   schema.StringAttribute{MarkdownDescription: descKey, Optional: true, Computed: true},
		"name": schema.StringAttribute{MarkdownDescription: descName(), Optional: true, Computed: true},
	}
	for _, day := range days {
		attrs[attrOf(day)] = framework.ComputedList(descDay(day), interval)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One time policy of the appliance, by `id` (its key) or by `name`: set exactly one of " +
			"the two. To manage it, use the `sps_time_policy` resource.",
		Attributes: attrs,
	}
}

func (d *dataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *dataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg timePolicyModel
	if !d.ReadConfig(ctx, req.Config, &cfg, &resp.Diagnostics) {
		return
	}
	op := diagnostics.ReadOp(diagnostics.ConfigArea(tfType+" data source", area), "read the time policies")
	if !cfg.ID.IsNull() {
		m, diags, err := timePolicies.Read(ctx, d.Client, area, cfg.ID.ValueString())
		if err != nil {
			diagnostics.AddClientError(&resp.Diagnostics, op, err)
			return
		}
		resp.Diagnostics.Append(diags...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	all, diags, err := timePolicies.ReadAll(ctx, d.Client, area)
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, op, err)
		return
	}
	resp.Diagnostics.Append(diags...)
	for i := range all {
		if all[i].Name.ValueString() == cfg.Name.ValueString() {
			resp.Diagnostics.Append(resp.State.Set(ctx, &all[i])...)
			return
		}
	}
	resp.Diagnostics.AddAttributeError(path.Root("name"), "No such time policy",
		fmt.Sprintf("SPS has no time policy named %q.", cfg.Name.ValueString()))
}
