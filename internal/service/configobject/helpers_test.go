package configobject

import (
	"context"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"
)

// hclBody evaluates an HCL expression the way Terraform evaluates the
// value of a dynamic attribute, and hands it over as the framework would
// receive it: cty, encoded with msgpack as a dynamic value (what Terraform
// sends), decoded by the framework. tolist, toset and tomap are there, as
// in Terraform.
func hclBody(t *testing.T, src string) types.Dynamic {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parsing %s: %s", src, diags)
	}
	val, diags := expr.Value(&hcl.EvalContext{Functions: map[string]function.Function{
		"tolist": convertFunc(cty.List(cty.DynamicPseudoType)),
		"toset":  convertFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":  convertFunc(cty.Map(cty.DynamicPseudoType)),
	}})
	if diags.HasErrors() {
		t.Fatalf("evaluating %s: %s", src, diags)
	}
	b, err := ctymsgpack.Marshal(val, cty.DynamicPseudoType)
	if err != nil {
		t.Fatalf("msgpack of %s: %v", src, err)
	}
	tfv, err := (&tfprotov6.DynamicValue{MsgPack: b}).Unmarshal(tftypes.DynamicPseudoType)
	if err != nil {
		t.Fatalf("tftypes of %s: %v", src, err)
	}
	v, err := types.DynamicType.ValueFromTerraform(context.Background(), tfv)
	if err != nil {
		t.Fatalf("framework value of %s: %v", src, err)
	}
	return v.(types.Dynamic)
}

func convertFunc(to cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType}},
		Type: func(args []cty.Value) (cty.Type, error) {
			v, err := convert.Convert(args[0], to)
			if err != nil {
				return cty.NilType, err
			}
			return v.Type(), nil
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return convert.Convert(args[0], to) },
	})
}
