package configobject

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// pathValidator refuses, at plan time, a path NormalizePath refuses.
type pathValidator struct{}

func (pathValidator) Description(context.Context) string {
	return "an endpoint under " + ConfigurationRoot + ", relative or in full"
}

func (v pathValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (pathValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := NormalizePath(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid SPS configuration path", err.Error()+".")
	}
}

// keyValidator refuses, at plan time, a key ValidateKey refuses.
type keyValidator struct{}

func (keyValidator) Description(context.Context) string {
	return "the key of one object directly under path"
}

func (v keyValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (keyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := ValidateKey(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid SPS object key", err.Error()+".")
	}
}

// objectValidator refuses a body that is not an HCL object (or map): a
// JSON string in particular, the habit from older generic providers.
type objectValidator struct{}

func (objectValidator) Description(context.Context) string { return "an HCL object" }

func (v objectValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (objectValidator) ValidateDynamic(_ context.Context, req validator.DynamicRequest, resp *validator.DynamicResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.IsUnderlyingValueUnknown() {
		return
	}
	name := req.Path.String()
	switch v := req.ConfigValue.UnderlyingValue().(type) {
	case basetypes.ObjectValue, basetypes.MapValue:
		return
	case basetypes.StringValue:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+name,
			name+" is a string; it must be an HCL object of the fields to manage, for example "+name+
				" = { name = \"ssh-prod\", active = true }. A JSON document can be turned into one with jsondecode(...).")
	case nil:
	default:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+name,
			name+" is a "+kindOf(v.Type(typeCtx))+"; it must be an HCL object of the fields to manage, for example "+name+
				" = { name = \"ssh-prod\", active = true }.")
	}
}

// kindOf names a type's kind as HCL users know it.
func kindOf(t interface{ String() string }) string {
	switch t.(type) {
	case basetypes.TupleType:
		return "tuple (a list written [...])"
	case basetypes.ListType:
		return "list"
	case basetypes.SetType:
		return "set"
	case basetypes.NumberType:
		return "number"
	case basetypes.BoolType:
		return "bool"
	}
	return "value of type " + t.String()
}

// pathPlanModifier keeps the path in state when the configuration names
// the same endpoint another way (/api/configuration/ssh/connections for
// ssh/connections: after an import, state holds the short form), and
// replaces the object when it names another endpoint: an object cannot
// move between lists.
type pathPlanModifier struct{}

func (pathPlanModifier) Description(context.Context) string {
	return "another endpoint replaces the object; the same endpoint written another way changes nothing"
}

func (m pathPlanModifier) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (pathPlanModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.StateValue.IsNull() || req.PlanValue.IsUnknown() || req.PlanValue.IsNull() {
		return
	}
	planned, errP := NormalizePath(req.PlanValue.ValueString())
	prior, errS := NormalizePath(req.StateValue.ValueString())
	if errP == nil && errS == nil && planned == prior {
		resp.PlanValue = req.StateValue
		return
	}
	resp.RequiresReplace = true
}
