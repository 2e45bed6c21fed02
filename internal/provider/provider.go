package provider

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	"github.com/terraform-sps/terraform-provider-sps/internal/service/configobject"
	"github.com/terraform-sps/terraform-provider-sps/internal/service/options"
	"github.com/terraform-sps/terraform-provider-sps/internal/service/timepolicy"
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
	ClientCertPEM      types.String `tfsdk:"client_cert_pem"`
	ClientKeyPEM       types.String `tfsdk:"client_key_pem"`
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
			"a value in the provider block wins over the environment.\n\n" +
			"The provider logs in with `username` and `password`, or with a client certificate " +
			"(`client_cert_pem` and `client_key_pem`), which SPS maps to one of its users.\n\n" +
			"Requests go through the HTTP proxy that `HTTPS_PROXY` names (`HTTP_PROXY` for an `http://` url), " +
			"unless `NO_PROXY` lists the appliance's host, as for curl and Terraform itself; credentials for the " +
			"proxy go in its URL (`http://user:password@proxy:3128`). The proxy's own failures (it cannot be " +
			"reached, or answers `407 Proxy Authentication Required`) are reported as proxy errors, not as SPS's.",
		Attributes: settingsAttributes(),
	}
}

// settingsAttributes are the provider's settings; the defaults they
// document are the client's.
func settingsAttributes() map[string]schema.Attribute {
	defaults := sps.DefaultConfig()
	return map[string]schema.Attribute{
		"url": schema.StringAttribute{
			MarkdownDescription: "Base URL of the SPS appliance, for example `https://sps.example.com`. " +
				"An `http://` URL works (for test servers) but sends the password in cleartext, and the " +
				"provider warns about it. Redirects are not followed: if the appliance redirects, the error " +
				"names the address to use instead. When the appliance cannot be reached, the error says which " +
				"host and port were tried, whether the name did not resolve, the connection was refused or no " +
				"answer came in time, and how often the provider tried. Environment variable: `" + diagnostics.EnvURL + "`.",
			Optional: true,
		},
		"username": schema.StringAttribute{
			MarkdownDescription: "SPS user to log in as. The user needs write access to the configuration " +
				"for resources; read access is enough for data sources. Not needed with a client certificate. " +
				"Environment variable: `" + diagnostics.EnvUsername + "`.",
			Optional: true,
		},
		"password": schema.StringAttribute{
			MarkdownDescription: "Password of `username`. If SPS rejects it, the provider does not try it " +
				"again for the rest of the run, so an account lockout policy is not tripped by many reads. " +
				"Conflicts with `client_cert_pem`. Environment variable: `" + diagnostics.EnvPassword + "`.",
			Optional:  true,
			Sensitive: true,
		},
		"client_cert_pem": schema.StringAttribute{
			MarkdownDescription: "Client certificate to log in with instead of a password, as PEM text or the " +
				"path of a PEM file (the certificate, optionally followed by its intermediate CAs). The provider " +
				"presents it in the TLS handshake and logs in with `GET /api/authentication?type=x509`; SPS " +
				"must have certificate login enabled and map the certificate to a user. Needs `client_key_pem`. " +
				"Environment variable: `" + diagnostics.EnvClientCert + "`.",
			Optional: true,
		},
		"client_key_pem": schema.StringAttribute{
			MarkdownDescription: "Private key of `client_cert_pem`, as PEM text or the path of a PEM file " +
				"(PKCS #8, PKCS #1 or SEC 1, not encrypted). It is never logged. " +
				"Environment variable: `" + diagnostics.EnvClientKey + "`.",
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
				"Defaults to `" + defaults.RequestTimeout.String() + "`. Environment variable: `" + diagnostics.EnvRequestTimeout + "`.",
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
				"`0` turns retries off. Defaults to `" + fmt.Sprint(defaults.MaxRetries) + "`. " +
				"Environment variable: `" + diagnostics.EnvMaxRetries + "`.",
			Optional: true,
		},
		"lock_wait_timeout": schema.StringAttribute{
			MarkdownDescription: "How long to keep retrying when another user holds the SPS configuration " +
				"lock, as a Go duration. `0s` fails at once, naming the user who holds the lock. " +
				"Defaults to `" + defaults.LockWaitTimeout.String() + "`. " +
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
				stringvalidator.OneOf(commitModeNames()...),
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
	ctx = maskSecrets(ctx, settings.cfg)
	settingWarnings(&resp.Diagnostics, settings.cfg)

	settings.cfg.UserAgent = userAgent(p.version, req.TerraformVersion)
	settings.cfg.Logger = newTFLogger(secrets(settings.cfg)...)
	if p.tuneClient != nil {
		p.tuneClient(&settings.cfg)
	}
	client, diags := settings.newClient()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "SPS client configured", map[string]any{
		"url":         settings.cfg.URL,
		"username":    settings.cfg.Username,
		"certificate": len(settings.cfg.ClientCertPEM) > 0,
		"commit_mode": string(settings.cfg.CommitMode),
	})

	resp.ResourceData = client
	resp.DataSourceData = client
	resp.ListResourceData = client
}

// secrets are the values no log line may show: the password and the
// client key (whole, and each line of it, which is how a PEM shows in a
// wrapped log line).
func secrets(cfg sps.Config) []string {
	var out []string
	if cfg.Password != "" {
		out = append(out, cfg.Password)
	}
	if len(cfg.ClientKeyPEM) > 0 {
		out = append(out, string(cfg.ClientKeyPEM))
		for line := range strings.SplitSeq(string(cfg.ClientKeyPEM), "\n") {
			if line = strings.TrimSpace(line); len(line) >= 16 && !strings.HasPrefix(line, "-----") {
				out = append(out, line)
			}
		}
	}
	return out
}

// maskSecrets masks the secrets in every log line of ctx.
func maskSecrets(ctx context.Context, cfg sps.Config) context.Context {
	if s := secrets(cfg); len(s) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, s...)
		ctx = tflog.MaskMessageStrings(ctx, s...)
	}
	return tflog.MaskFieldValuesWithFieldKeys(ctx, sensitiveLogKeys...)
}

