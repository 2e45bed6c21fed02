package options

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// dataSource reads a protocol's options as SPS holds them, timestamping
// and switches included: a data source manages nothing, so it leaves
// nothing out.
type dataSource[M any, P model[M]] struct {
	framework.DataSourceBase
	p    protocol
	area func(*M) *sps.Area
}

var _ datasource.DataSourceWithConfigure = (*dataSource[optionsModel, *optionsModel])(nil)

func newDataSource[M any, P model[M]](p protocol, def *framework.Singleton[M]) func() datasource.DataSource {
	return func() datasource.DataSource {
		return &dataSource[M, P]{
			DataSourceBase: framework.DataSourceBase{TypeSuffix: def.TypeSuffix},
			p:              p,
			area: func(m *M) *sps.Area {
				a, _ := def.Area(m)
				return a
			},
		}
	}
}

func (d *dataSource[M, P]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	t := d.p.title
	attrs := map[string]schema.Attribute{
		"id":        framework.ComputedString("Always `" + optionsKey + "`, the key of the options object in the SPS API."),
		"api_shape": framework.ComputedString("Which format the appliance uses for the options: " + d.p.words().apiShape),
		"service": framework.ComputedObject("Whether "+t+" connections are allowed, and how much SPS logs about them.", map[string]schema.Attribute{
			"enabled":   framework.ComputedBool("Whether " + t + " connections through SPS are allowed."),
			"log_level": framework.ComputedInt64("Log detail of " + t + " connections; null while `enabled` is false."),
		}),
		"cleanup": framework.ComputedObject("Global cleanup of "+t+" connection metadata.", map[string]schema.Attribute{
			"enabled": framework.ComputedBool("Whether the metadata of " + t + " connections older than `days` is deleted."),
			"days":    framework.ComputedInt64("Retention time of " + t + " connection metadata, in days; null while `enabled` is false."),
		}),
		"timestamping": framework.ComputedObject("Timestamping of "+t+" audit trails; null where the options have no `audit` section.", map[string]schema.Attribute{
			"selection":        framework.ComputedString("`local` (SPS timestamps the audit trails itself) or `remote` (a timestamping server at `server_url`)."),
			"signing_interval": framework.ComputedInt64("How often audit trails are timestamped, in seconds."),
			"server_url":       framework.ComputedString("URL of the timestamping server (remote only)."),
			"policy_oid":       framework.ComputedString("OID of the timestamping policy requested from the remote server, if any."),
		}),
	}
	for _, sw := range d.p.switches {
		attrs[sw.name] = framework.ComputedObject("The `"+sw.name+"` switch of the "+t+" options; null when SPS holds none.",
			map[string]schema.Attribute{"enabled": framework.ComputedBool(sw.enabledDoc)})
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The global " + t + " options of the appliance as SPS holds them, in either documented format " +
			"(see `api_shape`). To manage them, use the `sps_" + d.p.name + "_options` resource.",
		Attributes: attrs,
	}
}

func (d *dataSource[M, P]) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	var m M
	obj, err := d.Client.Settings(d.area(&m)).Get(ctx)
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagnostics.ConfigArea("sps_"+d.p.name+"_options data source", d.area(&m)), "the "+d.p.title+" options"), err)
		return
	}
	s, err := settingsOf(obj.Fields, d.p.title, d.p.switchNames())
	if err != nil {
		resp.Diagnostics.AddError("Unexpected "+d.p.title+" options from SPS", err.Error())
		return
	}
	fill[M, P](&m, s, manageAll[M, P](&m))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
