package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
)

var (
	_ list.ListResource              = (*vncOptionsListResource)(nil)
	_ list.ListResourceWithConfigure = (*vncOptionsListResource)(nil)
)

// vncOptionsListResource lists the one VNC options object, so `terraform
// query -generate-config-out` can adopt it together with the policies.
type vncOptionsListResource struct {
	resourceBase
}

// NewVNCOptionsListResource is the constructor the provider registers.
func NewVNCOptionsListResource() list.ListResource {
	return &vncOptionsListResource{resourceBase{typeSuffix: "_vnc_options"}}
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
	if !requireClient(r.client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	got, err := r.client.GetVNCOptions(ctx)
	if err != nil {
		addClientError(&diags, readOp(areaOptionsList, "the VNC options"), err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		result := req.NewListResult(ctx)
		result.DisplayName = "VNC options"
		result.Diagnostics.Append(setKeyIdentity(ctx, result.Identity, vncOptionsID)...)
		if req.IncludeResource {
			result.Diagnostics.Append(result.Resource.Set(ctx, vncOptionsFromAPI(got, false))...)
		}
		push(result)
	}
}
