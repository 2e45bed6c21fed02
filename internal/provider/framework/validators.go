package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// siblingRule ties an optional attribute to a switch next to it in the same
// object, the pattern the SPS API uses throughout: `value` only when
// `enabled` is true, `custom_cipher` only when `selection` is "custom",
// `server_url` only when `selection` is "remote".
//
// The attribute is required when the sibling equals `when`, and (if
// forbidOtherwise) must be absent for any other sibling value. A sibling
// left out of the configuration counts as its schema default, because that
// is what will be sent to SPS.
type siblingRule struct {
	sibling         string
	when            attr.Value // types.Bool or types.String
	siblingDefault  attr.Value // value used when the sibling is null
	requireWhen     bool
	forbidOtherwise bool
}

var (
	_ validator.String = siblingRule{}
	_ validator.Int64  = siblingRule{}
)

// RequiredOnlyWhen: required when sibling == when, forbidden otherwise.
func RequiredOnlyWhen(sibling string, when, siblingDefault attr.Value) siblingRule {
	return siblingRule{sibling: sibling, when: when, siblingDefault: siblingDefault, requireWhen: true, forbidOtherwise: true}
}

// AllowedOnlyWhen: optional when sibling == when, forbidden otherwise.
func AllowedOnlyWhen(sibling string, when, siblingDefault attr.Value) siblingRule {
	return siblingRule{sibling: sibling, when: when, siblingDefault: siblingDefault, forbidOtherwise: true}
}

func (r siblingRule) Description(_ context.Context) string {
	if r.requireWhen {
		return fmt.Sprintf("required when %s is %s, and must be omitted otherwise", r.sibling, r.when)
	}
	return fmt.Sprintf("may only be set when %s is %s", r.sibling, r.when)
}

func (r siblingRule) MarkdownDescription(ctx context.Context) string { return r.Description(ctx) }

func (r siblingRule) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	resp.Diagnostics.Append(r.validate(ctx, req.Config, req.Path, req.ConfigValue)...)
}

func (r siblingRule) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	resp.Diagnostics.Append(r.validate(ctx, req.Config, req.Path, req.ConfigValue)...)
}

func (r siblingRule) validate(ctx context.Context, config tfsdk.Config, p path.Path, value attr.Value) diag.Diagnostics {
	var diags diag.Diagnostics
	if value.IsUnknown() {
		return diags
	}
	siblingPath := p.ParentPath().AtName(r.sibling)
	sibling, d := r.readSibling(ctx, config, siblingPath)
	diags.Append(d...)
	if diags.HasError() || sibling.IsUnknown() {
		return diags
	}
	if sibling.IsNull() {
		sibling = r.siblingDefault
	}
	if sibling == nil || sibling.IsNull() {
		// A required sibling that is missing gets its own error from Terraform.
		return diags
	}
	name := p.Steps()[len(p.Steps())-1].String()
	switch matches := sibling.Equal(r.when); {
	case matches && r.requireWhen && value.IsNull():
		diags.AddAttributeError(p, fmt.Sprintf("Missing %s", name),
			fmt.Sprintf("%s is required when %s is %s. Set %s, or change %s.", p, siblingPath, r.when, name, r.sibling))
	case !matches && r.forbidOtherwise && !value.IsNull():
		diags.AddAttributeError(p, fmt.Sprintf("%s is not allowed here", name),
			fmt.Sprintf("%s can only be set when %s is %s, but it is %s. Remove %s, or set %s = %s.",
				p, siblingPath, r.when, sibling, name, r.sibling, r.when))
	}
	return diags
}

func (r siblingRule) readSibling(ctx context.Context, config tfsdk.Config, p path.Path) (attr.Value, diag.Diagnostics) {
	switch r.when.(type) {
	case types.Bool:
		var v types.Bool
		d := config.GetAttribute(ctx, p, &v)
		return v, d
	default:
		var v types.String
		d := config.GetAttribute(ctx, p, &v)
		return v, d
	}
}
