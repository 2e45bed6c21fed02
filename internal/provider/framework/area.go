package framework

// The provider side of the area machinery. A typed area of SPS's
// configuration is a definition (Keyed or Singleton): its Terraform type
// name, schema, the mapping between its model and SPS's body, and the
// words for its objects. One keyed-object implementation (the resource,
// area_keyed.go, and the list resource, area_list.go) and one singleton
// implementation (area_singleton.go) serve every definition, on the
// client's Objects and Settings, so every area behaves the same: creates
// whose commit outcome is unknown warn and are settled by the next
// refresh, built-in objects are kept on destroy, identity is set on every
// path, and failures are worded by the diagnostics from the area's data.
//
// Adding a typed area is a file with its definition (and model), its
// tests, docs and examples, and one line in the provider's registration.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// Step says when a model is built.
type Step int

const (
	// ForList: a list result or a data source, from SPS alone (Base nil).
	ForList Step = iota
	// AfterWrite: a create or update, Base is the plan.
	AfterWrite
	// AfterRefresh: a refresh (or the read after an import), Base is the
	// prior state.
	AfterRefresh
)

// ModelInput is what a definition builds its model from.
type ModelInput[M any] struct {
	After Step
	// Area is the area the object is in.
	Area *sps.Area
	// Object is the object as SPS holds it; when Written, only what was
	// sent (the commit's outcome is unknown, or it landed and reading it
	// back failed).
	Object  *sps.Object
	Written bool
	// Base is the model the object is read for: the plan after a write,
	// the prior state after a refresh; nil after an import and for list
	// results, which start from SPS alone.
	Base *M
	// Private is what Fields kept in the resource's private state at the
	// last write (nil for list results and data sources).
	Private []byte
}

// WriteInput is what a definition declares a write from: the plan, and the
// configuration for what the plan never holds (write-only attributes).
type WriteInput[M any] struct {
	Plan   *M
	Config tfsdk.Config
}

// Keyed is the definition of an area of keyed objects (a list endpoint).
type Keyed[M any] struct {
	// TypeSuffix follows the provider's name in the type name
	// ("_vnc_settings_policy").
	TypeSuffix string
	// Noun names one object in messages ("VNC settings policy"), NounOf
	// when it depends on the object (nil: Noun), Plural more than one
	// ("VNC settings policies"; nil: "<area noun> objects").
	Noun   string
	NounOf func(m *M) string
	Plural func(a *sps.Area) string
	// Diag and ListDiag are the areas the diagnostics word the resource's
	// and the list resource's failures for.
	Diag, ListDiag diagnostics.Area

	Schema         schema.Schema
	IdentitySchema identityschema.Schema
	// ListSchema is the list resource's configuration (nil: no list
	// resource); NameFilter adds name_regex and include_builtin to it.
	ListSchema *listschema.Schema

	// Area is the client's area of a model's object: a typed area's
	// fixed one (FixedArea), or one the model names.
	Area func(m *M) (*sps.Area, diag.Diagnostics)
	// ListArea is the area a list resource's configuration names (nil:
	// the Area of a zero model).
	ListArea func(ctx context.Context, config tfsdk.Config) (*sps.Area, diag.Diagnostics)
	// Fields is what create and update declare, and what to keep in
	// private state for the model to read back (nil for nothing).
	Fields func(ctx context.Context, in WriteInput[M]) (fields map[string]any, private []byte, diags diag.Diagnostics)
	// Model is the model of an object.
	Model func(ctx context.Context, in ModelInput[M]) (M, diag.Diagnostics)
	// Key and Name read a model ("" for an object without a name).
	Key, Name func(m *M) string

	// SetIdentity stores a model's identity (nil: the key identity).
	SetIdentity func(ctx context.Context, identity *tfsdk.ResourceIdentity, m *M) diag.Diagnostics
	// Import reads an import ID or identity into the state Read starts
	// from (nil: the key, as ImportKey and ImportByKey do).
	Import func(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse)
	// ImportExample is the command the missing-import-ID error shows.
	ImportExample string
	// BuiltinKept words the warning of a destroyed built-in object (nil:
	// BuiltinObjectKept with the noun).
	BuiltinKept func(diags *diag.Diagnostics, m *M)

	// ValidateConfig and ModifyPlan are the area's own plan-time rules
	// (optional).
	ValidateConfig func(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse)
	ModifyPlan     func(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse)
}

