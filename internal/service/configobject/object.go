package configobject

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

const descObject = "One object of any list endpoint of SPS's configuration (`/api/configuration`), with its body " +
	"as an HCL object: an SSH or RDP connection policy, a channel, settings or time policy, a local usergroup, ...\n\n" +
	"**Declared fields are managed, the rest are kept.** Every write reads the object inside the SPS transaction, " +
	"writes the fields of `body` over it (objects key by key; lists and other values whole) and sends the whole " +
	"object back, so fields the configuration does not declare keep the value SPS holds. A change on SPS to a " +
	"declared field shows in the plan; a change to any other field does not, but shows in `output`.\n\n" +
	"References to other objects are written as their key; SPS's answer (`{ key = ..., meta = ... }`) equals " +
	"the key. Secrets go in the write-only `sensitive_body`.\n\n" +
	"**Checked at plan time.** `body` is checked against what the vendor's REST reference documents of the " +
	"path's family: an undocumented field where the reference documents the object completely, a wrong type, a " +
	"value outside a documented list or a broken rule between fields is an error on the field (for example " +
	"`body.server_address.port`) with the rule in words and the reference's section; \"applies only if\" rules are " +
	"warnings; undocumented fields and families pass silently; values not known yet are checked once known.\n\n" +
	"**The documented rules.** Connection policies of every protocol but SSH and RDP, and the ACLs, are " +
	"read-only over REST: a plan that writes one fails with that reason. Built-in objects (negative keys) cannot " +
	"be deleted: destroying one removes it from state and leaves it on SPS, with a warning. An object other " +
	"objects still reference cannot be deleted: the error names them. A create refused because the name is " +
	"taken names the existing object's key and how to import it.\n\n" +
	"Changes of one apply, to these and to the typed resources, share SPS transactions and commits; interrupted " +
	"applies and commits of unknown outcome behave as for `sps_vnc_settings_policy`. " +
	framework.DescCommitOutcomeGuide + " The guide [Managing any SPS object](../guides/managing-any-sps-object.md) " +
	"has worked examples."

// objects is sps_config_object on the keyed-object machinery: the area of
// each object is the endpoint its path names.
var objects = &framework.Keyed[objectModel]{
	TypeSuffix:     "_config_object",
	Noun:           "SPS object",
	NounOf:         func(m *objectModel) string { r, _ := NormalizePath(m.Path.ValueString()); return nounOf(r) },
	Plural:         func(a *sps.Area) string { return "objects of " + a.Path },
	Diag:           diagObject,
	ListDiag:       diagObjectList,
	Schema:         ObjectResourceSchema(descObject),
	IdentitySchema: ObjectIdentitySchema(),
	ListSchema:     objectListSchema(),
	Area: func(m *objectModel) (*sps.Area, diag.Diagnostics) {
		r, diags := rel(m.Path)
		return areaFor(r, m.Body), diags
	},
	ListArea: listArea,
	Fields: func(ctx context.Context, in framework.WriteInput[objectModel]) (map[string]any, []byte, diag.Diagnostics) {
		return declaredFields(ctx, in.Config)
	},
	Model:          objectFrom,
	Key:            func(m *objectModel) string { return m.Key.ValueString() },
	Name:           func(m *objectModel) string { return nameOf(m.Body) },
	SetIdentity:    setObjectIdentity,
	Import:         importObject,
	ValidateConfig: validateObject,
	ModifyPlan:     modifyObjectPlan,
}

// NewObjectResource, NewObjectListResource are the constructors the
// provider registers.
func NewObjectResource() resource.Resource     { return framework.NewKeyedResource(objects)() }
func NewObjectListResource() list.ListResource { return framework.NewKeyedList(objects)() }

// objectFrom is the model of an object SPS holds.
func objectFrom(_ context.Context, in framework.ModelInput[objectModel]) (objectModel, diag.Diagnostics) {
	var m objectModel
	prior := types.DynamicNull()
	if in.Base != nil {
		m, prior = *in.Base, in.Base.Body
	}
	r := in.Area.Path
	if in.Base != nil {
		var diags diag.Diagnostics
		if r, diags = rel(in.Base.Path); diags.HasError() {
			return m, diags
		}
	} else {
		m.Path = types.StringValue(r)
		m.SensitiveBodyVersion = types.StringNull()
	}
	key := in.Object.Key
	if key == "" && in.Base != nil {
		key = in.Base.Key.ValueString()
	}
	m.Key, m.ID = types.StringValue(key), types.StringValue(ObjectID(r, key))
	m.SensitiveBody = types.DynamicNull() // write-only: never in state
	var diags diag.Diagnostics
	m.Body, m.Output, diags = bodies(in, prior)
	return m, diags
}

func setObjectIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m *objectModel) diag.Diagnostics {
	r, _ := NormalizePath(m.Path.ValueString())
	return identity.Set(ctx, objectIdentity{Path: types.StringValue(r), Key: m.Key})
}

type objectIdentity struct {
	Path types.String `tfsdk:"path"`
	Key  types.String `tfsdk:"key"`
}

// importObject takes <path>/<key> as the import ID, or the identity
// { path, key }; the Read that follows fills in the rest, the whole object
// as body.
func importObject(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var r, key string
	var err error
	switch {
	case req.ID != "":
		r, key, err = ParseObjectID(req.ID)
	case req.Identity != nil:
		var id objectIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if r, err = NormalizePath(id.Path.ValueString()); err == nil {
			key, err = id.Key.ValueString(), ValidateKey(id.Key.ValueString())
		}
	default:
		resp.Diagnostics.AddError("Missing import ID", "Import an sps_config_object by <path>/<key>, for example: "+
			"terraform import sps_config_object.ssh ssh/connections/8348340645707e2575e3c6, or by "+
			"identity = { path = \"ssh/connections\", key = \"8348340645707e2575e3c6\" } in an import block.")
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID for sps_config_object", err.Error()+".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("path"), r)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key"), key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ObjectID(r, key))...)
	if resp.Identity != nil {
		resp.Diagnostics.Append(resp.Identity.Set(ctx, objectIdentity{Path: types.StringValue(r), Key: types.StringValue(key)})...)
	}
}
