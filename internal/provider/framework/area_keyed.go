package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// KeyedResource is the resource of a Keyed definition.
type KeyedResource[M any] struct {
	ResourceBase
	def *Keyed[M]
}

var (
	_ resource.ResourceWithConfigure      = (*KeyedResource[struct{}])(nil)
	_ resource.ResourceWithImportState    = (*KeyedResource[struct{}])(nil)
	_ resource.ResourceWithIdentity       = (*KeyedResource[struct{}])(nil)
	_ resource.ResourceWithValidateConfig = (*KeyedResource[struct{}])(nil)
	_ resource.ResourceWithModifyPlan     = (*KeyedResource[struct{}])(nil)
)

// NewKeyedResource returns the constructor the provider registers for def.
func NewKeyedResource[M any](def *Keyed[M]) func() resource.Resource {
	return func() resource.Resource {
		return &KeyedResource[M]{ResourceBase: ResourceBase{TypeSuffix: def.TypeSuffix}, def: def}
	}
}

func (r *KeyedResource[M]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.def.Schema
}

func (r *KeyedResource[M]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.def.IdentitySchema
}

func (r *KeyedResource[M]) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if r.def.ValidateConfig != nil {
		r.def.ValidateConfig(ctx, req, resp)
	}
}

func (r *KeyedResource[M]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.def.ModifyPlan != nil {
		r.def.ModifyPlan(ctx, req, resp)
	}
}

// named names one object in messages: `VNC settings policy "x"`, or the
// noun alone for an object without a name.
func (r *KeyedResource[M]) named(m *M) string {
	if name := r.def.Name(m); name != "" {
		return fmt.Sprintf("%s %q", r.def.noun(m), name)
	}
	return r.def.noun(m)
}

// keyed names one object with its key: `VNC settings policy "x" (key 7)`.
func (r *KeyedResource[M]) keyed(m *M, key string) string {
	if name := r.def.Name(m); name != "" {
		return fmt.Sprintf("%s %q (key %s)", r.def.noun(m), name, key)
	}
	return r.def.noun(m) + " " + key
}

func (r *KeyedResource[M]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !RequireClient(r.Client, &resp.Diagnostics) {
		return
	}
	area, fields, private := r.prepareWrite(ctx, &plan, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	obj, err := r.Client.Objects(area).Create(ctx, fields)
	what := r.named(&plan)
	switch {
	case err != nil && (!diagnostics.MayBeOnSPS(err) || obj == nil):
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.WriteOp(r.def.Diag, "create "+what), err)
		return
	case err != nil:
		// The commit landed (reading back failed) or may still land:
		// record the key it wrote, with a warning (not an error: see
		// unsettled_create.go), so the next refresh keeps the object, or
		// drops it if the commit never landed and the plan creates it;
		// never a duplicate.
		AddUnsettledCreate(ctx, &resp.Diagnostics, resp.Private, r.def.Diag, what,
			"the next refresh (terraform plan or apply) keeps it if the commit landed, or drops it from state so that the plan creates it.", err)
	default:
		tflog.Debug(ctx, "created "+r.def.noun(&plan), map[string]any{"key": obj.Key, "name": r.def.Name(&plan)})
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateArea, private)...)
	in := ModelInput[M]{After: AfterWrite, Area: area, Object: obj, Written: err != nil, Base: &plan, Private: private}
	resp.Diagnostics.Append(r.record(ctx, &resp.State, resp.Identity, in)...)
}

// prepareWrite is the area and the declared fields of a write.
func (r *KeyedResource[M]) prepareWrite(ctx context.Context, plan *M, config tfsdk.Config, diags *diag.Diagnostics) (*sps.Area, map[string]any, []byte) {
	area, d := r.def.Area(plan)
	diags.Append(d...)
	if diags.HasError() {
		return nil, nil, nil
	}
	fields, private, d := r.def.Fields(ctx, WriteInput[M]{Plan: plan, Config: config})
	diags.Append(d...)
	return area, fields, private
}

// record saves the model of in as the resource's state and identity.
func (r *KeyedResource[M]) record(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, in ModelInput[M]) diag.Diagnostics {
	m, diags := r.def.Model(ctx, in)
	if diags.HasError() {
		return diags
	}
	diags.Append(state.Set(ctx, &m)...)
	diags.Append(r.identify(ctx, identity, &m)...)
	return diags
}

func (r *KeyedResource[M]) identify(ctx context.Context, identity *tfsdk.ResourceIdentity, m *M) diag.Diagnostics {
	if r.def.SetIdentity != nil {
		if identity == nil {
			return nil
		}
		return r.def.SetIdentity(ctx, identity, m)
	}
	return SetKeyIdentity(ctx, identity, r.def.Key(m))
}

