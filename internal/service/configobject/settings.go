package configobject

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

const descSettings = "The settings of any singleton endpoint of SPS's configuration (`/api/configuration`), with " +
	"the body as an HCL object: protocol options (`ssh/options`, `rdp/options`, ...), `management/webinterface`, " +
	"`management/disk_fillup_prevention`, ...\n\n" +
	"The endpoint always exists on SPS, so nothing is created: the first apply writes the declared fields, as " +
	"every later one does. **Destroying this resource leaves the settings on SPS as they are**; it only removes " +
	"them from Terraform state, with a warning.\n\n" +
	"Declared fields are managed and the rest are kept, exactly as for `sps_config_object`: every write reads " +
	"the settings inside the SPS transaction, writes the fields of `body` over them (objects key by key; lists and " +
	"other values whole) and sends the whole object back. Secrets go in the write-only `sensitive_body`. " +
	"Read-only endpoints (the ACLs) are refused at plan time, and `body` is checked at plan time against the " +
	"vendor's documented schema as for `sps_config_object` (protocol options are documented completely, in both " +
	"of their body shapes). " + framework.DescCommitOutcomeGuide

// settings is sps_config_settings on the singleton machinery.
var settings = &framework.Singleton[settingsModel]{
	TypeSuffix: "_config_settings",
	Noun:       "SPS settings",
	NounOf: func(m *settingsModel) string {
		r, _ := NormalizePath(m.Path.ValueString())
		return "the " + r + " settings"
	},
	Diag:            diagSettings,
	ListDiag:        diagSettingsList,
	Schema:          SettingsResourceSchema(descSettings),
	IdentitySchema:  SettingsIdentitySchema(),
	ListSchema:      settingsListSchema(),
	ListDisplayName: "settings",
	Area: func(m *settingsModel) (*sps.Area, diag.Diagnostics) {
		r, diags := rel(m.Path)
		a := areaFor(r, types.DynamicNull())
		a.Noun = "the " + r + " settings"
		return a, diags
	},
	ListArea: listArea,
	Fields: func(ctx context.Context, in framework.WriteInput[settingsModel]) (map[string]any, []byte, diag.Diagnostics) {
		return declaredFields(ctx, in.Config)
	},
	Model:          settingsFrom,
	SetIdentity:    setSettingsIdentity,
	Import:         importSettings,
	Kept:           settingsKept,
	ValidateConfig: validateObject,
	ModifyPlan:     modifyObjectPlan,
}

// NewSettingsResource and NewSettingsListResource are the constructors the
// provider registers.
func NewSettingsResource() resource.Resource { return framework.NewSingletonResource(settings)() }

// settingsFrom is the model of the settings SPS holds.
func settingsFrom(ctx context.Context, in framework.ModelInput[settingsModel]) (settingsModel, diag.Diagnostics) {
	var base *objectModel
	if in.Base != nil {
		base = &objectModel{Path: in.Base.Path, Body: in.Base.Body, SensitiveBodyVersion: in.Base.SensitiveBodyVersion}
	}
	obj := *in.Object
	obj.Key = ""
	m, diags := objectFrom(ctx, framework.ModelInput[objectModel]{After: in.After, Area: in.Area, Object: &obj,
		Written: in.Written, Base: base, Private: in.Private})
	r := in.Area.Path
	return settingsModel{
		ID: types.StringValue(r), Path: m.Path, Body: m.Body, SensitiveBody: types.DynamicNull(),
		SensitiveBodyVersion: m.SensitiveBodyVersion, Output: m.Output,
	}, diags
}

type settingsIdentity struct {
	Path types.String `tfsdk:"path"`
}

func setSettingsIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m *settingsModel) diag.Diagnostics {
	r, _ := NormalizePath(m.Path.ValueString())
	return identity.Set(ctx, settingsIdentity{Path: types.StringValue(r)})
}

// importSettings takes the endpoint as the import ID or the identity.
func importSettings(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p := req.ID
	if p == "" && req.Identity != nil {
		var id settingsIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
		p = id.Path.ValueString()
	}
	if resp.Diagnostics.HasError() {
		return
	}
	r, err := NormalizePath(p)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID for sps_config_settings", "Import sps_config_settings by the "+
			"endpoint, for example: terraform import sps_config_settings.ssh ssh/options. "+err.Error()+".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("path"), r)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), r)...)
	if resp.Identity != nil {
		resp.Diagnostics.Append(resp.Identity.Set(ctx, settingsIdentity{Path: types.StringValue(r)})...)
	}
}

// settingsKept is the warning of a destroy.
func settingsKept(diags *diag.Diagnostics, m *settingsModel) {
	what := "The settings"
	if m != nil {
		if r, err := NormalizePath(m.Path.ValueString()); err == nil {
			what = "The " + r + " settings"
		}
	}
	diags.AddWarning("SPS settings left unchanged on SPS", what+" were removed from Terraform state only; SPS "+
		"keeps them as they are (a singleton endpoint cannot be deleted, and resetting it is a change of its own: "+
		"apply the values you want instead).")
}

// settingsListSchema is the configuration of the sps_config_settings list
// resource: the endpoint, whose one object is the one result.
func settingsListSchema() *listschema.Schema {
	return &listschema.Schema{
		MarkdownDescription: "Lists the settings of a singleton endpoint of SPS's configuration for `terraform " +
			"query` (Terraform 1.14+): always exactly one result, with the identity `path`. With " +
			"`-generate-config-out`, it becomes an `import` block and an `sps_config_settings` whose `body` is the " +
			"whole object as SPS holds it; the plan that follows imports with no changes.",
		Attributes: map[string]listschema.Attribute{
			"path": listschema.StringAttribute{
				MarkdownDescription: "The singleton endpoint, relative to `/api/configuration`: for example `ssh/options`.",
				Required:            true,
				Validators:          []validator.String{pathValidator{}},
			},
		},
	}
}

// NewSettingsListResource is the constructor the provider registers.
func NewSettingsListResource() list.ListResource { return framework.NewSingletonList(settings)() }
