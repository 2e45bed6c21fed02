package vnc

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
)

var (
	_ list.ListResource              = (*vncOptionsListResource)(nil)
	_ list.ListResourceWithConfigure = (*vncOptionsListResource)(nil)
)

// vncOptionsListResource lists the one VNC options object, so `terraform
// query -generate-config-out` can adopt it together with the policies.
type vncOptionsListResource struct {
	framework.ResourceBase
}

// NewVNCOptionsListResource is the constructor the provider registers.
func NewOptionsListResource() list.ListResource {
	return &vncOptionsListResource{framework.ResourceBase{TypeSuffix: "_vnc_options"}}
}

func (r *vncOptionsListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the global VNC options of the appliance: always exactly one result, with the " +
			"identity `key = \"" + vncOptionsID + "\"`. With `include_resource`, `timestamping` is left out (null), " +
			"as after `terraform import`: add it to the generated configuration to manage it.",
	}
}

func (r *vncOptionsListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	if !framework.RequireClient(r.Client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	got, err := r.Client.GetVNCOptions(ctx)
	if err != nil {
		diagnostics.AddClientError(&diags, diagnostics.ReadOp(diagnostics.AreaOptionsList, "the VNC options"), err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		result := req.NewListResult(ctx)
		result.DisplayName = "VNC options"
		result.Diagnostics.Append(framework.SetKeyIdentity(ctx, result.Identity, vncOptionsID)...)
		if req.IncludeResource {
			result.Diagnostics.Append(result.Resource.Set(ctx, vncOptionsFromAPI(got, false))...)
		}
		push(result)
	}
}
