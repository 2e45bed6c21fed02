package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// SingletonResource is the resource of a Singleton definition. The object
// always exists on SPS: Create takes it over and writes the configured
// fields, Delete only forgets it (with the definition's warning).
type SingletonResource[M any] struct {
	ResourceBase
	def *Singleton[M]
}

var (
	_ resource.ResourceWithConfigure      = (*SingletonResource[struct{}])(nil)
	_ resource.ResourceWithImportState    = (*SingletonResource[struct{}])(nil)
	_ resource.ResourceWithIdentity       = (*SingletonResource[struct{}])(nil)
	_ resource.ResourceWithValidateConfig = (*SingletonResource[struct{}])(nil)
	_ resource.ResourceWithModifyPlan     = (*SingletonResource[struct{}])(nil)
)

// NewSingletonResource returns the constructor the provider registers for
// def.
func NewSingletonResource[M any](def *Singleton[M]) func() resource.Resource {
	return func() resource.Resource {
		return &SingletonResource[M]{ResourceBase: ResourceBase{TypeSuffix: def.TypeSuffix}, def: def}
	}
}

func (r *SingletonResource[M]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.def.Schema
}

func (r *SingletonResource[M]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.def.IdentitySchema
}

func (r *SingletonResource[M]) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if r.def.ValidateConfig != nil {
		r.def.ValidateConfig(ctx, req, resp)
	}
}

func (r *SingletonResource[M]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.def.ModifyPlan != nil {
		r.def.ModifyPlan(ctx, req, resp)
	}
}

// write updates the object to the plan. Create and Update do the same
// thing, because the object always exists on SPS.
func (r *SingletonResource[M]) write(ctx context.Context, plan tfsdk.Plan, config tfsdk.Config, out *resourceOut, create bool) (diags diag.Diagnostics) {
	var m M
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() || !RequireClient(r.Client, &diags) {
		return diags
	}
	area, edit, private := r.edit(ctx, &m, config, &diags)
	if diags.HasError() {
		return diags
	}
	op := diagnostics.WriteOp(r.def.Diag, "update "+r.def.noun(&m))
	obj, err := r.Client.Settings(area).Edit(ctx, edit)
	if err != nil {
		if !diagnostics.MayBeOnSPS(err) || obj == nil {
			diagnostics.AddClientError(&diags, op, err)
			return diags
		}
		// The commit landed (reading back failed) or may still land:
		// record the planned object; the next refresh reads what SPS has.
		// A create says so with a warning, not an error (see
		// unsettled_create.go); the object always exists on SPS, so there
		// is nothing for the refresh to drop.
		if create {
			settle := r.def.Unsettled
			if settle == "" {
				settle = "the next refresh (terraform plan or apply) reads " + r.def.noun(&m) + " as SPS has it."
			}
			AddUnsettledCreate(ctx, &diags, nil, r.def.Diag, r.def.noun(&m), settle, err)
		} else {
			diagnostics.AddClientError(&diags, op, err)
		}
	}
	diags.Append(out.private.SetKey(ctx, privateArea, private)...)
	model, d := r.def.Model(ctx, ModelInput[M]{After: AfterWrite, Area: area, Object: obj, Written: err != nil, Base: &m, Private: private})
	diags.Append(d...)
	if d.HasError() {
		return diags
	}
	diags.Append(out.state.Set(ctx, &model)...)
	diags.Append(r.identify(ctx, out.identity, &model)...)
	return diags
}

// resourceOut is where Create and Update record the result.
type resourceOut struct {
	state    *tfsdk.State
	identity *tfsdk.ResourceIdentity
	private  privateStateWriter
}

