// Package functions holds the provider functions (provider::sps::...).
// They are thin wrappers: each converts its Terraform arguments and calls
// internal/sps (session ids, query quoting) or internal/report (the text
// and HTML charts and tables), which do the work in plain Go.
package functions

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

var _ function.Function = providerFunction{}

// providerFunction is one provider function: its name, its definition,
// and run, which turns the arguments into the result (every function
// returns a string) or an argument error.
type providerFunction struct {
	name string
	def  function.Definition
	run  func(ctx context.Context, req function.RunRequest) (string, *function.FuncError)
}

func (f providerFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = f.name
}

func (f providerFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = f.def
}

func (f providerFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	out, ferr := f.run(ctx, req)
	if ferr != nil {
		resp.Error = ferr
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, out))
}

// rendered turns a renderer's (output, argument index, error) into a run result.
func rendered(out string, arg int64, err error) (string, *function.FuncError) {
	if err != nil {
		return "", function.NewArgumentFuncError(arg, err.Error())
	}
	return out, nil
}
