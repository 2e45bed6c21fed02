package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var _ function.Function = queryQuoteFunction{}

// queryQuoteFunction escapes a value for the session query language, so a
// username or host taken from a variable cannot change the meaning of a
// query (a stray `*`, `:` or `OR` would otherwise).
type queryQuoteFunction struct{}

// NewQueryQuoteFunction is the constructor the provider registers.
func NewQueryQuoteFunction() function.Function { return queryQuoteFunction{} }

func (queryQuoteFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "query_quote"
}

func (queryQuoteFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Escape a value for an SPS session query",
		MarkdownDescription: "Makes a value safe to put after `field:` in the `query` of the `sps_audit_*` data sources. " +
			"Characters the query language gives a meaning to (`\\ + - ! ( ) : ^ [ ] \" { } ~ * ? | & /`) are escaped with " +
			"a backslash, so wildcards and brackets match literally, and a value with whitespace or a double quote, an " +
			"empty value, or one that reads as an operator (`AND`, `OR`, `NOT`, `TO`) is wrapped in double quotes. " +
			"For example `Windows User` becomes `\"Windows User\"` and `svc/x:1` becomes `svc\\/x\\:1`.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "value",
				MarkdownDescription: "The literal value to match.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (queryQuoteFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var value string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &value))
	if resp.Error != nil {
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, sps.QuoteQueryValue(value)))
}
