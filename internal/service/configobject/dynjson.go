package configobject

// Conversions between the framework's dynamic values and JSON. They are
// written here rather than taken from a library because the one generic
// provider that has them (azapi's internal/services/dynamic) converts
// numbers through float64, which changes integers above 2^53, and knows
// nothing of SPS references; terraform-plugin-framework has no JSON
// conversion of attr.Value at all.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"regexp"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// maxDepth bounds how deeply a body may nest, in both directions: SPS
// objects nest a few levels, and a bound turns a hostile body into an
// error instead of a deep recursion.
const maxDepth = 100

// typeCtx is the context of Type calls: no framework type reads it (the
// framework itself passes context.Background() when it builds values).
var typeCtx = context.Background()

// numberPrecision is the precision of cty's numbers (and so of HCL's and
// Terraform's): a JSON number parsed at it equals the same literal in HCL.
const numberPrecision = 512

// Form says how a body made from SPS's JSON shows references.
type Form int

const (
	// AsSPSHoldsIt keeps every value as SPS answered it, references as
	// {"key": K, "meta": {...}} objects: for output and the data sources.
	AsSPSHoldsIt Form = iota
	// AsWritten shows a reference as its key K, the form SPS takes it
	// back in: for bodies a configuration writes (import, list results).
	AsWritten
)

// Decode parses one JSON value as SPS sends it. Numbers stay json.Number,
// so nothing is rounded before Value or Project turns them into 512-bit
// floats.
func Decode(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("decoding JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("decoding JSON: more data after the first value")
	}
	return v, nil
}

// Value returns v, a JSON value from Decode, as a framework value with its
// type implied as HCL would imply it: object, tuple, string, number, bool,
// and a typeless null.
func Value(v any, form Form) (types.Dynamic, error) {
	val, err := implied(v, form, 0)
	if err != nil {
		return types.DynamicNull(), err
	}
	return dynamicOf(val), nil
}

// dynamicOf wraps a value as the content of a dynamic attribute; a null
// content is the attribute's null.
func dynamicOf(v attr.Value) types.Dynamic {
	if d, ok := v.(types.Dynamic); ok {
		return d
	}
	return types.DynamicValue(v)
}

func implied(v any, form Form, depth int) (attr.Value, error) {
	if depth > maxDepth {
		return nil, errTooDeep
	}
	switch x := v.(type) {
	case nil:
		return types.DynamicNull(), nil
	case bool:
		return types.BoolValue(x), nil
	case string:
		return types.StringValue(x), nil
	case json.Number:
		return numberValue(x)
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, fmt.Errorf("%v is not a finite number", x)
		}
		return types.NumberValue(new(big.Float).SetPrec(numberPrecision).SetFloat64(x)), nil
	case []any:
		elems := make([]attr.Value, len(x))
		elemTypes := make([]attr.Type, len(x))
		for i, e := range x {
			val, err := implied(e, form, depth+1)
			if err != nil {
				return nil, err
			}
			elems[i], elemTypes[i] = val, val.Type(typeCtx)
		}
		return tupleValue(elemTypes, elems)
	case map[string]any:
		if form == AsWritten {
			if key, ok := referenceKey(x); ok {
				return types.StringValue(key), nil
			}
		}
		vals := make(map[string]attr.Value, len(x))
		attrTypes := make(map[string]attr.Type, len(x))
		for k, e := range x {
			val, err := implied(e, form, depth+1)
			if err != nil {
				return nil, err
			}
			vals[k], attrTypes[k] = val, val.Type(typeCtx)
		}
		return objectValue(attrTypes, vals)
	}
	return nil, fmt.Errorf("unsupported JSON value of Go type %T", v)
}

var errTooDeep = fmt.Errorf("the value nests deeper than %d levels", maxDepth)

// numberValue parses a JSON number exactly (at cty's precision).
func numberValue(n json.Number) (attr.Value, error) {
	f, _, err := big.ParseFloat(string(n), 10, numberPrecision, big.ToNearestEven)
	if err != nil {
		return nil, fmt.Errorf("number %.40q: %w", string(n), err)
	}
	if f.IsInf() {
		return nil, fmt.Errorf("number %.40q is out of range", string(n))
	}
	return types.NumberValue(f), nil
}

// referenceKey returns K when m is a reference as SPS answers one:
// {"key": K, "meta": {...}} and nothing else.
func referenceKey(m map[string]any) (string, bool) {
	if len(m) != 2 {
		return "", false
	}
	key, ok := m["key"].(string)
	if !ok {
		return "", false
	}
	_, ok = m["meta"].(map[string]any)
	return key, ok
}

func tupleValue(elemTypes []attr.Type, elems []attr.Value) (attr.Value, error) {
	v, diags := types.TupleValue(elemTypes, elems)
	if diags.HasError() {
		return nil, fmt.Errorf("building a tuple: %s", diags.Errors()[0].Detail())
	}
	return v, nil
}

