package configobject

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// rawOf is a resource value of schema s: the given attributes, every other
// one null.
func rawOf(t *testing.T, s schema.Schema, vals map[string]attr.Value) tftypes.Value {
	t.Helper()
	ctx := context.Background()
	typ := s.Type().TerraformType(ctx).(tftypes.Object)
	out := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		out[name] = tftypes.NewValue(at, nil)
		if v, ok := vals[name]; ok {
			tv, err := v.ToTerraformValue(ctx)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out[name] = tv
		}
	}
	return tftypes.NewValue(typ, out)
}

var (
	objectSchema   = ObjectResourceSchema("test")
	settingsSchema = SettingsResourceSchema("test")
)

func validateDiags(t *testing.T, s schema.Schema, p string, body, sensitive types.Dynamic) diag.Diagnostics {
	t.Helper()
	if sensitive.IsNull() {
		sensitive = types.DynamicNull()
	}
	req := resource.ValidateConfigRequest{Config: tfsdk.Config{Schema: s, Raw: rawOf(t, s, map[string]attr.Value{
		"path": types.StringValue(p), "body": body, "sensitive_body": sensitive,
	})}}
	var resp resource.ValidateConfigResponse
	validateObject(context.Background(), req, &resp)
	return resp.Diagnostics
}

