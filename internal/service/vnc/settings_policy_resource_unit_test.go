package vnc

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// ValidateConfig must not fail on values that are unknown at plan time (for
// example taken from another resource); they are checked once known.
func TestVNCSettingsPolicyValidateConfigSkipsUnknown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := NewSettingsPolicyResource().(resource.ResourceWithValidateConfig)
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

// builtinKey is the key of the settings policy built into SPS, "default".
const builtinKey = "-30211"

// Delete of a built-in policy only warns, and sends nothing to SPS.
func TestVNCSettingsPolicyDeleteBuiltinOnlyWarns(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	client, err := sps.New(sps.Config{URL: env.URL, Username: mockspstest.AdminUser, Password: mockspstest.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := framework.NewKeyedResource(settingsPolicies)().(*framework.KeyedResource[settingsPolicyModel])
	r.Client = client
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	item, err := client.GetVNCSettingsPolicy(ctx, builtinKey)
	if err != nil {
		t.Fatal(err)
	}
	state := tfsdk.State{Schema: sr.Schema}
	if d := state.Set(ctx, settingsPolicyFromAPI(*item)); d.HasError() {
		t.Fatal(d)
	}
	srv.ResetCounters()
	resp := &resource.DeleteResponse{State: state}
	r.Delete(ctx, resource.DeleteRequest{State: state}, resp)

	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("want one warning and no error, got %v", resp.Diagnostics)
	}
	w := resp.Diagnostics.Warnings()[0]
	if w.Summary() != "Built-in VNC settings policy left on SPS" || !strings.Contains(w.Detail(), "key -30211") ||
		!strings.Contains(w.Detail(), "removed from Terraform state only") {
		t.Errorf("warning %q: %q", w.Summary(), w.Detail())
	}
	if c := srv.Counters(); c.Total != 0 {
		t.Errorf("Delete of a built-in policy sent %d requests: %v", c.Total, c.Requests)
	}
	if _, ok := srv.SettingsPolicies()[builtinKey]; !ok {
		t.Error("the built-in policy is gone")
	}
}
