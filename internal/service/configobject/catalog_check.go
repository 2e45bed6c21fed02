package configobject

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps/catalog"
)

// The plan-time check of a body against SPS's documented schema (the
// catalog, internal/sps/catalog): what the reference documents is checked,
// the rest passes silently, and a value not known yet is checked once it
// is known (Terraform plans again during apply with the values it learned).
//
// ValidateConfig checks the declared fields alone (catalog.Overlay): SPS
// may hold the fields a "required if" rule needs. ModifyPlan checks what
// will be written (catalog.Whole): a create's body, or for an update the
// declared fields written over the object SPS holds as last read (the
// state's output), exactly as the client will overlay them. A singleton's
// first write lands on settings Terraform has not read yet, so it gets the
// Overlay check only.

// checkedBody is a configuration's body and sensitive_body as the catalog
// reads them: merged as a write merges them, values not known yet as
// catalog.Unknown; sensitive is kept to tell where a violation lies.
type checkedBody struct {
	merged    any
	sensitive any
}

// bodyToCheck reads body and sensitive_body; ok is false when there is
// nothing to check, or when the attributes' own validators or the overlap
// check already say what is wrong with them.
func bodyToCheck(body, sensitive types.Dynamic) (checkedBody, bool) {
	b, err := TreeWithUnknowns(body, "body", catalog.Unknown)
	if err != nil || b == nil {
		return checkedBody{}, false
	}
	var s any
	if !sensitive.IsNull() {
		if s, err = TreeWithUnknowns(sensitive, "sensitive_body", catalog.Unknown); err != nil {
			return checkedBody{}, false
		}
	}
	merged, err := MergeSensitive(b, s)
	if err != nil {
		return checkedBody{}, false
	}
	return checkedBody{merged: merged, sensitive: s}, true
}

// checkedFamily is the catalog's family of the resource's path, when the
// path is known and valid, the catalog documents it and it can be written
// (a read-only path is validateWritable's error).
func checkedFamily(ctx context.Context, from attrGetter) (*catalog.Family, bool) {
	var p types.String
	if diags := from.GetAttribute(ctx, path.Root("path"), &p); diags.HasError() || p.IsNull() || p.IsUnknown() {
		return nil, false
	}
	r, err := NormalizePath(p.ValueString())
	if err != nil {
		return nil, false
	}
	f, ok := catalog.Lookup(r)
	if !ok || f.ReadOnly {
		return nil, false
	}
	return f, true
}

// validateBody is ValidateConfig's check: the declared fields.
func validateBody(ctx context.Context, config tfsdk.Config, resp *resource.ValidateConfigResponse) {
	f, ok := checkedFamily(ctx, config)
	if !ok {
		return
	}
	body, sensitive, diags := configBodies(ctx, config)
	if diags.HasError() {
		return
	}
	in, ok := bodyToCheck(body, sensitive)
	if !ok {
		return
	}
	resp.Diagnostics.Append(violationDiagnostics(f, in, f.Check(in.merged, catalog.Overlay))...)
}

// checkPlannedBody is ModifyPlan's check: what will be written, as a whole.
// On an update only violations that touch a declared field count: what
// SPS holds and the configuration leaves alone is not the plan's to refuse.
func checkPlannedBody(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	f, ok := checkedFamily(ctx, req.Plan)
	if !ok {
		return
	}
	body, sensitive, diags := configBodies(ctx, req.Config)
	if diags.HasError() {
		return
	}
	in, ok := bodyToCheck(body, sensitive)
	if !ok {
		return
	}
	declared, ok := in.merged.(map[string]any)
	if !ok {
		return
	}
	whole, update, ok := plannedWrite(ctx, req, resp, declared)
	if !ok {
		return
	}
	// ValidateConfig's errors stop Terraform before this; its warnings do
	// not, and are not repeated.
	seen := map[string]bool{}
	for _, v := range f.Check(in.merged, catalog.Overlay) {
		if v.Severity == catalog.Warning {
			seen[v.RuleID+" "+v.Path()] = true
		}
	}
	var found []catalog.Violation
	for _, v := range f.Check(whole, catalog.Whole) {
		if seen[v.RuleID+" "+v.Path()] || (update && !touches(in.merged, v.Steps)) {
			continue
		}
		found = append(found, v)
	}
	resp.Diagnostics.Append(violationDiagnostics(f, in, found)...)
}

// plannedWrite is the object a write will leave on SPS: the declared body
// on a create of a list object; on an update, the declared fields written
// over the state's output (references as keys, as every write sends them).
// ok is false when it cannot be known (a singleton's first write, no
// output in state) or nothing will be written.
func plannedWrite(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, declared map[string]any) (whole any, update, ok bool) {
	if req.State.Raw.IsNull() {
		_, keyed := req.Plan.Schema.GetAttributes()["key"]
		return declared, false, keyed
	}
	var state, plan planBodies
	if getBodies(ctx, req.State, &state).HasError() || getBodies(ctx, resp.Plan, &plan).HasError() {
		return nil, true, false
	}
	if plan.Body.Equal(state.Body) && plan.Version.Equal(state.Version) {
		return nil, true, false
	}
	if state.Output.IsNull() || state.Output.IsUnknown() {
		return nil, true, false
	}
	t, err := Tree(state.Output, "output")
	current, isMap := t.(map[string]any)
	if err != nil || !isMap {
		return nil, true, false
	}
	return sps.Writable(sps.Overlay(current, declared)), true, true
}

// touches reports whether steps lead through at least one field the
// configuration declares (or are the body itself).
func touches(declared any, steps []catalog.Step) bool {
	if len(steps) == 0 {
		return true
	}
	_, depth := walk(declared, steps)
	return depth > 0
}

// walk follows steps through v as far as they go: the value reached and
// how many steps were taken.
func walk(v any, steps []catalog.Step) (any, int) {
	for i, s := range steps {
		switch {
		case s.IsIndex:
			l, ok := v.([]any)
			if !ok || s.Index < 0 || s.Index >= len(l) {
				return v, i
			}
			v = l[s.Index]
		default:
			m, ok := v.(map[string]any)
			if !ok {
				return v, i
			}
			e, ok := m[s.Key]
			if !ok {
				return v, i
			}
			v = e
		}
	}
	return v, len(steps)
}

// violationDiagnostics words violations: an error (or, for "applies only
// if" rules, a warning) on the attribute path, saying where in words too
// (body.server_address.port), the documented rule, what was found, a near
// field name, and the reference's section. A violation inside
// sensitive_body is placed there and never quotes the value.
func violationDiagnostics(f *catalog.Family, in checkedBody, vs []catalog.Violation) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, v := range vs {
		if v.Kind == catalog.KindReadOnly {
			continue // validateWritable's error, on path
		}
		root := "body"
		if in.sensitive != nil && len(v.Steps) > 0 {
			if _, depth := walk(in.sensitive, v.Steps); depth == len(v.Steps) {
				root, v.Detail = "sensitive_body", ""
			}
		}
		at := path.Root(root)
		for _, s := range v.Steps {
			if s.IsIndex {
				at = at.AtListIndex(s.Index)
			} else {
				at = at.AtName(s.Key)
			}
		}
		detail := catalog.PathString(root, v.Steps) + ": " + v.Text() + "."
		if v.Severity == catalog.Warning {
			diags.AddAttributeWarning(at, "Value without effect on SPS ("+f.Path+")", detail)
			continue
		}
		diags.AddAttributeError(at, "Value SPS's documentation does not allow ("+f.Path+")", detail)
	}
	return diags
}
