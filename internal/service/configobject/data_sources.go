package configobject

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var (
	_ datasource.DataSourceWithConfigure = (*objectDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*objectsDataSource)(nil)
)

const descDataPath = "The endpoint, relative to `/api/configuration` (a leading `/api/configuration/` is accepted): " +
	"for example `ssh/connections`. Read-only endpoints can be read too."

// objectDataSource is the data source sps_config_object: one object of a
// list endpoint, as SPS holds it.
type objectDataSource struct{ framework.DataSourceBase }

type objectDataModel struct {
	Path   types.String  `tfsdk:"path"`
	Key    types.String  `tfsdk:"key"`
	ID     types.String  `tfsdk:"id"`
	Output types.Dynamic `tfsdk:"output"`
}

// NewObjectDataSource is the constructor the provider registers.
func NewObjectDataSource() datasource.DataSource {
	return &objectDataSource{framework.DataSourceBase{TypeSuffix: "_config_object"}}
}

func (d *objectDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One object of any list endpoint of SPS's configuration (`/api/configuration`), as SPS " +
			"holds it, by its key.",
		Attributes: map[string]schema.Attribute{
			"path": schema.StringAttribute{MarkdownDescription: descDataPath, Required: true,
				Validators: []validator.String{pathValidator{}}},
			"key": schema.StringAttribute{MarkdownDescription: descIdentityKey, Required: true,
				Validators: []validator.String{keyValidator{}}},
			"id": framework.ComputedString(descID),
			"output": schema.DynamicAttribute{Computed: true, MarkdownDescription: "The whole object as SPS holds it, " +
				"references included as SPS answers them (`{ key = ..., meta = { href = ... } }`)."},
		},
	}
}

func (d *objectDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg objectDataModel
	if !d.ReadConfig(ctx, req.Config, &cfg, &resp.Diagnostics) {
		return
	}
	r, diags := rel(cfg.Path)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	key := cfg.Key.ValueString()
	m, diags, err := objects.Read(ctx, d.Client, areaFor(r, types.DynamicNull()), key)
	if sps.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("key"), "SPS object not found",
			"SPS has no object "+quoted(key)+" under "+r+". Check the key; the sps_config_objects data source lists "+
				"the keys of "+r+".")
		return
	}
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagObjectData, nounOf(r)+" "+quoted(key)), err)
		return
	}
	resp.Diagnostics.Append(diags...)
	cfg.ID, cfg.Output = m.ID, m.Output
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// objectsDataSource is the data source sps_config_objects: every object of
// a list endpoint.
type objectsDataSource struct{ framework.DataSourceBase }

type objectsDataModel struct {
	Path    types.String  `tfsdk:"path"`
	Keys    types.List    `tfsdk:"keys"`
	Objects types.Dynamic `tfsdk:"objects"`
}

// NewObjectsDataSource is the constructor the provider registers.
func NewObjectsDataSource() datasource.DataSource {
	return &objectsDataSource{framework.DataSourceBase{TypeSuffix: "_config_objects"}}
}

func (d *objectsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every object of a list endpoint of SPS's configuration (`/api/configuration`), as SPS " +
			"holds them: their keys in SPS's order, and their bodies by key.",
		Attributes: map[string]schema.Attribute{
			"path": schema.StringAttribute{MarkdownDescription: descDataPath, Required: true,
				Validators: []validator.String{pathValidator{}}},
			"keys": schema.ListAttribute{ElementType: types.StringType, Computed: true,
				MarkdownDescription: "The keys of the objects, in the order SPS lists them (negative for built-in objects)."},
			"objects": schema.DynamicAttribute{Computed: true, MarkdownDescription: "The objects' bodies by key, as SPS " +
				"holds them: `data.sps_config_objects.x.objects[\"-100\"].name`."},
		},
	}
}

func (d *objectsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg objectsDataModel
	if !d.ReadConfig(ctx, req.Config, &cfg, &resp.Diagnostics) {
		return
	}
	r, diags := rel(cfg.Path)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, diags, err := objects.ReadAll(ctx, d.Client, areaFor(r, types.DynamicNull()))
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagObjectsData, "the objects of "+r), err)
		return
	}
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	keys := make([]attr.Value, len(all))
	bodies := make(map[string]attr.Value, len(all))
	bodyTypes := make(map[string]attr.Type, len(all))
	for i, m := range all {
		keys[i] = m.Key
		v := attr.Value(types.DynamicNull())
		if u := m.Output.UnderlyingValue(); u != nil {
			v = u
		}
		bodies[m.Key.ValueString()], bodyTypes[m.Key.ValueString()] = v, v.Type(ctx)
	}
	cfg.Keys = types.ListValueMust(types.StringType, keys)
	obj, d2 := types.ObjectValue(bodyTypes, bodies)
	resp.Diagnostics.Append(d2...)
	cfg.Objects = types.DynamicValue(obj)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
