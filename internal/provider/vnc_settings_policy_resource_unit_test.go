package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ValidateConfig must not fail on values that are unknown at plan time (for
// example taken from another resource); they are checked once known.
func TestVNCSettingsPolicyValidateConfigSkipsUnknown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := &vncSettingsPolicyResource{}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	objType := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	inactivityType := objType.AttributeTypes["inactivity_timeout"].(tftypes.Object)

	config := func(timeout, inactivity tftypes.Value) tfsdk.Config {
		vals := map[string]tftypes.Value{}
		for name, typ := range objType.AttributeTypes {
			vals[name] = tftypes.NewValue(typ, nil)
		}
		vals["name"] = tftypes.NewValue(tftypes.String, "p")
		vals["timeout"] = timeout
		vals["inactivity_timeout"] = inactivity
		return tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(objType, vals)}
	}
	inactivity := func(enabled, value tftypes.Value) tftypes.Value {
		return tftypes.NewValue(inactivityType, map[string]tftypes.Value{"enabled": enabled, "value": value})
	}
	unknownInt := tftypes.NewValue(tftypes.Number, tftypes.UnknownValue)
	cases := []struct {
		name    string
		config  tfsdk.Config
		wantErr bool
	}{
		{"whole object unknown", config(tftypes.NewValue(tftypes.Number, 600), tftypes.NewValue(inactivityType, tftypes.UnknownValue)), false},
		{"timeout unknown", config(unknownInt, inactivity(tftypes.NewValue(tftypes.Bool, true), tftypes.NewValue(tftypes.Number, 1))), false},
		{"value unknown", config(tftypes.NewValue(tftypes.Number, 600), inactivity(tftypes.NewValue(tftypes.Bool, true), unknownInt)), false},
		{"enabled unknown", config(tftypes.NewValue(tftypes.Number, 600),
			inactivity(tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue), tftypes.NewValue(tftypes.Number, 1))), false},
		{"known and too small", config(tftypes.NewValue(tftypes.Number, 600), inactivity(tftypes.NewValue(tftypes.Bool, true), tftypes.NewValue(tftypes.Number, 1))), true},
		{"null timeout means 600", config(tftypes.NewValue(tftypes.Number, nil), inactivity(tftypes.NewValue(tftypes.Bool, true), tftypes.NewValue(tftypes.Number, 599))), true},
		{"known and equal", config(tftypes.NewValue(tftypes.Number, 600), inactivity(tftypes.NewValue(tftypes.Bool, true), tftypes.NewValue(tftypes.Number, 600))), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var resp resource.ValidateConfigResponse
			r.ValidateConfig(ctx, resource.ValidateConfigRequest{Config: tc.config}, &resp)
			if resp.Diagnostics.HasError() != tc.wantErr {
				t.Errorf("%s: want error %v, got %v", tc.name, tc.wantErr, resp.Diagnostics)
			}
		})
	}
}
