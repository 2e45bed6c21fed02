package timepolicy

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// validate runs the plan-time check on a configuration whose Monday holds
// the given interval ends (nil: unknown, from another resource).
func validate(t *testing.T, name any, start, end any) *resource.ValidateConfigResponse {
	t.Helper()
	s := resourceSchema()
	typ := s.Type().TerraformType(context.Background()).(tftypes.Object)
	ivType := typ.AttributeTypes["mon"].(tftypes.List).ElementType.(tftypes.Object)
	val := func(v any) tftypes.Value {
		if v == nil {
			return tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
		}
		return tftypes.NewValue(tftypes.String, v)
	}
	attrs := map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, nil), "name": val(name)}
	for _, d := range days {
		attrs[attrOf(d)] = tftypes.NewValue(typ.AttributeTypes[attrOf(d)], nil)
	}
	attrs["mon"] = tftypes.NewValue(typ.AttributeTypes["mon"], []tftypes.Value{
		tftypes.NewValue(ivType, map[string]tftypes.Value{"start": val(start), "end": val(end)}),
	})
	resp := &resource.ValidateConfigResponse{}
	validateConfig(context.Background(), resource.ValidateConfigRequest{
		Config: tfsdk.Config{Schema: s, Raw: tftypes.NewValue(typ, attrs)},
	}, resp)
	return resp
}

func TestValidateConfigReadsTheCatalogRules(t *testing.T) {
	t.Parallel()
	if r := validate(t, "office", "8:00", "18:00"); r.Diagnostics.HasError() {
		t.Fatalf("a documented interval was refused: %v", r.Diagnostics)
	}
	r := validate(t, "office", "8:00", "18.00")
	if len(r.Diagnostics.Errors()) != 1 {
		t.Fatalf("want one error for 18.00, got %v", r.Diagnostics)
	}
	d := r.Diagnostics.Errors()[0]
	if !strings.Contains(d.Detail(), `body.Mon[0][1]: a time of day "hh:mm"`) || !strings.Contains(d.Detail(), "§5.4 Time policies") {
		t.Errorf("the error does not give the rule and its source: %s", d.Detail())
	}
	if p, ok := d.(interface{ Path() path.Path }); !ok || !p.Path().Equal(path.Root("mon").AtListIndex(0).AtName("end")) {
		t.Errorf("the error is not on mon[0].end: %v", d)
	}
	if r := validate(t, "office hours", "8:00", "18:00"); !r.Diagnostics.HasError() ||
		!strings.Contains(r.Diagnostics.Errors()[0].Detail(), "cannot contain whitespace") {
		t.Errorf("a name with whitespace was not refused: %v", r.Diagnostics)
	}
}

// Values not known yet (from other resources) are not refused: the check
// runs again when they are known.
func TestValidateConfigSkipsUnknownValues(t *testing.T) {
	t.Parallel()
	if r := validate(t, nil, nil, "18:00"); r.Diagnostics.HasError() {
		t.Fatalf("unknown values were refused: %v", r.Diagnostics)
	}
	if r := validate(t, nil, nil, "25:00"); !r.Diagnostics.HasError() {
		t.Fatal("a known bad value next to unknown ones was not refused")
	}
}
