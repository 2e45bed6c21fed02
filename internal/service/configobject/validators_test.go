package configobject

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestObjectValidator(t *testing.T) {
	ctx := context.Background()
	for src, wantErr := range map[string]string{
		`{ name = "x" }`:           "",
		`{}`:                       "",
		`tomap({ a = "b" })`:       "",
		`"{\"name\": \"x\"}"`:      "jsondecode",
		`[{ name = "x" }]`:         "tuple",
		`tolist(["a"])`:            "list",
		`42`:                       "number",
		`true`:                     "bool",
		`toset(["a"])`:             "set",
		`"\u001b[31mred\u001b[0m"`: "is a string",
	} {
		resp := &validator.DynamicResponse{}
		objectValidator{}.ValidateDynamic(ctx, validator.DynamicRequest{Path: path.Root("body"), ConfigValue: hclBody(t, src)}, resp)
		switch {
		case wantErr == "" && resp.Diagnostics.HasError():
			t.Errorf("%s: %v", src, resp.Diagnostics)
		case wantErr != "" && !resp.Diagnostics.HasError():
			t.Errorf("%s: accepted", src)
		case wantErr != "":
			d := resp.Diagnostics.Errors()[0]
			if !strings.Contains(d.Detail(), wantErr) || !strings.Contains(d.Summary(), "body") {
				t.Errorf("%s: %s: %s; want it to name body and say %q", src, d.Summary(), d.Detail(), wantErr)
			}
			if strings.Contains(d.Detail(), "\x1b") {
				t.Errorf("%s: the detail echoes a control character", src)
			}
		}
	}
	// Unknown and null values wait for apply (or are Required's business).
	for _, v := range []types.Dynamic{types.DynamicUnknown(), types.DynamicNull(), types.DynamicValue(types.StringUnknown())} {
		resp := &validator.DynamicResponse{}
		objectValidator{}.ValidateDynamic(ctx, validator.DynamicRequest{Path: path.Root("body"), ConfigValue: v}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v: %v", v, resp.Diagnostics)
		}
	}
}

func TestPathAndKeyValidators(t *testing.T) {
	ctx := context.Background()
	resp := &validator.StringResponse{}
	pathValidator{}.ValidateString(ctx, validator.StringRequest{Path: path.Root("path"), ConfigValue: types.StringValue("ssh/../x")}, resp)
	if !resp.Diagnostics.HasError() || !resp.Diagnostics.Errors()[0].(interface{ Path() path.Path }).Path().Equal(path.Root("path")) {
		t.Errorf("path with ..: %v", resp.Diagnostics)
	}
	resp = &validator.StringResponse{}
	keyValidator{}.ValidateString(ctx, validator.StringRequest{Path: path.Root("key"), ConfigValue: types.StringValue("a/b")}, resp)
	if !resp.Diagnostics.HasError() {
		t.Error("key with / accepted")
	}
	for _, v := range []types.String{types.StringUnknown(), types.StringNull(), types.StringValue("ssh/connections")} {
		resp = &validator.StringResponse{}
		pathValidator{}.ValidateString(ctx, validator.StringRequest{Path: path.Root("path"), ConfigValue: v}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v: %v", v, resp.Diagnostics)
		}
	}
}

// TestPathPlanModifier: the same endpoint written another way keeps the
// state's path and replaces nothing; another endpoint replaces.
func TestPathPlanModifier(t *testing.T) {
	ctx := context.Background()
	state := tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})}
	for _, tc := range []struct {
		prior, planned string
		keep, replace  bool
	}{
		{"ssh/connections", "/api/configuration/ssh/connections", true, false},
		{"ssh/connections", "ssh/connections/", true, false},
		{"ssh/connections", "rdp/connections", false, true},
		{"ssh/connections", "ssh/../rdp/connections", false, true},
	} {
		req := planmodifier.StringRequest{State: state, StateValue: types.StringValue(tc.prior), PlanValue: types.StringValue(tc.planned)}
		resp := &planmodifier.StringResponse{PlanValue: req.PlanValue}
		pathPlanModifier{}.PlanModifyString(ctx, req, resp)
		if kept := resp.PlanValue.ValueString() == tc.prior; kept != tc.keep || resp.RequiresReplace != tc.replace {
			t.Errorf("%s -> %s: plan %s, replace %v", tc.prior, tc.planned, resp.PlanValue, resp.RequiresReplace)
		}
	}
	// A create has no prior state: nothing to compare.
	req := planmodifier.StringRequest{State: tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{}, nil)}, StateValue: types.StringNull(),
		PlanValue: types.StringValue("ssh/connections")}
	resp := &planmodifier.StringResponse{PlanValue: req.PlanValue}
	pathPlanModifier{}.PlanModifyString(ctx, req, resp)
	if resp.RequiresReplace {
		t.Error("a create was marked for replacement")
	}
}
