package functions

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// NewQueryQuote is query_quote: it escapes a value for the session query
// language, so a username or host taken from a variable cannot change the
// meaning of a query (a stray `*`, `:` or `OR` would otherwise).
func NewQueryQuote() function.Function {
	return providerFunction{
		name: "query_quote",
		def: function.Definition{
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
		},
		run: func(ctx context.Context, req function.RunRequest) (string, *function.FuncError) {
			var value string
			if err := req.Arguments.Get(ctx, &value); err != nil {
				return "", err
			}
			return sps.QuoteQueryValue(value), nil
		},
	}
}
