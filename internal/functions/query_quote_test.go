package functions_test

import (
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
)

func TestFunctionQueryQuote(t *testing.T) {
	t.Parallel()
	acctest.TestFunctions(t, acctest.FunctionStep(
		acctest.FunctionOutput{Name: "spaces", Expr: `provider::sps::query_quote("Windows User")`, Want: `"Windows User"`},
		acctest.FunctionOutput{Name: "wildcards", Expr: `provider::sps::query_quote("a*b?")`, Want: `a\*b\?`},
		acctest.FunctionOutput{Name: "operator", Expr: `provider::sps::query_quote("OR")`, Want: `"OR"`},
		acctest.FunctionOutput{Name: "plain", Expr: `provider::sps::query_quote("10.0.0.1")`, Want: "10.0.0.1"},
	))
}
