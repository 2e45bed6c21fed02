package vnc

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// policyNamePattern is the documented rule for policy names: no whitespace.
var policyNamePattern = regexp.MustCompile(`^\S+$`)

// settingsPolicies is the definition of the VNC settings policies on the
// provider's keyed-object machinery: the resource, its list resource and
// identity come from it.
var settingsPolicies = &framework.Keyed[settingsPolicyModel]{
	TypeSuffix:     "_vnc_settings_policy",
	Noun:           "VNC settings policy",
	Plural:         func(*sps.Area) string { return "VNC settings policies" },
	Diag:           diagnostics.AreaSettingsPolicy,
	ListDiag:       diagnostics.AreaSettingsPolicyList,
	Schema:         settingsPolicySchema(),
	IdentitySchema: framework.KeyIdentitySchema(descPolicyIdentityKey),
	ListSchema:     settingsPolicyListSchema(),
	Area:           framework.FixedArea[settingsPolicyModel](sps.VNCSettingsPolicies),
	Fields: func(_ context.Context, in framework.WriteInput[settingsPolicyModel]) (map[string]any, []byte, diag.Diagnostics) {
		return fieldsOf(in.Plan.toAPI())
	},
	Model: func(_ context.Context, in framework.ModelInput[settingsPolicyModel]) (settingsPolicyModel, diag.Diagnostics) {
		var body sps.VNCSettingsPolicy
		if err := in.Object.Decode(&body); err != nil {
			var diags diag.Diagnostics
			diags.AddError("Unexpected VNC settings policy from SPS", "Decoding policy "+in.Object.Key+": "+err.Error())
			return settingsPolicyModel{}, diags
		}
		return settingsPolicyFromAPI(sps.VNCSettingsPolicyItem{Key: in.Object.Key, Body: body}), nil
	},
	Key:            func(m *settingsPolicyModel) string { return m.ID.ValueString() },
	Name:           func(m *settingsPolicyModel) string { return m.Name.ValueString() },
	ImportExample:  "terraform import sps_vnc_settings_policy.default -30211",
	ValidateConfig: validateSettingsPolicy,
	BuiltinKept: func(diags *diag.Diagnostics, m *settingsPolicyModel) {
		diagnostics.AddBuiltinPolicyKept(diags, m.Name.ValueString(), m.ID.ValueString())
	},
}

// NewSettingsPolicyResource is the constructor the provider registers.
func NewSettingsPolicyResource() resource.Resource {
	return framework.NewKeyedResource(settingsPolicies)()
}

// fieldsOf is the body a typed model's API struct declares.
func fieldsOf(v any) (map[string]any, []byte, diag.Diagnostics) {
	fields, err := sps.FieldsOf(v)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot encode the request body", err.Error())
		return nil, nil, diags
	}
	return fields, nil, nil
}

func settingsPolicySchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A VNC settings policy: the protocol-level settings (timeouts, TLS) that a VNC " +
			"connection policy refers to. Every attribute, including `name`, can be changed in place. " +
			"Leaving out an optional attribute sets it to the SPS default, so a configuration with only " +
			"`name` describes the same settings as the built-in `default` policy.\n\n" +
			"Built-in policies (negative keys, such as `-30211` for `default`) can be imported and changed, but " +
			"SPS does not delete them: destroying one removes it from Terraform state only, leaves its settings " +
			"on the appliance as they are and shows a warning. To return it to the SPS defaults first, apply " +
			"it with only `name` set.\n\n" +
			"**Interrupted applies and slow commits.** If Terraform is interrupted (Ctrl-C) while the change is being " +
			"committed, the provider lets the commit finish and records its result, so state matches the appliance; " +
			"interrupted before the commit, the change is rolled back and nothing changes on SPS. If SPS is still " +
			"committing when the provider stops waiting (about four times `request_timeout`), or the transaction's " +
			"status cannot be read after a failed commit request, the outcome is unknown, and nothing is sent twice: " +
			"a create succeeds with the warning *SPS commit outcome unknown* and records the policy with the key SPS " +
			"assigned (not tainted), an update or destroy fails with that error, and the next refresh settles what SPS " +
			"has. The same goes for a commit that landed but could not be read back (*SPS change committed but not " +
			"read back*). " + framework.DescCommitOutcomeGuide + "\n\n" +
			"**A name that is taken.** SPS refuses a second policy of the same name. If a create is refused because " +
			"the name is taken, for example by a policy left on SPS by an apply stopped with a second Ctrl-C, the " +
			"error names the existing policy's key and gives the `terraform import` command and `import` blocks to " +
			"take it over. The provider never adopts a same-named policy on its own.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: descPolicyID,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: descPolicyName,
				Required:            true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(policyNamePattern,
						"must be non-empty and must not contain whitespace; use - or _ instead of spaces"),
				},
			},
			"timeout": schema.Int64Attribute{
				MarkdownDescription: descPolicyTimeout + fmt.Sprintf(" Defaults to `%d`.", defaultPolicyTimeout),
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(defaultPolicyTimeout),
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"inactivity_timeout": schema.SingleNestedAttribute{
				MarkdownDescription: descInactivity + " Defaults to disabled.",
				Optional:            true,
				Computed:            true,
				Default:             objectdefault.StaticValue(defaultInactivityTimeoutObject()),
				Attributes: map[string]schema.Attribute{
					"enabled": schema.BoolAttribute{
						MarkdownDescription: descInactivityOn + " Defaults to `false`.",
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(defaultInactivityEnable),
					},
					"value": schema.Int64Attribute{
						MarkdownDescription: descInactivityValue,
						Optional:            true,
						Validators: []validator.Int64{
							int64validator.AtLeast(1),
							framework.RequiredOnlyWhen("enabled", types.BoolValue(true), types.BoolValue(defaultInactivityEnable)),
						},
					},
				},
			},
			"preconnect_channel_check": schema.BoolAttribute{
				MarkdownDescription: descPreconnect + " Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"client_tls_security_settings": tlsSecuritySettingsResourceAttribute(descClientTLS),
			"server_tls_security_settings": tlsSecuritySettingsResourceAttribute(descServerTLS),
		},
	}
}

