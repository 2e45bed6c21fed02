package provider

import (
	"context"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-sps/terraform-provider-sps/internal/functions"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/service/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/service/vnc"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// Ensure spsProvider satisfies the framework interface.
var (
	_ provider.Provider                  = (*spsProvider)(nil)
	_ provider.ProviderWithFunctions     = (*spsProvider)(nil)
	_ provider.ProviderWithListResources = (*spsProvider)(nil)
)

// spsProvider is one provider instance. Terraform starts one per provider
// block, and every resource and data source of that block shares the single
// *sps.Client built in Configure, so they share one login and one
// transaction engine (which is what makes group commits possible).
type spsProvider struct {
	version string

	// tuneClient, when set, adjusts the client's configuration right
	// before Configure builds the client. Tests only (for example shorter
	// retry waits than the provider block can set); New never sets it.
	tuneClient func(*sps.Config)
}

// providerModel is the provider block as written. Every attribute is
// optional because each one can also come from an environment variable.
type providerModel struct {
	URL                types.String `tfsdk:"url"`
	Username           types.String `tfsdk:"username"`
	Password           types.String `tfsdk:"password"`
	CACertPEM          types.String `tfsdk:"ca_cert_pem"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
	RequestTimeout     types.String `tfsdk:"request_timeout"`
	MaxRetries         types.Int64  `tfsdk:"max_retries"`
	LockWaitTimeout    types.String `tfsdk:"lock_wait_timeout"`
	CommitMode         types.String `tfsdk:"commit_mode"`
}

// New returns the constructor Terraform's plugin server calls for every
// provider instance. version is set at build time (ldflags) and ends up in
// the User-Agent.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &spsProvider{version: version}
	}
}

func (p *spsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = framework.ProviderTypeName
	resp.Version = p.version
}

func (p *spsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages One Identity Safeguard for Privileged Sessions (SPS) through its REST API. " +
			"Every attribute can also be set with the environment variable named in its description; " +
			"a value in the provider block wins over the environment.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the SPS appliance, for example `https://sps.example.com`. " +
					"An `http://` URL works (for test servers) but sends the password in cleartext, and the " +
					"provider warns about it. Redirects are not followed: if the appliance redirects, the error " +
					"names the address to use instead. Environment variable: `" + diagnostics.EnvURL + "`.",
				Optional: true,
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "SPS user to log in as. The user needs write access to the configuration " +
					"for resources; read access is enough for data sources. Environment variable: `" + diagnostics.EnvUsername + "`.",
				Optional: true,
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Password of `username`. If SPS rejects it, the provider does not try it " +
					"again for the rest of the run, so an account lockout policy is not tripped by many reads. " +
					"Environment variable: `" + diagnostics.EnvPassword + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"ca_cert_pem": schema.StringAttribute{
				MarkdownDescription: "CA certificate(s) that signed the appliance's HTTPS certificate, either as " +
					"PEM text or as the path of a PEM file. These CAs replace the system trust store (the " +
					"certificate is pinned to them); without it the system trust store is used. " +
					"Conflicts with `insecure_skip_verify`. Environment variable: `" + diagnostics.EnvCACert + "`.",
				Optional: true,
			},
			"insecure_skip_verify": schema.BoolAttribute{
				MarkdownDescription: "Skip verification of the appliance's HTTPS certificate. Only for lab " +
					"appliances with self-signed certificates; the provider warns when it is on. Defaults to `false`. " +
					"Environment variable: `" + diagnostics.EnvInsecure + "`.",
				Optional: true,
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Time limit for one HTTP request, as a Go duration such as `60s` or `2m`. " +
					"For CSV exports, which may take longer, it limits how long SPS may send nothing. " +
					"Defaults to `" + defaultRequestTimeout.String() + "`. Environment variable: `" + diagnostics.EnvRequestTimeout + "`.",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a request that is safe to repeat is retried after a " +
					"connection error or a 5xx answer (among them `500 SearchUnavailable`, which SPS answers while its " +
					"search backend is down; when the retries run out, the error says so and how many attempts were made). " +
					"A `429 Too Many Requests` (from SPS or a proxy in front of it) is retried for every request, writes " +
					"included, as it means the request was not processed; its `Retry-After` (seconds or an HTTP date) " +
					"is waited for, up to `request_timeout`, and a longer wait fails at once with an error saying how " +
					"long SPS asked for. A `503` with `Retry-After` is waited for the same way. " +
					"`0` turns retries off. Defaults to `" + fmt.Sprint(defaultMaxRetries) + "`. " +
					"Environment variable: `" + diagnostics.EnvMaxRetries + "`.",
				Optional: true,
			},
			"lock_wait_timeout": schema.StringAttribute{
				MarkdownDescription: "How long to keep retrying when another user holds the SPS configuration " +
					"lock, as a Go duration. `0s` fails at once, naming the user who holds the lock. " +
					"Defaults to `" + defaultLockWaitTimeout.String() + "`. " +
					"Environment variable: `" + diagnostics.EnvLockWaitTimeout + "`.",
				Optional: true,
			},
			"commit_mode": schema.StringAttribute{
				MarkdownDescription: "How configuration changes are committed. `group` (the default) lets changes " +
					"that Terraform applies in parallel share one SPS transaction and commit; `single` opens and " +
					"commits one transaction per change. `single` exists to compare the two in benchmarks; there " +
					"is no reason to use it otherwise. Environment variable: `" + diagnostics.EnvCommitMode + "`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.OneOf(commitModeGroup, commitModeSingle),
				},
			},
		},
	}
}

