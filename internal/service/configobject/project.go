package configobject

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Project returns remote, an object as SPS holds it (from Decode), seen
// through declared, the body the configuration wrote (or the body in
// state, which has its shape): only the fields declared, each with the
// value SPS holds and the type the configuration gave it.
//
//   - Objects and maps keep exactly their declared keys; a key SPS does not
//     hold becomes a null of the declared type, so the plan shows it.
//   - Lists, sets and tuples take SPS's elements, each seen through the
//     declared element at its position (or the element type beyond it), so
//     SPS's defaults inside list elements stay undeclared too. Their length
//     is SPS's.
//   - A string declared where SPS holds a reference {"key": K, "meta": ...}
//     is K.
//   - Where the declared value has no shape (a typeless null) or SPS holds
//     a value of another kind, the value is SPS's whole, references as
//     keys: that is the difference the plan must show.
//
// The result is equal (attr.Value.Equal) to declared exactly when SPS
// holds every declared field with the declared value.
func Project(remote any, declared types.Dynamic) (types.Dynamic, error) {
	v, err := project(remote, declared, 0)
	if err != nil {
		return types.DynamicNull(), err
	}
	return dynamicOf(v), nil
}

func project(remote any, tmpl attr.Value, depth int) (attr.Value, error) {
	if depth > maxDepth {
		return nil, errTooDeep
	}
	if d, ok := tmpl.(basetypes.DynamicValue); ok {
		if d.IsNull() || d.IsUnknown() || d.UnderlyingValue() == nil {
			return implied(remote, AsWritten, depth)
		}
		return project(remote, d.UnderlyingValue(), depth)
	}
	if tmpl.IsNull() || tmpl.IsUnknown() {
		return projectType(remote, tmpl.Type(typeCtx), depth)
	}
	switch t := tmpl.(type) {
	case basetypes.ObjectValue:
		m, ok := remote.(map[string]any)
		if !ok {
			break
		}
		return projectFields(m, t.Attributes(), nil, depth)
	case basetypes.MapValue:
		m, ok := remote.(map[string]any)
		if !ok {
			break
		}
		elemType := t.ElementType(typeCtx)
		return projectFields(m, t.Elements(), elemType, depth)
	case basetypes.ListValue:
		if l, ok := remote.([]any); ok {
			return projectElems(l, t.Elements(), nil, t.ElementType(typeCtx), listKind, depth)
		}
	case basetypes.SetValue:
		// Set elements have no position to pair them by.
		if l, ok := remote.([]any); ok {
			return projectElems(l, nil, nil, t.ElementType(typeCtx), setKind, depth)
		}
	case basetypes.TupleValue:
		if l, ok := remote.([]any); ok {
			return projectElems(l, t.Elements(), nil, nil, tupleKind, depth)
		}
	default:
		return projectType(remote, tmpl.Type(typeCtx), depth)
	}
	return implied(remote, AsWritten, depth)
}

