package vnc

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var (
	_ list.ListResource                   = (*vncSettingsPolicyListResource)(nil)
	_ list.ListResourceWithConfigure      = (*vncSettingsPolicyListResource)(nil)
	_ list.ListResourceWithValidateConfig = (*vncSettingsPolicyListResource)(nil)
)

// builtinMark is appended to the display name of the policies SPS ships
// with (negative keys), so `terraform query` output tells them apart.
const builtinMark = " (built-in)"

// vncSettingsPolicyListResource lists the VNC settings policies of the
// appliance for `terraform query` (Terraform 1.14+): every policy with its
// identity and, with include_resource, its full resource state, which is
// what `terraform query -generate-config-out` turns into configuration.
type vncSettingsPolicyListResource struct {
	framework.ResourceBase
}

// NewVNCSettingsPolicyListResource is the constructor the provider registers.
func NewSettingsPolicyListResource() list.ListResource {
	return &vncSettingsPolicyListResource{framework.ResourceBase{TypeSuffix: "_vnc_settings_policy"}}
}

type settingsPolicyListConfig struct {
	NameRegex      types.String `tfsdk:"name_regex"`
	IncludeBuiltin types.Bool   `tfsdk:"include_builtin"`
}

func (r *vncSettingsPolicyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the VNC settings policies of the appliance, built-in ones included. Each result " +
			"has the policy's identity (`key`) and its name as display name; built-in policies (negative keys, " +
			"such as `default`) are shown as `<name>" + builtinMark + "`.",
		Attributes: map[string]listschema.Attribute{
			"name_regex": listschema.StringAttribute{
				MarkdownDescription: "Only list policies whose name matches this regular expression " +
					"(RE2 syntax, unanchored: use `^` and `$` to match the whole name).",
				Optional: true,
			},
			"include_builtin": listschema.BoolAttribute{
				MarkdownDescription: "Whether to list the built-in policies too. Defaults to `true`.",
				Optional:            true,
			},
		},
	}
}

func (r *vncSettingsPolicyListResource) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
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

// List streams every policy (from the client's cached list request),
// filtered by name_regex and include_builtin; built-in policies (negative
// keys, sps.IsBuiltinKey) are marked in their display name.
func (r *vncSettingsPolicyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg settingsPolicyListConfig
	diags := req.Config.Get(ctx, &cfg)
	var match *regexp.Regexp
	if !diags.HasError() && !cfg.NameRegex.IsNull() {
		var err error
		if match, err = regexp.Compile(cfg.NameRegex.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
		}
	}
	if diags.HasError() || !framework.RequireClient(r.Client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	items, err := r.Client.ListVNCSettingsPolicies(ctx)
	if err != nil {
		diagnostics.AddClientError(&diags, diagnostics.ReadOp(diagnostics.AreaSettingsPolicyList, "the VNC settings policies"), err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	includeBuiltin := cfg.IncludeBuiltin.IsNull() || cfg.IncludeBuiltin.ValueBool()
	var selected []sps.VNCSettingsPolicyItem
	for _, item := range items {
		if (!includeBuiltin && sps.IsBuiltinKey(item.Key)) || (match != nil && !match.MatchString(item.Body.Name)) {
			continue
		}
		selected = append(selected, item)
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i, item := range selected {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = item.Body.Name
			if sps.IsBuiltinKey(item.Key) {
				result.DisplayName += builtinMark
			}
			result.Diagnostics.Append(framework.SetKeyIdentity(ctx, result.Identity, item.Key)...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, settingsPolicyFromAPI(item))...)
			}
			if !push(result) {
				return
			}
		}
	}
}