func objectValue(attrTypes map[string]attr.Type, vals map[string]attr.Value) (attr.Value, error) {
	v, diags := types.ObjectValue(attrTypes, vals)
	if diags.HasError() {
		return nil, fmt.Errorf("building an object: %s", diags.Errors()[0].Detail())
	}
	return v, nil
}

// UnknownError is Encode's refusal of a value not known yet.
type UnknownError struct {
	Path string // where, as body.a.b[0]
}

func (e *UnknownError) Error() string {
	return e.Path + " is not known yet (it depends on a value known only after apply)"
}

// Encode returns v as JSON; root names v in errors ("body").
func Encode(v attr.Value, root string) ([]byte, error) {
	tree, err := Tree(v, root)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tree); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Tree returns v as the values Decode makes (map[string]any, []any,
// json.Number, string, bool, nil). A value not known yet, anywhere inside,
// is an *UnknownError naming where, under the name root.
func Tree(v attr.Value, root string) (any, error) {
	return treeMaker{}.tree(v, root, 0)
}

// TreeWithUnknowns is Tree for plan-time checks: a value not known yet is
// unknown (catalog.Unknown) in its place instead of an error, so a check
// skips it now and meets it again once it is known.
func TreeWithUnknowns(v attr.Value, root string, unknown any) (any, error) {
	return treeMaker{unknown: unknown, keepUnknown: true}.tree(v, root, 0)
}

// treeMaker is Tree's walk; keepUnknown puts unknown where a value is not
// known yet instead of failing.
type treeMaker struct {
	unknown     any
	keepUnknown bool
}

func (tm treeMaker) tree(v attr.Value, at string, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%s: %w", at, errTooDeep)
	}
	if v == nil || v.IsNull() {
		return nil, nil
	}
	if v.IsUnknown() {
		if tm.keepUnknown {
			return tm.unknown, nil
		}
		return nil, &UnknownError{Path: at}
	}
	switch x := v.(type) {
	case basetypes.DynamicValue:
		return tm.tree(x.UnderlyingValue(), at, depth)
	case basetypes.ObjectValue:
		return tm.treeMap(x.Attributes(), at, depth)
	case basetypes.MapValue:
		return tm.treeMap(x.Elements(), at, depth)
	case basetypes.ListValue:
		return tm.treeList(x.Elements(), at, depth)
	case basetypes.SetValue:
		return tm.treeList(x.Elements(), at, depth)
	case basetypes.TupleValue:
		return tm.treeList(x.Elements(), at, depth)
	case basetypes.StringValue:
		return x.ValueString(), nil
	case basetypes.BoolValue:
		return x.ValueBool(), nil
	case basetypes.NumberValue:
		return numberJSON(x.ValueBigFloat(), at)
	case basetypes.Int64Value:
		return json.Number(strconv.FormatInt(x.ValueInt64(), 10)), nil
	case basetypes.Int32Value:
		return json.Number(strconv.FormatInt(int64(x.ValueInt32()), 10)), nil
	case basetypes.Float64Value:
		return numberJSON(big.NewFloat(x.ValueFloat64()), at)
	case basetypes.Float32Value:
		return numberJSON(big.NewFloat(float64(x.ValueFloat32())), at)
	}
	return nil, fmt.Errorf("%s: unsupported value of type %s", at, v.Type(typeCtx))
}

func (tm treeMaker) treeMap(elems map[string]attr.Value, at string, depth int) (any, error) {
	out := make(map[string]any, len(elems))
	for k, e := range elems {
		t, err := tm.tree(e, attrPath(at, k), depth+1)
		if err != nil {
			return nil, err
		}
		out[k] = t
	}
	return out, nil
}

func (tm treeMaker) treeList(elems []attr.Value, at string, depth int) (any, error) {
	out := make([]any, len(elems))
	for i, e := range elems {
		t, err := tm.tree(e, at+"["+strconv.Itoa(i)+"]", depth+1)
		if err != nil {
			return nil, err
		}
		out[i] = t
	}
	return out, nil
}

// numberJSON writes f exactly: integers in full, others as the shortest
// decimal that reads back as the same 512-bit float.
func numberJSON(f *big.Float, at string) (any, error) {
	switch {
	case f == nil:
		return nil, nil
	case f.IsInf():
		return nil, fmt.Errorf("%s: %s is not a finite number, which JSON cannot hold", at, f.Text('g', 10))
	case f.IsInt():
		return json.Number(f.Text('f', 0)), nil
	}
	return json.Number(f.Text('g', -1)), nil
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// attrPath names the field k of the value at at, in the form Terraform
// users read: body.name, or body["a b"] when k is no identifier.
func attrPath(at, k string) string {
	if identifier.MatchString(k) {
		return at + "." + k
	}
	return at + "[" + strconv.Quote(k) + "]"
}