// diagAt finds the one diagnostic on the attribute path.
func diagAt(t *testing.T, diags diag.Diagnostics, at path.Path) diag.Diagnostic {
	t.Helper()
	var found []diag.Diagnostic
	for _, d := range diags {
		if wp, ok := d.(diag.DiagnosticWithPath); ok && wp.Path().Equal(at) {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d diagnostics on %s; want 1. All: %v", len(found), at, diags)
	}
	return found[0]
}

func TestValidateBody_violationsOnTheirPath(t *testing.T) {
	diags := validateDiags(t, objectSchema, "ssh/connections", hclBody(t, `{
		name               = "gw"
		server_address     = { selection = "fixed", port = "22x" }
		indexing           = { enabled = true, polcy = "x" }
		not_in_the_manual  = { anything = ["goes"] }
	}`), types.DynamicNull())
	if len(diags) != 3 || diags.ErrorsCount() != 3 {
		t.Fatalf("want 3 errors, got %v", diags)
	}
	sel := diagAt(t, diags, path.Root("body").AtName("server_address").AtName("selection"))
	for _, want := range []string{"body.server_address.selection: must be one of: original, nat, fix, inband",
		`"fixed"`, "reference/01-connection-policies.md", "SA602"} {
		if !strings.Contains(sel.Detail(), want) {
			t.Errorf("selection: %q lacks %q", sel.Detail(), want)
		}
	}
	if !strings.Contains(sel.Summary(), "ssh/connections") {
		t.Errorf("summary %q does not name the endpoint", sel.Summary())
	}
	port := diagAt(t, diags, path.Root("body").AtName("server_address").AtName("port"))
	if !strings.Contains(port.Detail(), "body.server_address.port: must be a whole number") {
		t.Errorf("port: %s", port.Detail())
	}
	typo := diagAt(t, diags, path.Root("body").AtName("indexing").AtName("polcy"))
	if !strings.Contains(typo.Detail(), `did you mean "policy"?`) {
		t.Errorf("typo: %s", typo.Detail())
	}
}

// List elements are whole objects, so a "required if" rule holds inside
// them even in the Overlay check, with the index in the path.
func TestValidateBody_listElements(t *testing.T) {
	diags := validateDiags(t, objectSchema, "ssh/connections", hclBody(t, `{
		access_control = [{ permission = "audit" }, { permission = "watch" }]
		server_address = { selection = "inband", domains = [{ domain = { selection = "address", value = "10.0.0.0/8" } }, { domain = { selection = "dns" } }] }
	}`), types.DynamicNull())
	diagAt(t, diags, path.Root("body").AtName("access_control").AtListIndex(1).AtName("permission"))
	d := diagAt(t, diags, path.Root("body").AtName("server_address").AtName("domains").AtListIndex(1).AtName("domain").AtName("selection"))
	if !strings.Contains(d.Detail(), "body.server_address.domains[1].domain.selection: must be one of: address, domain") {
		t.Errorf("detail: %s", d.Detail())
	}
	if len(diags) != 2 {
		t.Errorf("want 2 diagnostics, got %v", diags)
	}
}

// A violation inside sensitive_body is reported there, without its value.
func TestValidateBody_sensitiveValueNotQuoted(t *testing.T) {
	diags := validateDiags(t, objectSchema, "ssh/connections", hclBody(t, `{ name = "gw" }`),
		hclBody(t, `{ server_address = { port = "secret-2222" } }`))
	d := diagAt(t, diags, path.Root("sensitive_body").AtName("server_address").AtName("port"))
	if strings.Contains(d.Detail(), "secret-2222") || !strings.HasPrefix(d.Detail(), "sensitive_body.server_address.port: must be a whole number") {
		t.Errorf("detail: %s", d.Detail())
	}
}

// Values not known yet pass now and are checked once known; fields the
// reference does not document, families it does not cover and paths not
// known yet are not checked; a read-only path has one error, on path.
func TestValidateBody_whatIsNotChecked(t *testing.T) {
	unknownSelection := types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"server_address": types.ObjectType{AttrTypes: map[string]attr.Type{"selection": types.StringType, "port": types.NumberType}}},
		map[string]attr.Value{"server_address": types.ObjectValueMust(
			map[string]attr.Type{"selection": types.StringType, "port": types.NumberType},
			map[string]attr.Value{"selection": types.StringUnknown(), "port": types.NumberUnknown()})}))
	if diags := validateDiags(t, objectSchema, "ssh/connections", unknownSelection, types.DynamicNull()); len(diags) != 0 {
		t.Errorf("unknown values: %v", diags)
	}
	if diags := validateDiags(t, objectSchema, "ssh/connections", types.DynamicUnknown(), types.DynamicNull()); len(diags) != 0 {
		t.Errorf("unknown body: %v", diags)
	}
	if diags := validateDiags(t, objectSchema, "policies/content_policies", hclBody(t, `{ anything = { goes = [1, "x"] } }`), types.DynamicNull()); len(diags) != 0 {
		t.Errorf("a family with no documented field: %v", diags)
	}
	if diags := validateDiags(t, objectSchema, "ssh/channel_policies", hclBody(t, `{ name = "x", rules = [{ channel = "session", actions = { audit = true, content_policy = "k" } }] }`), types.DynamicNull()); len(diags) != 0 {
		t.Errorf("undocumented fields of a partly documented family: %v", diags)
	}
	diags := validateDiags(t, objectSchema, "vnc/connections", hclBody(t, `{ name = 1 }`), types.DynamicNull())
	if len(diags) != 1 {
		t.Fatalf("read-only path: want one error, got %v", diags)
	}
	diagAt(t, diags, path.Root("path"))
}

// "Applies only if" is a warning: the reference says the value has no
// effect, not that SPS refuses it.
func TestValidateBody_appliesOnlyIfIsAWarning(t *testing.T) {
	diags := validateDiags(t, settingsSchema, "rdp/options", hclBody(t, `{ channel_database_cleanup = { enabled = false, days = 30 } }`), types.DynamicNull())
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("want one warning, got %v", diags)
	}
	d := diagAt(t, diags, path.Root("body").AtName("channel_database_cleanup").AtName("days"))
	if !strings.Contains(d.Detail(), "applies only if channel_database_cleanup.enabled is true") {
		t.Errorf("detail: %s", d.Detail())
	}
}

func planDiags(t *testing.T, s schema.Schema, p string, config types.Dynamic, state map[string]attr.Value) diag.Diagnostics {
	t.Helper()
	vals := map[string]attr.Value{"path": types.StringValue(p), "body": config}
	req := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: s, Raw: rawOf(t, s, vals)},
		Plan:   tfsdk.Plan{Schema: s, Raw: rawOf(t, s, vals)},
		State:  tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)},
	}
	if state != nil {
		req.State.Raw = rawOf(t, s, state)
	}
	resp := resource.ModifyPlanResponse{Plan: req.Plan}
	modifyObjectPlan(context.Background(), req, &resp)
	return resp.Diagnostics
}

