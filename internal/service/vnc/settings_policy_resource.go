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
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var (
	_ resource.Resource                   = (*vncSettingsPolicyResource)(nil)
	_ resource.ResourceWithConfigure      = (*vncSettingsPolicyResource)(nil)
	_ resource.ResourceWithImportState    = (*vncSettingsPolicyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*vncSettingsPolicyResource)(nil)
)

// policyNamePattern is the documented rule for policy names: no whitespace.
var policyNamePattern = regexp.MustCompile(`^\S+$`)

type vncSettingsPolicyResource struct {
	framework.ResourceBase
}

// NewVNCSettingsPolicyResource is the constructor the provider registers.
func NewSettingsPolicyResource() resource.Resource {
	return &vncSettingsPolicyResource{framework.ResourceBase{TypeSuffix: "_vnc_settings_policy"}}
}

func (r *vncSettingsPolicyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
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

// ValidateConfig checks the rule that spans two levels of the schema:
// inactivity_timeout.value must be at least timeout. Unknown values are
// skipped; they are checked again once known.
func (r *vncSettingsPolicyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
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

func (r *vncSettingsPolicyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan settingsPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(r.Client, &resp.Diagnostics) {
		return
	}
	item, err := r.Client.CreateVNCSettingsPolicy(ctx, plan.toAPI())
	what := fmt.Sprintf("VNC settings policy %q", plan.Name.ValueString())
	switch {
	case err != nil && (!diagnostics.MayBeOnSPS(err) || item == nil):
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.WriteOp(diagnostics.AreaSettingsPolicy, "create "+what), err)
		return
	case err != nil:
		// The commit landed (reading back failed) or may still land:
		// record the key it wrote, with a warning (not an error: see
		// framework/unsettled_create.go), so the next refresh keeps the policy, or
		// drops it if the commit never landed and the plan creates it;
		// never a duplicate name.
		framework.AddUnsettledCreate(ctx, &resp.Diagnostics, resp.Private, diagnostics.AreaSettingsPolicy, what,
			"the next refresh (terraform plan or apply) keeps it if the commit landed, or drops it from state so that the plan creates it.", err)
	default:
		tflog.Debug(ctx, "created VNC settings policy", map[string]any{"key": item.Key, "name": item.Body.Name})
	}
	resp.Diagnostics.Append(recordPolicy(ctx, &resp.State, resp.Identity, item)...)
}

func (r *vncSettingsPolicyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state settingsPolicyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The key never changes; setting the identity first covers every path
	// below, removal included (the framework wants one even then).
	resp.Diagnostics.Append(framework.SetKeyIdentity(ctx, resp.Identity, state.ID.ValueString())...)
	if r.Client == nil {
		framework.WarnNotRefreshed(&resp.Diagnostics, "VNC settings policy "+state.Name.ValueString())
		return
	}
	item, err := r.Client.GetVNCSettingsPolicy(ctx, state.ID.ValueString())
	if err == nil || sps.IsNotFound(err) {
		framework.SettleUnsettledCreate(ctx, &resp.Diagnostics, req.Private, resp.Private,
			fmt.Sprintf("VNC settings policy %q (key %s)", state.Name.ValueString(), state.ID.ValueString()), err == nil)
	}
	if sps.IsNotFound(err) {
		tflog.Warn(ctx, "VNC settings policy no longer exists on SPS; removing it from state", map[string]any{"key": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagnostics.AreaSettingsPolicy, fmt.Sprintf("VNC settings policy %q", state.ID.ValueString())), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, settingsPolicyFromAPI(*item))...)
}

func (r *vncSettingsPolicyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state settingsPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(r.Client, &resp.Diagnostics) {
		return
	}
	key := state.ID.ValueString()
	item, err := r.Client.UpdateVNCSettingsPolicy(ctx, key, plan.toAPI())
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.WriteOp(diagnostics.AreaSettingsPolicy, fmt.Sprintf("update VNC settings policy %q (key %s)", plan.Name.ValueString(), key)), err)
		if !diagnostics.MayBeOnSPS(err) || item == nil {
			return
		}
		// The commit landed (reading back failed) or may still land:
		// record the planned values; the next refresh reads what SPS has.
	}
	resp.Diagnostics.Append(recordPolicy(ctx, &resp.State, resp.Identity, item)...)
}

// recordPolicy saves item as the resource's state and identity.
func recordPolicy(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, item *sps.VNCSettingsPolicyItem) diag.Diagnostics {
	diags := state.Set(ctx, settingsPolicyFromAPI(*item))
	diags.Append(framework.SetKeyIdentity(ctx, identity, item.Key)...)
	return diags
}

func (r *vncSettingsPolicyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state settingsPolicyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(r.Client, &resp.Diagnostics) {
		return
	}
	key := state.ID.ValueString()
	if sps.IsBuiltinKey(key) {
		// SPS does not delete built-in objects: leave it as it is, like
		// sps_vnc_options does, rather than fail the destroy.
		diagnostics.AddBuiltinPolicyKept(&resp.Diagnostics, state.Name.ValueString(), key)
		return
	}
	err := r.Client.DeleteVNCSettingsPolicy(ctx, key)
	switch {
	case sps.IsNotFound(err):
		// Already gone: the goal of Delete is reached.
	case sps.IsBuiltinNotDeletable(err):
		diagnostics.AddBuiltinPolicyKept(&resp.Diagnostics, state.Name.ValueString(), key)
	case err != nil:
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.DeleteOp(diagnostics.AreaSettingsPolicy, fmt.Sprintf("VNC settings policy %q (key %s)", state.Name.ValueString(), key)), err)
	}
}

// ImportState takes the SPS key of the policy, the value shown as `key` in
// the REST API (`-30211` for the built-in default policy), as the import ID
// or as the identity's key.
func (r *vncSettingsPolicyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key := framework.ImportKey(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if key == "" {
		framework.MissingImportKey(&resp.Diagnostics, "terraform import sps_vnc_settings_policy.default -30211")
		return
	}
	framework.ImportByKey(ctx, key, resp)
}
