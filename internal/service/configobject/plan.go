package configobject

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// validateObject is the plan-time check of what the configuration alone
// shows: a path SPS serves read-only, and the declared body against the
// vendor's documented schema (catalog_check.go). (The path's and bodies'
// forms are the attributes' validators.)
func validateObject(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateWritable(ctx, req.Config, resp)
	validateOverlap(ctx, req.Config, resp)
	validateBody(ctx, req.Config, resp)
}

// validateOverlap refuses a field declared both in body and in
// sensitive_body, once both are known.
func validateOverlap(ctx context.Context, config tfsdk.Config, resp *resource.ValidateConfigResponse) {
	body, sensitive, diags := configBodies(ctx, config)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() || sensitive.IsNull() {
		return
	}
	b, errB := TreeWithUnknowns(body, "body", nil)
	s, errS := TreeWithUnknowns(sensitive, "sensitive_body", nil)
	if errB != nil || errS != nil {
		return // the attributes' validators say what is wrong
	}
	var overlap *OverlapError
	if _, err := MergeSensitive(b, s); errors.As(err, &overlap) {
		resp.Diagnostics.AddAttributeError(path.Root("sensitive_body"), "Invalid sensitive_body", err.Error()+".")
	}
}

func validateWritable(ctx context.Context, config tfsdk.Config, resp *resource.ValidateConfigResponse) {
	var p types.String
	resp.Diagnostics.Append(config.GetAttribute(ctx, path.Root("path"), &p)...)
	if resp.Diagnostics.HasError() || p.IsNull() || p.IsUnknown() {
		return
	}
	r, err := NormalizePath(p.ValueString())
	if err != nil {
		return // the attribute's validator says why
	}
	if rule, ok := ReadOnly(r); ok {
		resp.Diagnostics.AddAttributeError(path.Root("path"), "SPS takes no changes here over its REST API",
			r+" is read-only over the SPS REST API: "+rule.Reason+" ("+rule.Source+"). Read it with the "+
				"sps_config_object or sps_config_objects data source instead.")
	}
}

// planBodies is what modifyObjectPlan reads and writes of a plan.
type planBodies struct {
	Body    types.Dynamic `tfsdk:"body"`
	Version types.String  `tfsdk:"sensitive_body_version"`
	Output  types.Dynamic `tfsdk:"output"`
}

// modifyObjectPlan settles the planned body and output, then checks what
// will be written against the documented schema (catalog_check.go).
func modifyObjectPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	keepPriorBody(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		checkPlannedBody(ctx, req, resp)
	}
}

// keepPriorBody keeps the prior body when the configuration's declared
// fields all agree with it (Terraform takes the prior value as the
// provider's word that the two are equivalent), which is what makes a
// partial body plan no change after an import; and keeps output when
// nothing will be written.
func keepPriorBody(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return // destroy, or create: nothing to keep
	}
	var config, state, plan planBodies
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("body"), &config.Body)...)
	resp.Diagnostics.Append(getBodies(ctx, req.State, &state)...)
	resp.Diagnostics.Append(getBodies(ctx, resp.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if KeepsPriorBody(config.Body, state.Body) {
		plan.Body = state.Body
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("body"), state.Body)...)
	}
	var planPath, statePath types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("path"), &planPath)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("path"), &statePath)...)
	if plan.Body.Equal(state.Body) && plan.Version.Equal(state.Version) && planPath.Equal(statePath) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("output"), state.Output)...)
	}
}

// attrGetter is a plan or a state.
type attrGetter interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

func getBodies(ctx context.Context, from attrGetter, into *planBodies) diag.Diagnostics {
	diags := from.GetAttribute(ctx, path.Root("body"), &into.Body)
	diags.Append(from.GetAttribute(ctx, path.Root("sensitive_body_version"), &into.Version)...)
	diags.Append(from.GetAttribute(ctx, path.Root("output"), &into.Output)...)
	return diags
}
