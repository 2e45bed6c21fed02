package configobject

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// objectModel is sps_config_object (and, without key, sps_config_settings).
type objectModel struct {
	ID                   types.String  `tfsdk:"id"`
	Path                 types.String  `tfsdk:"path"`
	Key                  types.String  `tfsdk:"key"`
	Body                 types.Dynamic `tfsdk:"body"`
	SensitiveBody        types.Dynamic `tfsdk:"sensitive_body"`
	SensitiveBodyVersion types.String  `tfsdk:"sensitive_body_version"`
	Output               types.Dynamic `tfsdk:"output"`
}

// settingsModel is sps_config_settings: a singleton has no key of its own.
type settingsModel struct {
	ID                   types.String  `tfsdk:"id"`
	Path                 types.String  `tfsdk:"path"`
	Body                 types.Dynamic `tfsdk:"body"`
	SensitiveBody        types.Dynamic `tfsdk:"sensitive_body"`
	SensitiveBodyVersion types.String  `tfsdk:"sensitive_body_version"`
	Output               types.Dynamic `tfsdk:"output"`
}

// rel is the normalised path of a model. Paths are checked at plan time, so
// an error here means a state written by hand.
func rel(p types.String) (string, diag.Diagnostics) {
	r, err := NormalizePath(p.ValueString())
	if err != nil {
		var diags diag.Diagnostics
		diags.AddAttributeError(path.Root("path"), "Invalid SPS configuration path", err.Error()+".")
		return "", diags
	}
	return r, nil
}

// areaFor is the client's area of the endpoint rel. body, when known, says
// whether its objects have a name (a create refused for a taken name then
// names the object holding it). The catalog's read-only rules make the
// client refuse writes before anything is sent.
func areaFor(r string, body types.Dynamic) *sps.Area {
	a := &sps.Area{Path: r, Noun: nounOf(r)}
	if rule, ok := ReadOnly(r); ok {
		a.ReadOnly = rule.Reason
	}
	a.Named = nameOf(body) != ""
	return a
}

// nounOf names one object of the endpoint rel in messages:
// `ssh/connections object "ssh-prod"`.
func nounOf(r string) string { return r + " object" }

// nameOf is the body's name, "" when it has none (or is not known yet).
func nameOf(body types.Dynamic) string {
	obj, ok := body.UnderlyingValue().(types.Object)
	if !ok || obj.IsNull() || obj.IsUnknown() {
		return ""
	}
	s, ok := obj.Attributes()["name"].(types.String)
	if !ok || s.IsNull() || s.IsUnknown() {
		return ""
	}
	return s.ValueString()
}

// configBodies reads body and sensitive_body from the configuration (the
// plan never holds sensitive_body: it is write-only).
func configBodies(ctx context.Context, config tfsdk.Config) (body, sensitive types.Dynamic, diags diag.Diagnostics) {
	diags.Append(config.GetAttribute(ctx, path.Root("body"), &body)...)
	diags.Append(config.GetAttribute(ctx, path.Root("sensitive_body"), &sensitive)...)
	return body, sensitive, diags
}

// declaredFields is what a write sends: body with sensitive_body merged,
// and the places of the sensitive fields for private state (never their
// values).
func declaredFields(ctx context.Context, config tfsdk.Config) (map[string]any, []byte, diag.Diagnostics) {
	body, sensitive, diags := configBodies(ctx, config)
	if diags.HasError() {
		return nil, nil, diags
	}
	fields, err := Declared(body, sensitive)
	if err != nil {
		diags.AddAttributeError(path.Root("sensitive_body"), "Invalid sensitive_body", err.Error()+".")
		return nil, nil, diags
	}
	paths, err := SensitivePaths(sensitive)
	if err == nil {
		var b []byte
		if b, err = EncodePaths(paths); err == nil {
			return fields, b, diags
		}
	}
	diags.AddAttributeError(path.Root("sensitive_body"), "Invalid sensitive_body", err.Error()+".")
	return nil, nil, diags
}

// bodies is the body and output of a model built from obj.
func bodies(in framework.ModelInput[objectModel], prior types.Dynamic) (body, output types.Dynamic, diags diag.Diagnostics) {
	remote, err := Decode(in.Object.Body)
	if err == nil {
		var paths [][]string
		if paths, err = DecodePaths(in.Private); err == nil {
			output, err = Output(remote, paths)
		}
	}
	if err == nil {
		switch in.After {
		case framework.AfterWrite:
			// A planned value must be what state records; the next
			// refresh shows what SPS made of it.
			body = prior
		case framework.AfterRefresh:
			body, err = StateBody(prior, remote)
		default:
			body, err = Value(remote, AsWritten)
		}
	}
	if err != nil {
		diags.AddError("Unexpected object from SPS",
			fmt.Sprintf("The object %s holds cannot be represented in Terraform: %s", quoted(in.Object.Key), err))
	}
	return body, output, diags
}