// noun names m's kind of object in messages.
func (k *Keyed[M]) noun(m *M) string {
	if k.NounOf != nil {
		return k.NounOf(m)
	}
	return k.Noun
}

// plural names the objects of a in messages.
func (k *Keyed[M]) plural(a *sps.Area) string {
	if k.Plural != nil {
		return k.Plural(a)
	}
	return a.Noun + " objects"
}

// FixedArea is Keyed.Area (or Singleton.Area) of a typed area: every
// model's object is in a.
func FixedArea[M any](a *sps.Area) func(*M) (*sps.Area, diag.Diagnostics) {
	return func(*M) (*sps.Area, diag.Diagnostics) { return a, nil }
}

// Singleton is the definition of a singleton area (an endpoint holding one
// object that is updated, never created or deleted).
type Singleton[M any] struct {
	TypeSuffix string
	// Noun names the object in messages ("the VNC options"), NounOf when
	// it depends on the model (nil: Noun).
	Noun           string
	NounOf         func(m *M) string
	Diag, ListDiag diagnostics.Area
	// Unsettled says what the next refresh does after a create whose
	// commit outcome is unknown (nil: it reads what SPS has).
	Unsettled string

	Schema         schema.Schema
	IdentitySchema identityschema.Schema
	ListSchema     *listschema.Schema
	// ListDisplayName names the list resource's one result.
	ListDisplayName string

	Area     func(m *M) (*sps.Area, diag.Diagnostics)
	ListArea func(ctx context.Context, config tfsdk.Config) (*sps.Area, diag.Diagnostics)
	// Edit is the update of the object a plan asks for (nil: the Fields
	// declared, Area.Declare). A typed area whose model maps onto the body
	// in more than one way builds its own.
	Edit   func(ctx context.Context, c *sps.Client, in WriteInput[M]) (sps.Edit, []byte, error)
	Fields func(ctx context.Context, in WriteInput[M]) (fields map[string]any, private []byte, diags diag.Diagnostics)
	Model  func(ctx context.Context, in ModelInput[M]) (M, diag.Diagnostics)

	SetIdentity func(ctx context.Context, identity *tfsdk.ResourceIdentity, m *M) diag.Diagnostics
	Import      func(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse)
	// Kept words the warning of a destroy, which leaves the object on SPS.
	Kept func(diags *diag.Diagnostics, m *M)

	ValidateConfig func(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse)
	ModifyPlan     func(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse)
}

func (s *Singleton[M]) noun(m *M) string {
	if s.NounOf != nil && m != nil {
		return s.NounOf(m)
	}
	return s.Noun
}

// privateArea is the private state key under which a definition keeps
// what Fields returned.
const privateArea = "area"

// Read returns the model of the object key in area, for a data source
// (from the client's cached list: one list request however many read).
// err is the client's, for the caller to word.
func (k *Keyed[M]) Read(ctx context.Context, c *sps.Client, area *sps.Area, key string) (m M, diags diag.Diagnostics, err error) {
	obj, err := c.Objects(area).Get(ctx, key)
	if err != nil {
		return m, nil, err
	}
	m, diags = k.Model(ctx, ModelInput[M]{After: ForList, Area: area, Object: obj})
	return m, diags, nil
}

// ReadAll returns the models of every object in area, in SPS's order, for
// a data source.
func (k *Keyed[M]) ReadAll(ctx context.Context, c *sps.Client, area *sps.Area) (ms []M, diags diag.Diagnostics, err error) {
	objs, err := c.Objects(area).List(ctx)
	if err != nil {
		return nil, nil, err
	}
	ms = make([]M, 0, len(objs))
	for i := range objs {
		m, d := k.Model(ctx, ModelInput[M]{After: ForList, Area: area, Object: &objs[i]})
		diags.Append(d...)
		ms = append(ms, m)
	}
	return ms, diags, nil
}
