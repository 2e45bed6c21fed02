package acctest

import (
	"context"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// ReadDataSourceProto reads one data source through the provider's
// protocol server (the same entry point Terraform calls), configured for
// the mock at url as the auditor, and returns the state it answers.
func ReadDataSourceProto(t *testing.T, url, typeName string, config map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	return ReadDataSourceProtoWith(t, ProtoV6ProviderFactories["sps"], url, typeName, config)
}

// ReadDataSourceProtoWith is ReadDataSourceProto with the given server.
func ReadDataSourceProtoWith(t *testing.T, factory func() (tfprotov6.ProviderServer, error), url, typeName string, config map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	ctx := context.Background()
	srv, err := factory()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	failOnDiags(t, "GetProviderSchema", schemas.Diagnostics)
	providerCfg := protoConfig(t, schemas.Provider, map[string]tftypes.Value{
		"url":      tftypes.NewValue(tftypes.String, url),
		"username": tftypes.NewValue(tftypes.String, mockspstest.AuditorUser),
		"password": tftypes.NewValue(tftypes.String, mockspstest.AuditorPassword),
	})
	cfgResp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerCfg})
	if err != nil {
		t.Fatal(err)
	}
	failOnDiags(t, "ConfigureProvider", cfgResp.Diagnostics)

	dsSchema := schemas.DataSourceSchemas[typeName]
	if dsSchema == nil {
		t.Fatalf("no data source %s", typeName)
	}
	resp, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{
		TypeName: typeName,
		Config:   protoConfig(t, dsSchema, config),
	})
	if err != nil {
		t.Fatal(err)
	}
	failOnDiags(t, "ReadDataSource", resp.Diagnostics)
	state, err := resp.State.Unmarshal(dsSchema.ValueType())
	if err != nil {
		t.Fatalf("decoding the state: %v", err)
	}
	return state
}

// protoConfig encodes a configuration of schema s: the given attributes,
// every other one null.
func protoConfig(t *testing.T, s *tfprotov6.Schema, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	typ, ok := s.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %s is not an object", s.ValueType())
	}
	dv, err := tfprotov6.NewDynamicValue(typ, ObjectValue(t, typ, set))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// ObjectValue is a value of typ holding the given attributes, every other
// one null; an attribute typ does not have fails the test.
func ObjectValue(t *testing.T, typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range set {
		if _, ok := typ.AttributeTypes[name]; !ok {
			t.Fatalf("the schema has no attribute %q", name)
		}
		vals[name] = v
	}
	return tftypes.NewValue(typ, vals)
}

func failOnDiags(t *testing.T, what string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("%s: %s: %s", what, d.Summary, d.Detail)
		}
	}
}

// PlainValue turns a known tftypes value into JSON-ready Go values. Numbers
// keep their exact text, so 1 and 1.0 or a float rounding would show.
func PlainValue(t *testing.T, v tftypes.Value) any {
	t.Helper()
	if !v.IsKnown() {
		t.Fatalf("unknown value %s in state", v)
	}
	if v.IsNull() {
		return nil
	}
	switch typ := v.Type().(type) {
	case tftypes.Object:
		var m map[string]tftypes.Value
		Must(t, v.As(&m))
		out := make(map[string]any, len(m))
		for k, e := range m {
			if _, ok := typ.AttributeTypes[k]; !ok {
				t.Fatalf("attribute %q not in the type", k)
			}
			out[k] = PlainValue(t, e)
		}
		return out
	case tftypes.List, tftypes.Set, tftypes.Tuple:
		var l []tftypes.Value
		Must(t, v.As(&l))
		out := make([]any, 0, len(l))
		for _, e := range l {
			out = append(out, PlainValue(t, e))
		}
		return out
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		Must(t, v.As(&s))
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		Must(t, v.As(&b))
		return b
	case v.Type().Is(tftypes.Number):
		var n big.Float
		Must(t, v.As(&n))
		return json.Number(n.Text('f', -1))
	}
	t.Fatalf("unexpected type %s", v.Type())
	return nil
}

// Must fails the test on err.
func Must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
