package provider

import (
	"testing"
)

func TestFunctionQueryQuote(t *testing.T) {
	t.Parallel()
	testFunctions(t, functionStep(
		functionOutput{"spaces", `provider::sps::query_quote("Windows User")`, `"Windows User"`},
		functionOutput{"wildcards", `provider::sps::query_quote("a*b?")`, `a\*b\?`},
		functionOutput{"operator", `provider::sps::query_quote("OR")`, `"OR"`},
		functionOutput{"plain", `provider::sps::query_quote("10.0.0.1")`, "10.0.0.1"},
	))
}
