package timepolicy

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// days are the API's day fields in the order the schema lists them; the
// attribute of each is its lower case.
var days = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

func attrOf(day string) string { return strings.ToLower(day) }

type timePolicyModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	Mon  types.List   `tfsdk:"mon"`
	Tue  types.List   `tfsdk:"tue"`
	Wed  types.List   `tfsdk:"wed"`
	Thu  types.List   `tfsdk:"thu"`
	Fri  types.List   `tfsdk:"fri"`
	Sat  types.List   `tfsdk:"sat"`
	Sun  types.List   `tfsdk:"sun"`
}

type intervalModel struct {
	Start types.String `tfsdk:"start"`
	End   types.String `tfsdk:"end"`
}

var intervalType = types.ObjectType{AttrTypes: map[string]attr.Type{"start": types.StringType, "end": types.StringType}}

// day is the field of one day's intervals.
func (m *timePolicyModel) day(d string) *types.List {
	return map[string]*types.List{"Mon": &m.Mon, "Tue": &m.Tue, "Wed": &m.Wed, "Thu": &m.Thu, "Fri": &m.Fri,
		"Sat": &m.Sat, "Sun": &m.Sun}[d]
}

// body is what a plan declares: the name and the whole week, a day
// without intervals as an empty list (no access that day).
func (m *timePolicyModel) body(ctx context.Context) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	body := map[string]any{"name": m.Name.ValueString()}
	for _, d := range days {
		var ivs []intervalModel
		if l := m.day(d); !l.IsNull() && !l.IsUnknown() {
			diags.Append(l.ElementsAs(ctx, &ivs, false)...)
		}
		pairs := make([]any, 0, len(ivs))
		for _, iv := range ivs {
			pairs = append(pairs, []any{iv.Start.ValueString(), iv.End.ValueString()})
		}
		body[d] = pairs
	}
	return body, diags
}

// modelOf reads a policy as SPS holds it. A day SPS does not hold is an
// empty list, as the provider would write it.
func modelOf(obj *sps.Object) (timePolicyModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := timePolicyModel{ID: types.StringValue(obj.Key)}
	fields, err := obj.Fields()
	if err != nil {
		diags.AddError("Unexpected time policy from SPS", "Decoding time policy "+obj.Key+": "+err.Error())
		return m, diags
	}
	name, _ := fields["name"].(string)
	m.Name = types.StringValue(name)
	for _, d := range days {
		l, err := intervalsOf(fields[d])
		if err != nil {
			diags.AddError("Unexpected time policy from SPS", fmt.Sprintf("Time policy %s: %s: %v", obj.Key, d, err))
			return m, diags
		}
		*m.day(d) = l
	}
	return m, diags
}

func intervalsOf(v any) (types.List, error) {
	raw, _ := v.([]any)
	if v != nil && raw == nil {
		return types.List{}, fmt.Errorf("not a list of intervals")
	}
	elems := make([]attr.Value, 0, len(raw))
	for i, e := range raw {
		pair, _ := e.([]any)
		var ends [2]string
		ok := len(pair) == 2
		for j := 0; ok && j < 2; j++ {
			ends[j], ok = pair[j].(string)
		}
		if !ok {
			return types.List{}, fmt.Errorf("interval %d is not [\"hh:mm\", \"hh:mm\"]", i)
		}
		elems = append(elems, types.ObjectValueMust(intervalType.AttrTypes,
			map[string]attr.Value{"start": types.StringValue(ends[0]), "end": types.StringValue(ends[1])}))
	}
	return types.ListValueMust(intervalType, elems), nil
}
