package vnc

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var (
	_ datasource.DataSource                     = (*vncSettingsPolicyDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*vncSettingsPolicyDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*vncSettingsPolicyDataSource)(nil)
)

type vncSettingsPolicyDataSource struct {
	framework.DataSourceBase
}

// NewVNCSettingsPolicyDataSource is the constructor the provider registers.
func NewSettingsPolicyDataSource() datasource.DataSource {
	return &vncSettingsPolicyDataSource{framework.DataSourceBase{TypeSuffix: "_vnc_settings_policy"}}
}

func (d *vncSettingsPolicyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: descPolicyDataSource + " Set exactly one of the two; every other attribute is read from SPS.",
		Attributes:          settingsPolicyDataSourceAttributes(true),
	}
}

// settingsPolicyDataSourceAttributes is the read-only schema of one policy,
// used by this data source and for each element of sps_vnc_settings_policies.
// With lookup, `id` and `name` are also accepted as input.
func settingsPolicyDataSourceAttributes(lookup bool) map[string]schema.Attribute {
	tls := func(description string) schema.SingleNestedAttribute {
		return framework.ComputedObject(description, map[string]schema.Attribute{
			"cipher_strength": framework.ComputedObject(descCipherStrength, map[string]schema.Attribute{
				"selection":     framework.ComputedString(descCipherSelection),
				"custom_cipher": framework.ComputedString(descCustomCipher),
			}),
			"minimum_tls_version": framework.ComputedString(descMinimumTLS),
		})
	}
	return map[string]schema.Attribute{
		"id":      schema.StringAttribute{MarkdownDescription: descPolicyID, Optional: lookup, Computed: true},
		"name":    schema.StringAttribute{MarkdownDescription: descPolicyName, Optional: lookup, Computed: true},
		"timeout": framework.ComputedInt64(descPolicyTimeout),
		"inactivity_timeout": framework.ComputedObject(descInactivity, map[string]schema.Attribute{
			"enabled": framework.ComputedBool(descInactivityOn),
			"value":   framework.ComputedInt64(descInactivityValue),
		}),
		"preconnect_channel_check":     framework.ComputedBool(descPreconnect),
		"client_tls_security_settings": tls(descClientTLS),
		"server_tls_security_settings": tls(descServerTLS),
	}
}

func (d *vncSettingsPolicyDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *vncSettingsPolicyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg settingsPolicyModel
	if !d.ReadConfig(ctx, req.Config, &cfg, &resp.Diagnostics) {
		return
	}

	var policy *settingsPolicyModel
	if !cfg.ID.IsNull() {
		key := cfg.ID.ValueString()
		found, diags, err := settingsPolicies.Read(ctx, d.Client, sps.VNCSettingsPolicies, key)
		if sps.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "VNC settings policy not found",
				fmt.Sprintf("SPS has no VNC settings policy with key %q. Check the key, or look the policy up by name.", key))
			return
		}
		if err != nil {
			diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagnostics.AreaSettingsPolicyData, fmt.Sprintf("VNC settings policy %q", key)), err)
			return
		}
		resp.Diagnostics.Append(diags...)
		policy = &found
	} else {
		name := cfg.Name.ValueString()
		all, diags, err := settingsPolicies.ReadAll(ctx, d.Client, sps.VNCSettingsPolicies)
		if err != nil {
			diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagnostics.AreaSettingsPolicyData, "the VNC settings policies"), err)
			return
		}
		resp.Diagnostics.Append(diags...)
		var names []string
		for i := range all {
			names = append(names, all[i].Name.ValueString())
			if all[i].Name.ValueString() == name {
				policy = &all[i]
				break
			}
		}
		if policy == nil {
			resp.Diagnostics.AddAttributeError(path.Root("name"), "VNC settings policy not found",
				fmt.Sprintf("SPS has no VNC settings policy named %q. Existing policies: %s.", name, strings.Join(names, ", ")))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, policy)...)
}
