package configobject

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// overTheWire sends v as the value of a dynamic attribute through the
// plugin protocol's encoding (msgpack) and back, as Terraform stores and
// returns it.
func overTheWire(t *testing.T, v types.Dynamic) types.Dynamic {
	t.Helper()
	ctx := context.Background()
	tfv, err := v.ToTerraformValue(ctx)
	if err != nil {
		t.Fatalf("ToTerraformValue: %v", err)
	}
	dv, err := tfprotov6.NewDynamicValue(tftypes.DynamicPseudoType, tfv)
	if err != nil {
		t.Fatalf("msgpack: %v", err)
	}
	back, err := dv.Unmarshal(tftypes.DynamicPseudoType)
	if err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	got, err := types.DynamicType.ValueFromTerraform(ctx, back)
	if err != nil {
		t.Fatalf("ValueFromTerraform: %v", err)
	}
	return got.(types.Dynamic)
}

func mustDecode(t *testing.T, s string) any {
	t.Helper()
	v, err := Decode([]byte(s))
	if err != nil {
		t.Fatalf("Decode(%s): %v", s, err)
	}
	return v
}

// TestJSONRoundTripKeepsTypesExact: JSON → framework value → the protocol's
// encoding → JSON gives the same document, numbers digit for digit.
func TestJSONRoundTripKeepsTypesExact(t *testing.T) {
	docs := []string{
		`{"name":"x","timeout":300,"enabled":true,"ratio":0.1,"nothing":null}`,
		`{"big":123456789012345678901234567890,"neg":-9007199254740993,"tiny":1e-30,"huge":1e300}`,
		`{"list":[1,"two",false,null,{"a":[]},[]],"empty":{},"nested":{"a":{"b":{"c":[{"d":1}]}}}}`,
		`{"":"empty key","a b":"space","${x}":"interpolation","%{if}":"directive","\u0000":"nul","ü":"ünïcödé","k\n":"line\nbreak"}`,
		`{"html":"<script>alert(1)</script> & \u2028"}`,
		`[]`, `"just a string"`, `42`, `true`, `null`,
	}
	for _, doc := range docs {
		v, err := Value(mustDecode(t, doc), AsSPSHoldsIt)
		if err != nil {
			t.Fatalf("Value(%s): %v", doc, err)
		}
		wire := overTheWire(t, v)
		if !wire.Equal(v) {
			t.Errorf("%s: changed over the wire: %v -> %v", doc, v, wire)
		}
		out, err := Encode(wire, "body")
		if err != nil {
			t.Fatalf("Encode(%s): %v", doc, err)
		}
		if !sameJSON(t, doc, string(out)) {
			t.Errorf("round trip changed the document:\n in: %s\nout: %s", doc, out)
		}
	}
}

// sameJSON compares two documents with numbers as exact decimals.
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	va, vb := mustDecode(t, a), mustDecode(t, b)
	return equalTrees(va, vb)
}

func equalTrees(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equalTrees(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalTrees(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		fx, _, ex := big.ParseFloat(string(x), 10, numberPrecision, big.ToNearestEven)
		fy, _, ey := big.ParseFloat(string(y), 10, numberPrecision, big.ToNearestEven)
		return ex == nil && ey == nil && fx.Cmp(fy) == 0
	}
	return a == b
}

// TestValueImpliesHCLTypes: the types are the ones HCL gives the same
// literal, so a configured body and SPS's answer compare equal.
func TestValueImpliesHCLTypes(t *testing.T) {
	v, err := Value(mustDecode(t, `{"s":"x","n":1,"b":true,"l":[1,"a"],"o":{"k":null}}`), AsSPSHoldsIt)
	if err != nil {
		t.Fatal(err)
	}
	want := types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{
			"s": types.StringType, "n": types.NumberType, "b": types.BoolType,
			"l": types.TupleType{ElemTypes: []attr.Type{types.NumberType, types.StringType}},
			"o": types.ObjectType{AttrTypes: map[string]attr.Type{"k": types.DynamicType}},
		},
		map[string]attr.Value{
			"s": types.StringValue("x"), "n": types.NumberValue(big.NewFloat(1)), "b": types.BoolValue(true),
			"l": types.TupleValueMust([]attr.Type{types.NumberType, types.StringType},
				[]attr.Value{types.NumberValue(big.NewFloat(1)), types.StringValue("a")}),
			"o": types.ObjectValueMust(map[string]attr.Type{"k": types.DynamicType}, map[string]attr.Value{"k": types.DynamicNull()}),
		}))
	if !v.Equal(want) {
		t.Errorf("got %v\nwant %v", v, want)
	}
}