// projectType is project for a declared type with no value to follow: a
// typed null, or list elements beyond those declared.
func projectType(remote any, typ attr.Type, depth int) (attr.Value, error) {
	if depth > maxDepth {
		return nil, errTooDeep
	}
	switch t := typ.(type) {
	case basetypes.StringType:
		switch r := remote.(type) {
		case nil:
			return types.StringNull(), nil
		case string:
			return types.StringValue(r), nil
		case map[string]any:
			if key, ok := referenceKey(r); ok {
				return types.StringValue(key), nil
			}
		}
	case basetypes.NumberType:
		switch r := remote.(type) {
		case nil:
			return types.NumberNull(), nil
		case json.Number:
			return numberValue(r)
		}
	case basetypes.BoolType:
		switch r := remote.(type) {
		case nil:
			return types.BoolNull(), nil
		case bool:
			return types.BoolValue(r), nil
		}
	case basetypes.ObjectType:
		if remote == nil {
			return types.ObjectNull(t.AttrTypes), nil
		}
		if m, ok := remote.(map[string]any); ok {
			fields := make(map[string]attr.Value, len(t.AttrTypes))
			for k, at := range t.AttrTypes {
				fields[k] = typedNull(at)
			}
			return projectFields(m, fields, nil, depth)
		}
	case basetypes.MapType:
		if remote == nil {
			return types.MapNull(t.ElemType), nil
		}
		// A map type declares no keys: every key SPS holds is shown.
		if m, ok := remote.(map[string]any); ok {
			fields := make(map[string]attr.Value, len(m))
			for k := range m {
				fields[k] = typedNull(t.ElemType)
			}
			return projectFields(m, fields, t.ElemType, depth)
		}
	case basetypes.ListType:
		if remote == nil {
			return types.ListNull(t.ElemType), nil
		}
		if l, ok := remote.([]any); ok {
			return projectElems(l, nil, nil, t.ElemType, listKind, depth)
		}
	case basetypes.SetType:
		if remote == nil {
			return types.SetNull(t.ElemType), nil
		}
		if l, ok := remote.([]any); ok {
			return projectElems(l, nil, nil, t.ElemType, setKind, depth)
		}
	case basetypes.TupleType:
		if remote == nil {
			return types.TupleNull(t.ElemTypes), nil
		}
		if l, ok := remote.([]any); ok {
			return projectElems(l, nil, t.ElemTypes, nil, tupleKind, depth)
		}
	}
	return implied(remote, AsWritten, depth)
}

// typedNull is the null of typ: what a declared value projects from when
// SPS does not hold it, and the template of a field known only by type.
func typedNull(typ attr.Type) attr.Value {
	v, err := typ.ValueFromTerraform(typeCtx, tftypes.NewValue(typ.TerraformType(typeCtx), nil))
	if err != nil {
		return types.DynamicNull()
	}
	return v
}

// projectFields keeps the declared keys of an object or map. elemType is
// the map's element type (nil for an object): the result is a map when
// every value still has it, an object otherwise (so the plan shows the
// difference rather than the provider failing to build the map).
func projectFields(remote map[string]any, declared map[string]attr.Value, elemType attr.Type, depth int) (attr.Value, error) {
	vals := make(map[string]attr.Value, len(declared))
	attrTypes := make(map[string]attr.Type, len(declared))
	uniform := elemType != nil
	for k, d := range declared {
		var v attr.Value
		if r, ok := remote[k]; ok {
			var err error
			if v, err = project(r, d, depth+1); err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
		} else {
			v = typedNull(d.Type(typeCtx))
		}
		vals[k], attrTypes[k] = v, v.Type(typeCtx)
		uniform = uniform && elemType.Equal(attrTypes[k])
	}
	if uniform {
		m, diags := types.MapValue(elemType, vals)
		if !diags.HasError() {
			return m, nil
		}
	}
	return objectValue(attrTypes, vals)
}

type collectionKind int

const (
	listKind collectionKind = iota
	setKind
	tupleKind
)

// projectElems projects SPS's list elements: element i through declared[i]
// when there is one, else through elemTypes[i] (a tuple type) or elemType
// (a list or set), else as written. A list or set whose elements no longer
// all have its element type becomes a tuple.
func projectElems(remote []any, declared []attr.Value, elemTypes []attr.Type, elemType attr.Type, kind collectionKind, depth int) (attr.Value, error) {
	vals := make([]attr.Value, len(remote))
	valTypes := make([]attr.Type, len(remote))
	uniform := elemType != nil
	for i, r := range remote {
		var v attr.Value
		var err error
		switch {
		case i < len(declared):
			v, err = project(r, declared[i], depth+1)
		case i < len(elemTypes):
			v, err = projectType(r, elemTypes[i], depth+1)
		case elemType != nil:
			v, err = projectType(r, elemType, depth+1)
		default:
			v, err = implied(r, AsWritten, depth+1)
		}
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		vals[i], valTypes[i] = v, v.Type(typeCtx)
		uniform = uniform && elemType.Equal(valTypes[i])
	}
	if uniform {
		switch kind {
		case listKind:
			if l, diags := types.ListValue(elemType, vals); !diags.HasError() {
				return l, nil
			}
		case setKind:
			if s, diags := types.SetValue(elemType, vals); !diags.HasError() {
				return s, nil
			}
		}
	}
	return tupleValue(valTypes, vals)
}