func (p *spsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A provider block that refers to values only known after apply (for
	// example another resource's output) cannot build a client yet. Newer
	// Terraform can defer everything that needs this provider; older ones
	// continue the plan without a client, and the resources cope with that
	// (see clientFrom).
	if unknown := cfg.unknownAttributes(); len(unknown) > 0 {
		tflog.Info(ctx, "SPS provider configuration is not known yet; not connecting", map[string]any{"unknown_attributes": unknown})
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
		}
		return
	}

	settings, diags := resolveSettings(cfg, lookupEnv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	if settings.Password != "" {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, settings.Password)
		ctx = tflog.MaskMessageStrings(ctx, settings.Password)
	}
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, sensitiveLogKeys...)

	if u, err := url.Parse(settings.URL); err == nil && u.Scheme == "http" {
		diagnostics.AddCleartextWarning(&resp.Diagnostics, settings.URL)
	}
	if settings.InsecureSkipVerify {
		resp.Diagnostics.AddAttributeWarning(path.Root("insecure_skip_verify"),
			"TLS certificate verification is disabled",
			"insecure_skip_verify (or "+diagnostics.EnvInsecure+") is true, so the provider does not check who it is talking to; "+
				"anyone on the network path can read the SPS credentials. Use ca_cert_pem to trust a self-signed "+
				"certificate instead.")
	}

	clientCfg := settings.clientConfig()
	clientCfg.UserAgent = userAgent(p.version, req.TerraformVersion)
	clientCfg.Logger = newTFLogger(settings.Password)
	if p.tuneClient != nil {
		p.tuneClient(&clientCfg)
	}

	client, err := sps.New(clientCfg)
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.Operation{Area: diagnostics.AreaProvider, Verb: "create the SPS API client"}, err)
		return
	}
	tflog.Debug(ctx, "SPS client configured", map[string]any{
		"url":         settings.URL,
		"username":    settings.Username,
		"commit_mode": string(clientCfg.CommitMode),
	})

	resp.ResourceData = client
	resp.DataSourceData = client
	resp.ListResourceData = client
}

func (p *spsProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		vnc.NewSettingsPolicyResource,
		vnc.NewOptionsResource,
	}
}

// ListResources serve `terraform query` (Terraform 1.14+); older CLIs never
// ask for them.
func (p *spsProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		vnc.NewSettingsPolicyListResource,
		vnc.NewOptionsListResource,
	}
}

func (p *spsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		vnc.NewSettingsPolicyDataSource,
		vnc.NewSettingsPoliciesDataSource,
		audit.NewSessionsDataSource,
		audit.NewSessionsCSVDataSource,
		audit.NewSessionDataSource,
		audit.NewSessionStatsDataSource,
		audit.NewSessionHistogramDataSource,
	}
}

func (p *spsProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		functions.NewSessionRESTID,
		functions.NewQueryQuote,
		functions.NewBarChart,
		functions.NewHTMLEscape,
		functions.NewHTMLTable,
		functions.NewHTMLReport,
		functions.NewSVGBarChart,
		functions.NewSVGStatsChart,
		functions.NewSVGHistogram,
	}
}

// userAgent names the provider and the Terraform running it, so appliance
// logs show which tool made a change. A non-browser User-Agent also keeps SPS
// 7.5+ from asking for its browser CSRF token.
func userAgent(providerVersion, terraformVersion string) string {
	if providerVersion == "" {
		providerVersion = "dev"
	}
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-sps/%s (+terraform %s)", providerVersion, terraformVersion)
}
