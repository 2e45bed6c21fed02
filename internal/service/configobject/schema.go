package configobject

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

const (
	descPath = "The list endpoint the object belongs to, relative to `/api/configuration`: for example " +
		"`ssh/connections`, `policies/time_policies`, `aaa/local_database/groups`. A leading `/api/configuration/` " +
		"is accepted (and stored without it). Changing it replaces the object."
	descBody = "The fields of the object this configuration manages, as an HCL object (not a JSON string; " +
		"`jsondecode(...)` turns one into an object). Fields left out keep the value SPS holds: every write reads " +
		"the object inside the transaction, writes these fields over it (objects key by key; lists and other " +
		"values whole) and sends the whole object back. A reference to another object is written as its key " +
		"(`policy = \"-50000\"`, or `policy = sps_config_object.x.key`). Drift on a declared field shows in the " +
		"plan; drift on other fields does not, but shows in `output`."
	descSensitiveBody = "Fields that must never reach state or plan output, such as passwords and private keys, " +
		"as an HCL object. Write-only (Terraform 1.11+, OpenTofu 1.11+): merged into `body` (objects key by key) " +
		"when the object is created, and sent again whenever the object is written; a field may not be in both. " +
		"Change `sensitive_body_version` to send new values."
	descSensitiveVersion = "Any value; changing it makes the next apply write the object with `sensitive_body` " +
		"again. Terraform cannot see changes inside a write-only attribute, so this is how a new password reaches SPS."
	descKey    = "SPS's key of the object (`key` in the REST API): a negative number for built-in objects, a hex string or UUID for others."
	descID     = "`<path>/<key>`, which is also the import ID."
	descOutput = "The whole object as SPS holds it after the last apply or refresh, references included as SPS " +
		"answers them (`{ key = ..., meta = { href = ... } }`), for use in references and outputs " +
		"(`sps_config_object.x.output.name`). Fields written through `sensitive_body` are left out."
	descIdentityPath = "The list endpoint, relative to `/api/configuration` (`ssh/connections`)."
	descIdentityKey  = "SPS's key of the object (`-200`, `8348340645707e2575e3c6`)."
)

// ObjectResourceSchema is the schema of the sps_config_object resource,
// also what the benchmark's no-op provider serves, so that the two are
// compared on the same state.
func ObjectResourceSchema(description string) schema.Schema {
	return schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"path": schema.StringAttribute{
				MarkdownDescription: descPath,
				Required:            true,
				Validators:          []validator.String{pathValidator{}},
				PlanModifiers:       []planmodifier.String{pathPlanModifier{}},
			},
			"body": schema.DynamicAttribute{
				MarkdownDescription: descBody,
				Required:            true,
				Validators:          []validator.Dynamic{objectValidator{}},
			},
			"sensitive_body": schema.DynamicAttribute{
				MarkdownDescription: descSensitiveBody,
				Optional:            true,
				WriteOnly:           true,
				Validators:          []validator.Dynamic{objectValidator{}},
			},
			"sensitive_body_version": schema.StringAttribute{
				MarkdownDescription: descSensitiveVersion,
				Optional:            true,
			},
			"key": schema.StringAttribute{
				MarkdownDescription: descKey,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: descID,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"output": schema.DynamicAttribute{
				MarkdownDescription: descOutput,
				Computed:            true,
			},
		},
	}
}

// ObjectIdentitySchema is the identity of an sps_config_object: the path
// and the key, as `import { identity = { path = ..., key = ... } }` takes
// them.
func ObjectIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"path": identityschema.StringAttribute{RequiredForImport: true, Description: descIdentityPath},
			"key":  identityschema.StringAttribute{RequiredForImport: true, Description: descIdentityKey},
		},
	}
}

const (
	descSettingsPath = "The singleton endpoint, relative to `/api/configuration`: for example `ssh/options`, " +
		"`management/webinterface`. A leading `/api/configuration/` is accepted (and stored without it). Changing it " +
		"replaces the resource (which leaves the old endpoint's settings as they are)."
	descSettingsID       = "The endpoint, relative to `/api/configuration`; also the import ID."
	descSettingsIdentity = "The singleton endpoint, relative to `/api/configuration` (`ssh/options`)."
)

// SettingsResourceSchema is the schema of the sps_config_settings
// resource: sps_config_object's without a key.
func SettingsResourceSchema(description string) schema.Schema {
	s := ObjectResourceSchema(description)
	delete(s.Attributes, "key")
	p := s.Attributes["path"].(schema.StringAttribute)
	p.MarkdownDescription = descSettingsPath
	s.Attributes["path"] = p
	id := s.Attributes["id"].(schema.StringAttribute)
	id.MarkdownDescription = descSettingsID
	s.Attributes["id"] = id
	return s
}

// SettingsIdentitySchema is the identity of an sps_config_settings: the
// endpoint.
func SettingsIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"path": identityschema.StringAttribute{RequiredForImport: true, Description: descSettingsIdentity},
		},
	}
}
