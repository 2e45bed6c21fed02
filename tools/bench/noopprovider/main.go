// Command noopprovider is the floor of the plan_1000_config_objects_vs_noop
// benchmark: a terraform-plugin-framework provider named sps whose
// sps_config_object resource has exactly the real one's schema and identity
// (configobject.ObjectResourceSchema) and does nothing: Read keeps the prior
// state, plans are the framework's own. The bench builds it, installs it
// under the same provider address in a second dev_overrides directory, and
// plans the same configuration and state with it, so the ratio is what the
// real provider adds to a whole `terraform plan` (requests to SPS, decoding,
// projecting bodies), with Terraform's and the framework's share on both
// sides.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/service/configobject"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return noopProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/terraform-sps/sps"})
	if err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "sps"
}

func (noopProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return noopObject{} }}
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type noopObject struct{}

var _ resource.ResourceWithIdentity = noopObject{}

func (noopObject) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_config_object"
}

func (noopObject) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = configobject.ObjectResourceSchema("The benchmark's no-op sps_config_object.")
}

func (noopObject) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = configobject.ObjectIdentitySchema()
}

// Create records the plan with the computed attributes filled in, so the
// no-op provider can also make a state of its own.
func (noopObject) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var endpoint types.String
	var body types.Dynamic
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("path"), &endpoint)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("body"), &body)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.State.Raw = req.Plan.Raw
	key := "noop"
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key"), key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), endpoint.ValueString()+"/"+key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("output"), body)...)
	if resp.Identity != nil {
		resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("path"), endpoint)...)
		resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("key"), key)...)
	}
}

// Read keeps the prior state: the floor of a refresh. The identity is set
// from the state, as the real resource does on every read (a CLI before
// Terraform 1.12 sends none, and the framework refuses a read without one).
func (noopObject) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if resp.Identity == nil {
		return
	}
	var endpoint, key types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("path"), &endpoint)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("key"), &key)...)
	resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("path"), endpoint)...)
	resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("key"), key)...)
}

func (noopObject) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (noopObject) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