// TestValueReferences: AsWritten shows a reference as its key, and only a
// real reference: an object with more fields, or a key that is no string,
// stays an object.
func TestValueReferences(t *testing.T) {
	doc := `{"policy":{"key":"-301","meta":{"href":"/api/configuration/policies/time_policies/-301"}},
		"not_ref1":{"key":"a","meta":{},"extra":1},"not_ref2":{"key":5,"meta":{}},"not_ref3":{"key":"a","meta":"x"},
		"list":[{"key":"k1","meta":{"href":"h"}}]}`
	written, err := Value(mustDecode(t, doc), AsWritten)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := Encode(written, "body")
	want := `{"policy":"-301","not_ref1":{"key":"a","meta":{},"extra":1},"not_ref2":{"key":5,"meta":{}},"not_ref3":{"key":"a","meta":"x"},"list":["k1"]}`
	if !sameJSON(t, string(out), want) {
		t.Errorf("AsWritten: %s\nwant %s", out, want)
	}
	held, _ := Value(mustDecode(t, doc), AsSPSHoldsIt)
	out, _ = Encode(held, "body")
	if !sameJSON(t, string(out), doc) {
		t.Errorf("AsSPSHoldsIt changed the document: %s", out)
	}
}

// TestDecodeRefusesMalformed: what is not exactly one JSON value is an
// error, never a partial value.
func TestDecodeRefusesMalformed(t *testing.T) {
	for _, doc := range []string{``, `{`, `{"a":}`, `{"a":1}{"b":2}`, `{"a":1} x`, `[1,]`, `NaN`, `{"a":0x10}`, "\x00", `{'a':1}`} {
		if v, err := Decode([]byte(doc)); err == nil {
			t.Errorf("Decode(%q) = %v, want an error", doc, v)
		}
	}
}

// TestValueRefusesWhatTerraformCannotHold: numbers beyond a 512-bit float's
// range and nesting beyond maxDepth are errors, not infinities or a deep
// recursion.
func TestValueRefusesWhatTerraformCannotHold(t *testing.T) {
	deep := strings.Repeat(`{"a":`, maxDepth+5) + "1" + strings.Repeat("}", maxDepth+5)
	for _, doc := range []string{`{"n":1e999999999999}`, `[-1e9999999999]`, deep, strings.Repeat("[", maxDepth+5) + strings.Repeat("]", maxDepth+5)} {
		v, err := Decode([]byte(doc))
		if err != nil {
			continue // refused already: as good
		}
		if got, err := Value(v, AsSPSHoldsIt); err == nil {
			t.Errorf("Value(%.60s) = %.60v, want an error", doc, got)
		}
	}
	// Just inside the bound is fine.
	ok := strings.Repeat(`{"a":`, maxDepth-1) + "1" + strings.Repeat("}", maxDepth-1)
	if _, err := Value(mustDecode(t, ok), AsSPSHoldsIt); err != nil {
		t.Errorf("depth %d: %v", maxDepth-1, err)
	}
}

// TestEncodeNamesUnknownValues: an unknown value anywhere inside a body
// is an *UnknownError that says where, in the form the user wrote it.
func TestEncodeNamesUnknownValues(t *testing.T) {
	inner := types.ObjectValueMust(map[string]attr.Type{"port": types.NumberType, "a b": types.StringType},
		map[string]attr.Value{"port": types.NumberUnknown(), "a b": types.StringValue("x")})
	body := types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"server_address": inner.Type(context.Background()),
			"list": types.TupleType{ElemTypes: []attr.Type{types.StringType, types.DynamicType}}},
		map[string]attr.Value{"server_address": inner,
			"list": types.TupleValueMust([]attr.Type{types.StringType, types.DynamicType},
				[]attr.Value{types.StringValue("a"), types.DynamicValue(types.StringValue("b"))})}))
	_, err := Encode(body, "body")
	var unknown *UnknownError
	if !errors.As(err, &unknown) || unknown.Path != "body.server_address.port" {
		t.Fatalf("err = %v, want an UnknownError at body.server_address.port", err)
	}
	strangeKey := types.DynamicValue(types.ObjectValueMust(map[string]attr.Type{"a b": types.DynamicType},
		map[string]attr.Value{"a b": types.DynamicUnknown()}))
	if _, err := Encode(strangeKey, "body"); err == nil || !strings.Contains(err.Error(), `body["a b"]`) {
		t.Errorf("err = %v, want it to name body[\"a b\"]", err)
	}
	listed := types.DynamicValue(types.ListValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringUnknown()}))
	if _, err := Encode(listed, "sensitive_body"); err == nil || !strings.Contains(err.Error(), "sensitive_body[1]") {
		t.Errorf("err = %v, want it to name sensitive_body[1]", err)
	}
	if _, err := Encode(types.DynamicUnknown(), "body"); err == nil {
		t.Error("a wholly unknown body encoded")
	}
}

