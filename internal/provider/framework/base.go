// Package framework holds what every room of the provider (the packages
// under internal/service) builds its resources and data sources on: the
// bases that answer Metadata and Configure, the key identity and import
// helpers, the shared schema helpers and validators, and the handling of
// creates whose commit outcome is unknown.
package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// The bases every resource and data source embeds (ResourceBase,
// DataSourceBase: Metadata and Configure), and the helpers they share to get
// at the client the provider built (clientFrom, RequireClient,
// WarnNotRefreshed).

// ProviderTypeName is the provider's name, the prefix of every type name.
const ProviderTypeName = "sps"

// clientFrom extracts the shared client from the ProviderData that a
// resource or data source receives in Configure. nil ProviderData is normal:
// Terraform configures resources before the provider during validation, and
// a provider whose settings are still unknown builds no client.
func clientFrom(providerData any, diags *diag.Diagnostics) *sps.Client {
	if providerData == nil {
		return nil
	}
	client, ok := providerData.(*sps.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *sps.Client, got %T. This is a bug in the provider; please report it.", providerData))
		return nil
	}
	return client
}

// DataSourceBase is embedded by every data source: it answers Metadata
// with the provider's type name plus typeSuffix (for example
// "_audit_session") and keeps the client that Configure hands over.
type DataSourceBase struct {
	TypeSuffix string
	Client     *sps.Client
}

func (b *DataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + b.TypeSuffix
}

func (b *DataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.Client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ReadConfig copies a data source's configuration into model (a pointer)
// and reports whether Read can go on: the configuration decoded and there
// is a client to ask.
func (b *DataSourceBase) ReadConfig(ctx context.Context, config tfsdk.Config, model any, diags *diag.Diagnostics) bool {
	diags.Append(config.Get(ctx, model)...)
	return !diags.HasError() && RequireClient(b.Client, diags)
}

// ResourceBase is DataSourceBase for resources (the framework's request
// and response types differ, the behavior is the same).
type ResourceBase struct {
	TypeSuffix string
	Client     *sps.Client
}

func (b *ResourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + b.TypeSuffix
}

func (b *ResourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.Client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// RequireClient reports the missing client as an error; used by every
// operation that must talk to SPS.
func RequireClient(client *sps.Client, diags *diag.Diagnostics) bool {
	if client != nil {
		return true
	}
	diags.AddError("SPS provider is not configured",
		"The provider block still has values that are only known after apply (for example a URL taken from "+
			"another resource), so the provider cannot reach SPS yet. Apply the resources it depends on first "+
			"(terraform apply -target=...), or set the provider attributes to known values.")
	return false
}

// WarnNotRefreshed is Read's answer when the provider has no client yet
// (its settings are unknown during this plan): keep the prior state rather
// than failing the whole plan.
func WarnNotRefreshed(diags *diag.Diagnostics, what string) {
	diags.AddWarning(what+" not refreshed",
		"The provider configuration is not known yet, so "+what+" was not read from SPS; the plan uses the last known state.")
}