// ModifyPlan checks what will be written as a whole: a create's body, or
// the declared fields over what SPS holds. SPS's own fields the plan does
// not touch, and an update that writes nothing, are not refused.
func TestCheckPlannedBody(t *testing.T) {
	const conns = "ssh/connections"
	diags := planDiags(t, objectSchema, conns, hclBody(t, `{ server_address = { selection = "fix", address = "10.0.0.1" } }`), nil)
	d := diagAt(t, diags, path.Root("body").AtName("server_address").AtName("port"))
	if !strings.Contains(d.Detail(), "body.server_address.port: required if selection is fix") {
		t.Errorf("create: %s", d.Detail())
	}

	held := func(output string) map[string]attr.Value {
		return map[string]attr.Value{"path": types.StringValue(conns), "key": types.StringValue("k"),
			"body": hclBody(t, `{ name = "gw" }`), "output": hclBody(t, output)}
	}
	const fixWithPort = `{ name = "gw", server_address = { selection = "fix", address = "10.0.0.1", port = 22 } }`
	if diags := planDiags(t, objectSchema, conns, hclBody(t, `{ name = "gw", server_address = { address = "10.0.0.2" } }`), held(fixWithPort)); len(diags) != 0 {
		t.Errorf("update keeping SPS's port: %v", diags)
	}
	diags = planDiags(t, objectSchema, conns, hclBody(t, `{ name = "gw", server_address = { selection = "nat" } }`), held(fixWithPort))
	diagAt(t, diags, path.Root("body").AtName("server_address").AtName("network"))

	const fixNoPort = `{ name = "gw", server_address = { selection = "fix", address = "10.0.0.1" } }`
	if diags := planDiags(t, objectSchema, conns, hclBody(t, `{ name = "gw2" }`), held(fixNoPort)); len(diags) != 0 {
		t.Errorf("an update that leaves SPS's server_address alone: %v", diags)
	}
	if diags := planDiags(t, objectSchema, conns, hclBody(t, `{ name = "gw" }`), held(fixNoPort)); len(diags) != 0 {
		t.Errorf("nothing to write: %v", diags)
	}
	// A reference SPS returns ({key, meta}) is written as its key, so the
	// object it holds is no violation.
	const withRef = `{ name = "gw", indexing = { enabled = true, policy = { key = "i-1", meta = { href = "/api/configuration/policies/indexing/i-1" } } } }`
	if diags := planDiags(t, objectSchema, conns, hclBody(t, `{ name = "gw", indexing = { enabled = false } }`), held(withRef)); len(diags) != 0 {
		t.Errorf("a reference held by SPS: %v", diags)
	}
	// A singleton's first write lands on settings not read yet: the plan
	// does not guess them.
	if diags := planDiags(t, settingsSchema, "ssh/options", hclBody(t, `{ service = { enabled = true } }`), nil); len(diags) != 0 {
		t.Errorf("singleton create: %v", diags)
	}
}

// Hostile keys and values reach the diagnostic escaped: a key with
// control characters, quotes and template sequences in a completely
// documented object, and a value with a terminal escape.
func TestValidateBody_hostileKeysEscaped(t *testing.T) {
	diags := validateDiags(t, objectSchema, "ssh/connections", hclBody(t, `{
		indexing       = { "\u001b[31mred\"$${x}" = 1 }
		server_address = { selection = "\u001b[2Jfix\n" }
	}`), types.DynamicNull())
	if len(diags) != 2 {
		t.Fatalf("want 2 errors, got %v", diags)
	}
	for _, d := range diags {
		if strings.ContainsAny(d.Detail(), "\u001b\n") {
			t.Errorf("a control character reached the diagnostic: %q", d.Detail())
		}
	}
	key := diagAt(t, diags, path.Root("body").AtName("indexing").AtName("\u001b[31mred\"${x}"))
	if !strings.HasPrefix(key.Detail(), `body.indexing["\x1b[31mred\"${x}"]: not a documented field`) {
		t.Errorf("detail: %q", key.Detail())
	}
}