// TestEncodeCollections: lists, sets and maps a configuration builds with
// tolist(), toset() and tomap() are JSON arrays and objects; typed values
// (Int64, Float64) encode as numbers; infinity is refused.
func TestEncodeCollections(t *testing.T) {
	v := types.ObjectValueMust(
		map[string]attr.Type{
			"l": types.ListType{ElemType: types.StringType}, "s": types.SetType{ElemType: types.NumberType},
			"m": types.MapType{ElemType: types.BoolType}, "i": types.Int64Type, "f": types.Float64Type, "null": types.StringType,
		},
		map[string]attr.Value{
			"l": types.ListValueMust(types.StringType, []attr.Value{types.StringValue("a")}),
			"s": types.SetValueMust(types.NumberType, []attr.Value{types.NumberValue(big.NewFloat(2))}),
			"m": types.MapValueMust(types.BoolType, map[string]attr.Value{"x": types.BoolValue(false)}),
			"i": types.Int64Value(-7), "f": types.Float64Value(2.5), "null": types.StringNull(),
		})
	out, err := Encode(v, "body")
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"f":2.5,"i":-7,"l":["a"],"m":{"x":false},"null":null,"s":[2]}`; string(out) != want {
		t.Errorf("got %s, want %s", out, want)
	}
	inf := types.NumberValue(new(big.Float).SetInf(false))
	if _, err := Encode(inf, "body"); err == nil {
		t.Error("infinity encoded")
	}
}

// TestEncodeIsExactForHCLNumbers: numbers as HCL parses them (512-bit)
// come out as the literal the user wrote.
func TestEncodeIsExactForHCLNumbers(t *testing.T) {
	for _, lit := range []string{"0.1", "300", "-0.000001", "12345678901234567890123", "1.5e-300", "3.141592653589793238462643383279"} {
		f, _, err := big.ParseFloat(lit, 10, numberPrecision, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Encode(types.NumberValue(f), "body")
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSON(t, string(out), lit) {
			t.Errorf("%s encoded as %s", lit, out)
		}
		if strings.Contains(lit, "e") || strings.HasPrefix(lit, "-0.") {
			continue
		}
		if string(out) != lit {
			t.Errorf("%s encoded as %s, want the literal", lit, out)
		}
	}
}

// TestTreeWithUnknowns: for plan-time checks, values not known yet stand as
// the given sentinel (the catalog's Unknown) wherever they are; the rest is
// Tree's.
func TestTreeWithUnknowns(t *testing.T) {
	type sentinel struct{}
	body := types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"name": types.StringType, "port": types.NumberType, "l": types.ListType{ElemType: types.StringType}},
		map[string]attr.Value{"name": types.StringValue("x"), "port": types.NumberUnknown(),
			"l": types.ListValueMust(types.StringType, []attr.Value{types.StringUnknown(), types.StringValue("b")})}))
	got, err := TreeWithUnknowns(body, "body", sentinel{})
	if err != nil {
		t.Fatal(err)
	}
	m := got.(map[string]any)
	if m["name"] != "x" || m["port"] != (sentinel{}) || m["l"].([]any)[0] != (sentinel{}) || m["l"].([]any)[1] != "b" {
		t.Errorf("TreeWithUnknowns = %#v", got)
	}
	if whole, err := TreeWithUnknowns(types.DynamicUnknown(), "body", sentinel{}); err != nil || whole != (sentinel{}) {
		t.Errorf("a wholly unknown body: %#v, %v", whole, err)
	}
	if _, err := Tree(body, "body"); err == nil {
		t.Error("Tree accepted the unknown values")
	}
}
