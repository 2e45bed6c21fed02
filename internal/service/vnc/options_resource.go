package vnc

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var timestampingServerURLPattern = regexp.MustCompile(`^https?://\S+$`)

// options is the definition of the singleton /api/configuration/vnc/options
// on the provider's singleton machinery. It cannot be created or deleted
// on SPS, only changed: Create adopts it and Delete forgets it.
var options = &framework.Singleton[vncOptionsModel]{
	TypeSuffix:      "_vnc_options",
	Noun:            "the VNC options",
	Diag:            diagnostics.AreaOptions,
	ListDiag:        diagnostics.AreaOptionsList,
	Schema:          optionsSchema(),
	IdentitySchema:  framework.KeyIdentitySchema(descOptionsIdentityKey),
	ListSchema:      optionsListSchema(),
	ListDisplayName: "VNC options",
	Area:            framework.FixedArea[vncOptionsModel](sps.VNCOptionsArea),
	Edit: func(ctx context.Context, c *sps.Client, in framework.WriteInput[vncOptionsModel]) (sps.Edit, []byte, error) {
		edit, err := c.VNCOptionsEdit(ctx, in.Plan.toAPI())
		return edit, nil, err
	},
	Model: func(_ context.Context, in framework.ModelInput[vncOptionsModel]) (vncOptionsModel, diag.Diagnostics) {
		o, err := sps.VNCOptionsOf(in.Object)
		if err != nil {
			var diags diag.Diagnostics
			diags.AddError("Unexpected VNC options from SPS", err.Error())
			return vncOptionsModel{}, diags
		}
		return vncOptionsFromAPI(o, in.Base != nil && in.Base.Timestamping != nil), nil
	},
	SetIdentity: func(ctx context.Context, identity *tfsdk.ResourceIdentity, _ *vncOptionsModel) diag.Diagnostics {
		return framework.SetKeyIdentity(ctx, identity, vncOptionsID)
	},
	Import:    importOptions,
	Unsettled: "the next refresh (terraform plan or apply) reads the options SPS has.",
	Kept:      optionsKept,
}

// NewOptionsResource is the constructor the provider registers.
func NewOptionsResource() resource.Resource { return framework.NewSingletonResource(options)() }

func optionsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The global VNC options of the appliance: whether VNC connections are allowed, their " +
			"log level, the cleanup of connection metadata and (on newer SPS versions) audit trail timestamping.\n\n" +
			"The options always exist on SPS, so this resource takes them over on create and writes the configured " +
			"values. Use at most one `sps_vnc_options` per appliance.\n\n" +
			"**Destroying this resource leaves the VNC options on the appliance as they are**; it only removes them " +
			"from Terraform state (with a warning). Resetting them, for example disabling VNC, would cut live " +
			"connections, so that has to be a deliberate change to `service.enabled`.\n\n" +
			"Older SPS versions store these options in a different format without timestamping; the provider " +
			"detects the format (see `api_shape`). Configuring `timestamping` against such an appliance is an error.\n\n" +
			"**Interrupted applies and slow commits.** If Terraform is interrupted (Ctrl-C) while the change is being " +
			"committed, the provider lets the commit finish and records the options SPS committed; interrupted before " +
			"the commit, nothing changes on SPS. If SPS is still committing when the provider stops waiting (about four " +
			"times `request_timeout`), nothing is sent twice and state records the planned options: the first apply " +
			"(the resource's create) succeeds with the warning *SPS commit outcome unknown*, a later change fails with " +
			"that error, and the next refresh reads what SPS actually has. The same goes for a commit that landed but " +
			"could not be read back (*SPS change committed but not read back*). " + framework.DescCommitOutcomeGuide,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Always `" + vncOptionsID + "`, the key of the options object in the SPS API.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"api_shape": schema.StringAttribute{
				MarkdownDescription: "Which format the appliance uses for the options: `" + string(sps.VNCOptionsShapeAudit) +
					"` (newer SPS, with timestamping) or `" + string(sps.VNCOptionsShapeLegacy) + "` (older SPS).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"service": schema.SingleNestedAttribute{
				MarkdownDescription: "Whether VNC connections are allowed, and how much SPS logs about them.",
				Required:            true,
				Attributes: map[string]schema.Attribute{
					"enabled": schema.BoolAttribute{
						MarkdownDescription: "Allow VNC connections through SPS.",
						Required:            true,
					},
					"log_level": schema.Int64Attribute{
						MarkdownDescription: fmt.Sprintf("Log detail of VNC connections, %d to %d. Required when `enabled` is true, not allowed otherwise.", minLogLevel, maxLogLevel),
						Optional:            true,
						Validators: []validator.Int64{
							int64validator.Between(minLogLevel, maxLogLevel),
							framework.RequiredOnlyWhen("enabled", types.BoolValue(true), nil),
						},
					},
				},
			},
			"cleanup": schema.SingleNestedAttribute{
				MarkdownDescription: "Global cleanup of VNC connection metadata. Defaults to disabled.",
				Optional:            true,
				Computed:            true,
				Default:             objectdefault.StaticValue(defaultCleanupObject()),
				Attributes: map[string]schema.Attribute{
					"enabled": schema.BoolAttribute{
						MarkdownDescription: "Delete the metadata of VNC connections older than `days`. Defaults to `false`.",
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(false),
					},
					"days": schema.Int64Attribute{
						MarkdownDescription: "Retention time of VNC connection metadata, in days. Must exceed the retention " +
							"of the archiving policies used for VNC. Required when `enabled` is true, not allowed otherwise.",
						Optional: true,
						Validators: []validator.Int64{
							int64validator.AtLeast(1),
							framework.RequiredOnlyWhen("enabled", types.BoolValue(true), types.BoolValue(false)),
						},
					},
				},
			},
			"timestamping": timestampingAttribute(),
		},
	}
}