func (r *KeyedResource[M]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The key never changes; setting the identity first covers every path
	// below, removal included (the framework wants one even then).
	resp.Diagnostics.Append(r.identify(ctx, resp.Identity, &state)...)
	key, name := r.def.Key(&state), r.def.Name(&state)
	if name == "" {
		name = key
	}
	if r.Client == nil {
		WarnNotRefreshed(&resp.Diagnostics, r.def.noun(&state)+" "+name)
		return
	}
	area, d := r.def.Area(&state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	obj, err := r.Client.Objects(area).Get(ctx, key)
	if err == nil || sps.IsNotFound(err) {
		SettleUnsettledCreate(ctx, &resp.Diagnostics, req.Private, resp.Private, r.keyed(&state, key), err == nil)
	}
	if sps.IsNotFound(err) {
		tflog.Warn(ctx, r.def.noun(&state)+" no longer exists on SPS; removing it from state", map[string]any{"key": key})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(r.def.Diag, fmt.Sprintf("%s %q", r.def.noun(&state), key)), err)
		return
	}
	private, d := req.Private.GetKey(ctx, privateArea)
	resp.Diagnostics.Append(d...)
	in := ModelInput[M]{After: AfterRefresh, Area: area, Object: obj, Base: &state, Private: private}
	resp.Diagnostics.Append(r.record(ctx, &resp.State, nil, in)...)
}

func (r *KeyedResource[M]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !RequireClient(r.Client, &resp.Diagnostics) {
		return
	}
	area, fields, private := r.prepareWrite(ctx, &plan, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	key := r.def.Key(&state)
	obj, err := r.Client.Objects(area).Update(ctx, key, fields)
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.WriteOp(r.def.Diag, "update "+r.keyed(&plan, key)), err)
		if !diagnostics.MayBeOnSPS(err) || obj == nil {
			return
		}
		// The commit landed (reading back failed) or may still land:
		// record the planned values; the next refresh reads what SPS has.
	}
	if obj.Key == "" {
		obj.Key = key
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateArea, private)...)
	in := ModelInput[M]{After: AfterWrite, Area: area, Object: obj, Written: err != nil, Base: &plan, Private: private}
	resp.Diagnostics.Append(r.record(ctx, &resp.State, resp.Identity, in)...)
}

func (r *KeyedResource[M]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !RequireClient(r.Client, &resp.Diagnostics) {
		return
	}
	key := r.def.Key(&state)
	if sps.IsBuiltinKey(key) {
		// SPS does not delete built-in objects: leave it as it is, like a
		// singleton's destroy does, rather than fail the destroy.
		r.builtinKept(&resp.Diagnostics, &state)
		return
	}
	area, d := r.def.Area(&state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.Client.Objects(area).Delete(ctx, key)
	switch {
	case sps.IsNotFound(err):
		// Already gone: the goal of Delete is reached.
	case sps.IsBuiltinNotDeletable(err):
		r.builtinKept(&resp.Diagnostics, &state)
	case err != nil:
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.DeleteOp(r.def.Diag, r.keyed(&state, key)), err)
	}
}

func (r *KeyedResource[M]) builtinKept(diags *diag.Diagnostics, m *M) {
	if r.def.BuiltinKept != nil {
		r.def.BuiltinKept(diags, m)
		return
	}
	BuiltinObjectKept(diags, r.def.noun(m), r.def.Name(m), r.def.Key(m))
}

// ImportState takes the object's key (or what the definition's Import
// reads) as the import ID or as the identity.
func (r *KeyedResource[M]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.def.Import != nil {
		r.def.Import(ctx, req, resp)
		return
	}
	key := ImportKey(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if key == "" {
		MissingImportKey(&resp.Diagnostics, r.def.ImportExample)
		return
	}
	ImportByKey(ctx, key, resp)
}

// BuiltinObjectKept warns that destroying a built-in object only removed it
// from state.
func BuiltinObjectKept(diags *diag.Diagnostics, noun, name, key string) {
	what := noun + " " + sps.KeyText(key)
	if name != "" {
		what = fmt.Sprintf("%s %q (key %s)", noun, name, sps.KeyText(key))
	}
	diags.AddWarning("Built-in "+noun+" left on SPS",
		diagnostics.Printable(what+" is built into SPS (negative key) and cannot be deleted. It was removed from "+
			"Terraform state only; it was left on the appliance as it is."))
}