// tlsSecuritySettingsResourceAttribute is the schema of both TLS blocks; the
// client and server side have the same shape and rules.
func tlsSecuritySettingsResourceAttribute(description string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: description + " Defaults to recommended ciphers and TLS 1.2.",
		Optional:            true,
		Computed:            true,
		Default:             objectdefault.StaticValue(defaultTLSSecuritySettingsObject()),
		Attributes: map[string]schema.Attribute{
			"cipher_strength": schema.SingleNestedAttribute{
				MarkdownDescription: descCipherStrength + " Defaults to `recommended`.",
				Optional:            true,
				Computed:            true,
				Default:             objectdefault.StaticValue(defaultCipherStrengthObject()),
				Attributes: map[string]schema.Attribute{
					"selection": schema.StringAttribute{
						MarkdownDescription: descCipherSelection + " Defaults to `" + defaultCipherSelection + "`.",
						Optional:            true,
						Computed:            true,
						Default:             stringdefault.StaticString(defaultCipherSelection),
						Validators:          []validator.String{stringvalidator.OneOf(cipherRecommended, cipherCustom)},
					},
					"custom_cipher": schema.StringAttribute{
						MarkdownDescription: descCustomCipher,
						Optional:            true,
						Validators: []validator.String{
							stringvalidator.LengthAtLeast(1),
							framework.RequiredOnlyWhen("selection", types.StringValue(cipherCustom), types.StringValue(defaultCipherSelection)),
						},
					},
				},
			},
			"minimum_tls_version": schema.StringAttribute{
				MarkdownDescription: descMinimumTLS + " Defaults to `" + defaultMinimumTLS + "`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultMinimumTLS),
				Validators:          []validator.String{stringvalidator.OneOf(tlsVersion12, tlsVersion11, tlsVersion10)},
			},
		},
	}
}

// validateSettingsPolicy checks the rule that spans two levels of the
// schema: inactivity_timeout.value must be at least timeout. Unknown values
// are skipped; they are checked again once known.
func validateSettingsPolicy(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var timeout, value types.Int64
	var enabled types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeout"), &timeout)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("inactivity_timeout").AtName("enabled"), &enabled)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("inactivity_timeout").AtName("value"), &value)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if timeout.IsUnknown() || value.IsUnknown() || value.IsNull() || enabled.IsUnknown() || !enabled.ValueBool() {
		return
	}
	effectiveTimeout := int64(defaultPolicyTimeout)
	if !timeout.IsNull() {
		effectiveTimeout = timeout.ValueInt64()
	}
	if value.ValueInt64() < effectiveTimeout {
		resp.Diagnostics.AddAttributeError(path.Root("inactivity_timeout").AtName("value"),
			"Inactivity timeout shorter than the idle timeout",
			fmt.Sprintf("inactivity_timeout.value is %d but timeout is %d; SPS requires the inactivity timeout to be "+
				"greater than or equal to timeout. Raise inactivity_timeout.value to at least %d, or lower timeout.",
				value.ValueInt64(), effectiveTimeout, effectiveTimeout))
	}
}
