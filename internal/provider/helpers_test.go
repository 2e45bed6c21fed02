// Helpers shared by the provider's tests: reading a data source through the
// protocol, building and flattening protocol values, JSON comparisons, the
// function-test steps and plain HTTP requests to the mock.

package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// readDataSourceProto reads one data source through the provider's
// protocol server (the same entry point Terraform calls), configured for
// the mock at url as the auditor, and returns the state it answers.
func readDataSourceProto(t *testing.T, url, typeName string, config map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	return readDataSourceProtoWith(t, testAccProtoV6ProviderFactories["sps"], url, typeName, config)
}

// readDataSourceProtoWith is readDataSourceProto with the given server.
func readDataSourceProtoWith(t *testing.T, factory func() (tfprotov6.ProviderServer, error), url, typeName string, config map[string]tftypes.Value) tftypes.Value {
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
	dv, err := tfprotov6.NewDynamicValue(typ, objectValue(t, typ, set))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// objectValue is a value of typ holding the given attributes, every other
// one null; an attribute typ does not have fails the test.
func objectValue(t *testing.T, typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
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

// plainValue turns a known tftypes value into JSON-ready Go values. Numbers
// keep their exact text, so 1 and 1.0 or a float rounding would show.
func plainValue(t *testing.T, v tftypes.Value) any {
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
		must(t, v.As(&m))
		out := make(map[string]any, len(m))
		for k, e := range m {
			if _, ok := typ.AttributeTypes[k]; !ok {
				t.Fatalf("attribute %q not in the type", k)
			}
			out[k] = plainValue(t, e)
		}
		return out
	case tftypes.List, tftypes.Set, tftypes.Tuple:
		var l []tftypes.Value
		must(t, v.As(&l))
		out := make([]any, 0, len(l))
		for _, e := range l {
			out = append(out, plainValue(t, e))
		}
		return out
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		must(t, v.As(&s))
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		must(t, v.As(&b))
		return b
	case v.Type().Is(tftypes.Number):
		var n big.Float
		must(t, v.As(&n))
		return json.Number(n.Text('f', -1))
	}
	t.Fatalf("unexpected type %s", v.Type())
	return nil
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func jsonEqual(what string, got map[string]any, wantJSON string) error {
	var want map[string]any
	if err := json.Unmarshal([]byte(wantJSON), &want); err != nil {
		return fmt.Errorf("bad expected JSON in test: %w", err)
	}
	if !reflect.DeepEqual(got, want) {
		gotJSON, _ := json.Marshal(got)
		wantNorm, _ := json.Marshal(want)
		return fmt.Errorf("mock %s:\n got: %s\nwant: %s", what, gotJSON, wantNorm)
	}
	return nil
}

// mustJSON is for building out-of-band bodies in PreConfig functions.
func mustJSON(t *testing.T, s string) json.RawMessage {
	t.Helper()
	if !json.Valid([]byte(s)) {
		t.Fatalf("invalid JSON in test: %s", s)
	}
	return json.RawMessage(s)
}

// expectError builds an ExpectError pattern from a phrase. Terraform wraps
// diagnostics at about 80 columns, so every space in the phrase matches any
// run of whitespace, line breaks included.
func expectError(phrase string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(phrase, " ", `\s+`))
}

// mustMarshal renders v as JSON for a failure message.
func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	return string(b)
}

// normJSON round-trips v through JSON (numbers become float64) and drops
// null object members, the way the mock stores bodies.
func normJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return pruneNulls(out)
}

func pruneNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if x == nil {
				delete(t, k)
				continue
			}
			t[k] = pruneNulls(x)
		}
	case []any:
		for i := range t {
			t[i] = pruneNulls(t[i])
		}
	}
	return v
}

// functionOutput is one output of a provider-function test: its name, the
// expression it evaluates and the string it must hold.
type functionOutput struct{ name, expr, want string }

// functionStep evaluates each expression as an output and checks the string
// it yields.
func functionStep(outs ...functionOutput) resource.TestStep {
	var cfg strings.Builder
	checks := make([]statecheck.StateCheck, 0, len(outs))
	for _, o := range outs {
		fmt.Fprintf(&cfg, "output %q {\n  value = %s\n}\n", o.name, o.expr)
		checks = append(checks, statecheck.ExpectKnownOutputValue(o.name, knownvalue.StringExact(o.want)))
	}
	return resource.TestStep{Config: cfg.String(), ConfigStateChecks: checks}
}

// testFunctions runs steps against the in-process provider; provider
// functions need Terraform 1.8 or later.
func testFunctions(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// auditorLogin logs in to the mock at baseURL as the auditor with plain
// net/http and returns the session_id cookie it sets.
// httpGet sends GET url with plain net/http (prep adds credentials) and
// returns the response; the caller closes its body.
func httpGet(t *testing.T, url string, prep func(*http.Request)) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	prep(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
