package framework

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// BuiltinMark is appended to the display name of the objects SPS ships
// with (negative keys), so `terraform query` output tells them apart.
const BuiltinMark = " (built-in)"

// KeyedList is the list resource of a Keyed definition (`terraform query`,
// Terraform 1.14+): every object of the area with its identity and, with
// include_resource, its whole resource state, which is what `terraform
// query -generate-config-out` turns into configuration. The area's list is
// read once, through the client's cache.
type KeyedList[M any] struct {
	ResourceBase
	def *Keyed[M]
}

var (
	_ list.ListResourceWithConfigure      = (*KeyedList[struct{}])(nil)
	_ list.ListResourceWithValidateConfig = (*KeyedList[struct{}])(nil)
)

// NewKeyedList returns the constructor the provider registers for def's
// list resource.
func NewKeyedList[M any](def *Keyed[M]) func() list.ListResource {
	return func() list.ListResource {
		return &KeyedList[M]{ResourceBase: ResourceBase{TypeSuffix: def.TypeSuffix}, def: def}
	}
}

// NameFilter adds the name filters every keyed list resource has to
// attrs; plural names the objects ("policies").
func NameFilter(plural string, attrs map[string]listschema.Attribute) map[string]listschema.Attribute {
	if attrs == nil {
		attrs = map[string]listschema.Attribute{}
	}
	attrs["name_regex"] = listschema.StringAttribute{
		MarkdownDescription: "Only list " + plural + " whose name matches this regular expression " +
			"(RE2 syntax, unanchored: use `^` and `$` to match the whole name).",
		Optional: true,
	}
	attrs["include_builtin"] = listschema.BoolAttribute{
		MarkdownDescription: "Whether to list the built-in " + plural + " too. Defaults to `true`.",
		Optional:            true,
	}
	return attrs
}

type nameFilterConfig struct {
	NameRegex      types.String `tfsdk:"name_regex"`
	IncludeBuiltin types.Bool   `tfsdk:"include_builtin"`
}

func (r *KeyedList[M]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = *r.def.ListSchema
}

func (r *KeyedList[M]) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	var pattern types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name_regex"), &pattern)...)
	if resp.Diagnostics.HasError() || pattern.IsNull() || pattern.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(pattern.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid regular expression",
			fmt.Sprintf("name_regex %q is not a valid RE2 regular expression: %s", pattern.ValueString(), err))
	}
}

// listFilter reads name_regex and include_builtin.
func listFilter(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) (match *regexp.Regexp, includeBuiltin bool) {
	var cfg nameFilterConfig
	diags.Append(config.GetAttribute(ctx, path.Root("name_regex"), &cfg.NameRegex)...)
	diags.Append(config.GetAttribute(ctx, path.Root("include_builtin"), &cfg.IncludeBuiltin)...)
	if !diags.HasError() && !cfg.NameRegex.IsNull() {
		var err error
		if match, err = regexp.Compile(cfg.NameRegex.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
		}
	}
	return match, cfg.IncludeBuiltin.IsNull() || cfg.IncludeBuiltin.ValueBool()
}

// List streams every object of the area (from the client's cached list
// request), filtered by name_regex and include_builtin; built-in objects
// (negative keys, sps.IsBuiltinKey) are marked in their display name.
func (r *KeyedList[M]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	match, includeBuiltin := listFilter(ctx, req.Config, &diags)
	area := r.listArea(ctx, req.Config, &diags)
	if diags.HasError() || !RequireClient(r.Client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	objs, err := r.Client.Objects(area).List(ctx)
	if err != nil {
		diagnostics.AddClientError(&diags, diagnostics.ReadOp(r.def.ListDiag, "the "+r.def.plural(area)), err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	// An object whose model cannot be built (a body Terraform cannot
	// hold) is one result with an error, not the end of the listing.
	type listed struct {
		m     M
		diags diag.Diagnostics
	}
	var selected []listed
	for i := range objs {
		m, d := r.def.Model(ctx, ModelInput[M]{After: ForList, Area: area, Object: &objs[i]})
		if !d.HasError() && ((!includeBuiltin && sps.IsBuiltinKey(objs[i].Key)) || (match != nil && !match.MatchString(r.def.Name(&m)))) {
			continue
		}
		selected = append(selected, listed{m, d})
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i := range selected {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			if selected[i].diags.HasError() {
				result.Diagnostics = selected[i].diags
			} else {
				r.fill(ctx, req, &result, &selected[i].m)
			}
			if !push(result) {
				return
			}
		}
	}
}

func (r *KeyedList[M]) listArea(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) *sps.Area {
	if r.def.ListArea != nil {
		a, d := r.def.ListArea(ctx, config)
		diags.Append(d...)
		return a
	}
	var zero M
	a, d := r.def.Area(&zero)
	diags.Append(d...)
	return a
}

// fill makes result the list result of m.
func (r *KeyedList[M]) fill(ctx context.Context, req list.ListRequest, result *list.ListResult, m *M) {
	key := r.def.Key(m)
	result.DisplayName = r.def.Name(m)
	if result.DisplayName == "" {
		result.DisplayName = key
	}
	if sps.IsBuiltinKey(key) {
		result.DisplayName += BuiltinMark
	}
	if r.def.SetIdentity != nil {
		result.Diagnostics.Append(r.def.SetIdentity(ctx, result.Identity, m)...)
	} else {
		result.Diagnostics.Append(SetKeyIdentity(ctx, result.Identity, key)...)
	}
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
	}
}