// edit is the area, the edit and the private data of a write.
func (r *SingletonResource[M]) edit(ctx context.Context, m *M, config tfsdk.Config, diags *diag.Diagnostics) (*sps.Area, sps.Edit, []byte) {
	area, d := r.def.Area(m)
	diags.Append(d...)
	if diags.HasError() {
		return nil, sps.Edit{}, nil
	}
	in := WriteInput[M]{Plan: m, Config: config}
	if r.def.Edit != nil {
		edit, private, err := r.def.Edit(ctx, r.Client, in)
		if err != nil {
			diagnostics.AddClientError(diags, diagnostics.WriteOp(r.def.Diag, "update "+r.def.noun(m)), err)
		}
		return area, edit, private
	}
	fields, private, d := r.def.Fields(ctx, in)
	diags.Append(d...)
	return area, area.Declare(fields), private
}

func (r *SingletonResource[M]) identify(ctx context.Context, identity *tfsdk.ResourceIdentity, m *M) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return r.def.SetIdentity(ctx, identity, m)
}

func (r *SingletonResource[M]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	out := &resourceOut{state: &resp.State, identity: resp.Identity, private: resp.Private}
	resp.Diagnostics.Append(r.write(ctx, req.Plan, req.Config, out, true)...)
}

func (r *SingletonResource[M]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	out := &resourceOut{state: &resp.State, identity: resp.Identity, private: resp.Private}
	resp.Diagnostics.Append(r.write(ctx, req.Plan, req.Config, out, false)...)
}

func (r *SingletonResource[M]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.identify(ctx, resp.Identity, &state)...)
	if r.Client == nil {
		WarnNotRefreshed(&resp.Diagnostics, r.def.noun(&state))
		return
	}
	area, d := r.def.Area(&state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	obj, err := r.Client.Settings(area).Get(ctx)
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(r.def.Diag, r.def.noun(&state)), err)
		return
	}
	private, d := req.Private.GetKey(ctx, privateArea)
	resp.Diagnostics.Append(d...)
	model, d := r.def.Model(ctx, ModelInput[M]{After: AfterRefresh, Area: area, Object: obj, Base: &state, Private: private})
	resp.Diagnostics.Append(d...)
	if !d.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
	}
}

// Delete leaves the appliance alone and says so.
// The state is handed over when it can be read; the warning does not
// depend on it.
func (r *SingletonResource[M]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state M
	if d := req.State.Get(ctx, &state); d.HasError() {
		r.def.Kept(&resp.Diagnostics, nil)
		return
	}
	r.def.Kept(&resp.Diagnostics, &state)
}

func (r *SingletonResource[M]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.def.Import(ctx, req, resp)
}

// SingletonList is the list resource of a Singleton definition: always
// exactly one result, so `terraform query -generate-config-out` can adopt
// it together with the keyed objects.
type SingletonList[M any] struct {
	ResourceBase
	def *Singleton[M]
}

var _ list.ListResourceWithConfigure = (*SingletonList[struct{}])(nil)

// NewSingletonList returns the constructor the provider registers for
// def's list resource.
func NewSingletonList[M any](def *Singleton[M]) func() list.ListResource {
	return func() list.ListResource {
		return &SingletonList[M]{ResourceBase: ResourceBase{TypeSuffix: def.TypeSuffix}, def: def}
	}
}

func (r *SingletonList[M]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = *r.def.ListSchema
}

func (r *SingletonList[M]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	var area *sps.Area
	if r.def.ListArea != nil {
		var d diag.Diagnostics
		area, d = r.def.ListArea(ctx, req.Config)
		diags.Append(d...)
	} else {
		var zero M
		var d diag.Diagnostics
		area, d = r.def.Area(&zero)
		diags.Append(d...)
	}
	if diags.HasError() || !RequireClient(r.Client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	obj, err := r.Client.Settings(area).Get(ctx)
	if err != nil {
		diagnostics.AddClientError(&diags, diagnostics.ReadOp(r.def.ListDiag, r.def.noun(nil)), err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		result := req.NewListResult(ctx)
		result.DisplayName = r.def.ListDisplayName
		m, d := r.def.Model(ctx, ModelInput[M]{After: ForList, Area: area, Object: obj})
		result.Diagnostics.Append(d...)
		if !d.HasError() {
			result.Diagnostics.Append(r.def.SetIdentity(ctx, result.Identity, &m)...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
			}
		}
		push(result)
	}
}
