package timepolicy

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps/catalog"
)

// validateConfig checks the body the configuration maps to against the
// catalog, the documented rules written once there. Unknown values (from
// other resources) are catalog.Unknown: checked when they are known, at
// the plan of the apply.
func validateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m timePolicyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body := map[string]any{"name": known(m.Name)}
	for _, d := range days {
		l := m.day(d)
		switch {
		case l.IsNull():
			continue
		case l.IsUnknown():
			body[d] = catalog.Unknown
			continue
		}
		var ivs []types.Object
		resp.Diagnostics.Append(l.ElementsAs(ctx, &ivs, false)...)
		pairs := make([]any, len(ivs))
		for i, o := range ivs {
			if o.IsUnknown() || o.IsNull() {
				pairs[i] = catalog.Unknown
				continue
			}
			a := o.Attributes()
			pairs[i] = []any{known(a["start"].(types.String)), known(a["end"].(types.String))}
		}
		body[d] = pairs
	}
	for _, v := range family.Check(body, catalog.Overlay) {
		at := attributePath(v.Steps)
		detail := catalog.PathString("body", v.Steps) + ": " + v.Text() + "."
		if v.Severity == catalog.Warning {
			resp.Diagnostics.AddAttributeWarning(at, "Value without effect on SPS (time policy)", detail)
			continue
		}
		resp.Diagnostics.AddAttributeError(at, "Value SPS's documentation does not allow (time policy)", detail)
	}
}

func known(s types.String) any {
	if s.IsUnknown() {
		return catalog.Unknown
	}
	if s.IsNull() {
		return nil
	}
	return s.ValueString()
}

// attributePath turns the steps of a violation in the body (Mon[0][1])
// into the attribute they came from (mon[0].end).
func attributePath(steps []catalog.Step) path.Path {
	if len(steps) == 0 {
		return path.Empty()
	}
	at := path.Root(steps[0].Key)
	for _, d := range days {
		if steps[0].Key == d {
			at = path.Root(attrOf(d))
		}
	}
	for i, s := range steps[1:] {
		switch {
		case !s.IsIndex:
			at = at.AtName(s.Key)
		case i == 1 && s.Index == 0:
			at = at.AtName("start")
		case i == 1 && s.Index == 1:
			at = at.AtName("end")
		default:
			at = at.AtListIndex(s.Index)
		}
	}
	return at
}