// timestampingAttribute is the schema of the timestamping block.
func timestampingAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Timestamping of VNC audit trails. Only on SPS versions with the newer options " +
			"format (`api_shape = \"audit\"`). Leave it out to keep whatever the appliance has; it then stays " +
			"null in state, also after import.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"selection": schema.StringAttribute{
				MarkdownDescription: "`local`: SPS timestamps the audit trails itself; `remote`: an external RFC 3161 timestamping server at `server_url` does.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(timestampingLocal, timestampingRemote)},
			},
			"signing_interval": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How often audit trails are timestamped, in seconds. Defaults to `%d`.", defaultSigningInterval),
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(defaultSigningInterval),
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"server_url": schema.StringAttribute{
				MarkdownDescription: "URL of the timestamping server. Required when `selection` is `remote`, not allowed for `local`.",
				Optional:            true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(timestampingServerURLPattern, "must be an http:// or https:// URL"),
					framework.RequiredOnlyWhen("selection", types.StringValue(timestampingRemote), nil),
				},
			},
			"policy_oid": schema.StringAttribute{
				MarkdownDescription: "OID of the timestamping policy to request from the remote server, for example `1.2.3`. Only with `selection = \"remote\"`; leave it out to request none.",
				Optional:            true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$`), "must be a dotted OID such as 1.2.3"),
					framework.AllowedOnlyWhen("selection", types.StringValue(timestampingRemote), nil),
				},
			},
		},
	}
}

// optionsKept is the warning of a destroy, which leaves the appliance alone;
// see the resource description for why.
func optionsKept(diags *diag.Diagnostics, _ *vncOptionsModel) {
	diags.AddWarning("VNC options left unchanged on SPS",
		"sps_vnc_options was removed from Terraform state only. The VNC options on the appliance were left as they "+
			"are: resetting them (for example disabling VNC) would cut live VNC connections. Change service.enabled "+
			"explicitly if that is what you want.")
}

// importOptions accepts only "options", the fixed key of the singleton, as
// the import ID or as the identity's key.
func importOptions(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key := framework.ImportKey(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if key != vncOptionsID {
		resp.Diagnostics.AddError("Invalid import ID for sps_vnc_options",
			fmt.Sprintf("The VNC options are a single object with the fixed ID %q, got %q. Use: terraform import sps_vnc_options.this %s, "+
				"or identity = { key = %q } in an import block",
				vncOptionsID, key, vncOptionsID, vncOptionsID))
		return
	}
	framework.ImportByKey(ctx, key, resp)
}