// settingWarnings warns about settings that work but expose the login.
func settingWarnings(diags *diag.Diagnostics, cfg sps.Config) {
	if u, err := url.Parse(cfg.URL); err == nil && u.Scheme == "http" {
		diagnostics.AddCleartextWarning(diags, cfg.URL)
	}
	if cfg.InsecureSkipVerify {
		diags.AddAttributeWarning(path.Root("insecure_skip_verify"),
			"TLS certificate verification is disabled",
			"insecure_skip_verify (or "+diagnostics.EnvInsecure+") is true, so the provider does not check who it is talking to; "+
				"anyone on the network path can read the SPS credentials. Use ca_cert_pem to trust a self-signed "+
				"certificate instead.")
	}
}

// commitModeNames are the commit modes as the attribute takes them.
func commitModeNames() []string {
	out := make([]string, len(sps.CommitModes))
	for i, m := range sps.CommitModes {
		out[i] = string(m)
	}
	return out
}

func (p *spsProvider) Resources(_ context.Context) []func() resource.Resource {
	return append([]func() resource.Resource{
		vnc.NewSettingsPolicyResource,
		configobject.NewObjectResource,
		configobject.NewSettingsResource,
		timepolicy.NewResource,
	}, options.Resources()...)
}

// ListResources serve `terraform query` (Terraform 1.14+); older CLIs never
// ask for them.
func (p *spsProvider) ListResources(_ context.Context) []func() list.ListResource {
	return append([]func() list.ListResource{
		vnc.NewSettingsPolicyListResource,
		configobject.NewObjectListResource,
		configobject.NewSettingsListResource,
		timepolicy.NewListResource,
	}, options.ListResources()...)
}

func (p *spsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return append([]func() datasource.DataSource{
		vnc.NewSettingsPolicyDataSource,
		vnc.NewSettingsPoliciesDataSource,
		configobject.NewObjectDataSource,
		configobject.NewObjectsDataSource,
		timepolicy.NewDataSource,
		audit.NewSessionsDataSource,
		audit.NewSessionsCSVDataSource,
		audit.NewSessionDataSource,
		audit.NewSessionStatsDataSource,
		audit.NewSessionHistogramDataSource,
	}, options.DataSources()...)
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
		functions.NewFormatTime,
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
