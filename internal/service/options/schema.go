package options

import (
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps/catalog"
)

// The value ranges and formats sps_vnc_options has had from the start; SPS
// documents none of them, so the other protocols do not get them.
const minLogLevel, maxLogLevel = 0, 7

var (
	timestampingServerURLPattern = regexp.MustCompile(`^https?://\S+$`)
	policyOIDPattern             = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$`)
)

// words are the descriptions that differ between sps_vnc_options (as it
// has always read) and the other protocols.
type words struct {
	intro, shapes, apiShape, timestamping, logLevel, days string
}

func (p protocol) words() words {
	t := p.title
	if p.vncWords {
		return words{
			intro: "(on newer SPS versions) audit trail timestamping",
			shapes: "Older SPS versions store these options in a different format without timestamping; the provider " +
				"detects the format (see `api_shape`). Configuring `timestamping` against such an appliance is an error.",
			apiShape:     "`audit` (newer SPS, with timestamping) or `legacy` (older SPS).",
			timestamping: "Only on SPS versions with the newer options format (`api_shape = \"audit\"`).",
			logLevel:     fmt.Sprintf("Log detail of %s connections, %d to %d.", t, minLogLevel, maxLogLevel),
			days:         "Must exceed the retention of the archiving policies used for " + t + ".",
		}
	}
	return words{
		intro: "(where the options have an `audit` section) audit trail timestamping",
		shapes: "SPS stores these options in one of two documented formats, depending on its version: with an `audit` " +
			"section (cleanup and timestamping) or with `channel_database_cleanup` (cleanup only, no timestamping). The " +
			"provider detects the format the appliance has (see `api_shape`) and writes that one. Configuring " +
			"`timestamping` against an appliance of the second format is an error, and nothing is written.",
		apiShape:     "`audit` (an `audit` section: cleanup and timestamping) or `legacy` (`channel_database_cleanup`: cleanup only, no timestamping).",
		timestamping: "Only where the options have the `audit` format (`api_shape = \"audit\"`).",
		logLevel:     "Log detail of " + t + " connections (SPS documents no range).",
		days: "SPS documents that it must exceed the retention time of the archiving policies used for " + t +
			" connections and the connection policies' own cleanup times; the provider cannot check that (it needs those objects).",
	}
}

func resourceSchema(p protocol) schema.Schema {
	t, w := p.title, p.words()
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "Always `" + optionsKey + "`, the key of the options object in the SPS API.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"api_shape": schema.StringAttribute{
			MarkdownDescription: "Which format the appliance uses for the options: " + w.apiShape,
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"service": schema.SingleNestedAttribute{
			MarkdownDescription: "Whether " + t + " connections are allowed, and how much SPS logs about them.",
			Required:            true,
			Attributes: map[string]schema.Attribute{
				"enabled": schema.BoolAttribute{MarkdownDescription: "Allow " + t + " connections through SPS.", Required: true},
				"log_level": schema.Int64Attribute{
					MarkdownDescription: w.logLevel + " Required when `enabled` is true, not allowed otherwise.",
					Optional:            true,
					Validators:          p.int64Rules(int64validator.Between(minLogLevel, maxLogLevel), framework.RequiredOnlyWhen("enabled", types.BoolValue(true), nil)),
				},
			},
		},
		"cleanup": schema.SingleNestedAttribute{
			MarkdownDescription: "Global cleanup of " + t + " connection metadata. Defaults to disabled.",
			Optional:            true,
			Computed:            true,
			Default:             objectdefault.StaticValue(defaultCleanupObject()),
			Attributes: map[string]schema.Attribute{
				"enabled": schema.BoolAttribute{
					MarkdownDescription: "Delete the metadata of " + t + " connections older than `days`. Defaults to `false`.",
					Optional:            true,
					Computed:            true,
					Default:             booldefault.StaticBool(false),
				},
				"days": schema.Int64Attribute{
					MarkdownDescription: "Retention time of " + t + " connection metadata, in days. " + w.days +
						" Required when `enabled` is true, not allowed otherwise.",
					Optional:   true,
					Validators: p.int64Rules(int64validator.AtLeast(1), framework.RequiredOnlyWhen("enabled", types.BoolValue(true), types.BoolValue(false))),
				},
			},
		},
		"timestamping": timestampingAttribute(p),
	}
	for _, sw := range p.switches {
		attrs[sw.name] = schema.SingleNestedAttribute{
			MarkdownDescription: sw.doc,
			Optional:            true,
			Attributes: map[string]schema.Attribute{
				"enabled": schema.BoolAttribute{MarkdownDescription: sw.enabledDoc, Required: true},
			},
		}
	}
	return schema.Schema{
		MarkdownDescription: "The global " + t + " options of the appliance: whether " + t + " connections are allowed, their " +
			"log level, the cleanup of connection metadata and " + w.intro + ".\n\n" +
			"The options always exist on SPS, so this resource takes them over on create and writes the configured " +
			"values. Use at most one `sps_" + p.name + "_options` per appliance.\n\n" +
			"**Destroying this resource leaves the " + t + " options on the appliance as they are**; it only removes them " +
			"from Terraform state (with a warning). Resetting them, for example disabling " + t + ", would cut live " +
			"connections, so that has to be a deliberate change to `service.enabled`.\n\n" +
			w.shapes + "\n\n" +
			"**Interrupted applies and slow commits.** If Terraform is interrupted (Ctrl-C) while the change is being " +
			"committed, the provider lets the commit finish and records the options SPS committed; interrupted before " +
			"the commit, nothing changes on SPS. If SPS is still committing when the provider stops waiting (about four " +
			"times `request_timeout`), nothing is sent twice and state records the planned options: the first apply " +
			"(the resource's create) succeeds with the warning *SPS commit outcome unknown*, a later change fails with " +
			"that error, and the next refresh reads what SPS actually has. The same goes for a commit that landed but " +
			"could not be read back (*SPS change committed but not read back*). " + framework.DescCommitOutcomeGuide,
		Attributes: attrs,
	}
}

// int64Rules is rule plus, for sps_vnc_options, its historic range.
func (p protocol) int64Rules(vncRange validator.Int64, rule validator.Int64) []validator.Int64 {
	if p.vncWords {
		return []validator.Int64{vncRange, rule}
	}
	return []validator.Int64{rule}
}

func (p protocol) stringRules(vncFormat validator.String, rule validator.String) []validator.String {
	if p.vncWords {
		return []validator.String{vncFormat, rule}
	}
	return []validator.String{rule}
}

// timestampingAttribute is the schema of the timestamping block.
func timestampingAttribute(p protocol) schema.SingleNestedAttribute {
	t, w := p.title, p.words()
	signing := schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("How often audit trails are timestamped, in seconds. Defaults to `%d`.", defaultSigningInterval),
		Optional:            true,
		Computed:            true,
		Default:             int64default.StaticInt64(defaultSigningInterval),
	}
	if p.vncWords {
		signing.Validators = []validator.Int64{int64validator.AtLeast(1)}
	}
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Timestamping of " + t + " audit trails. " + w.timestamping + " Leave it out to keep whatever " +
			"the appliance has; it then stays null in state, also after import.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"selection": schema.StringAttribute{
				MarkdownDescription: "`local`: SPS timestamps the audit trails itself; `remote`: an external RFC 3161 timestamping server at `server_url` does.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(selectionEnum(p)...)},
			},
			"signing_interval": signing,
			"server_url": schema.StringAttribute{
				MarkdownDescription: "URL of the timestamping server. Required when `selection` is `remote`, not allowed for `local`.",
				Optional:            true,
				Validators: p.stringRules(stringvalidator.RegexMatches(timestampingServerURLPattern, "must be an http:// or https:// URL"),
					framework.RequiredOnlyWhen("selection", types.StringValue(timestampingRemote), nil)),
			},
			"policy_oid": schema.StringAttribute{
				MarkdownDescription: "OID of the timestamping policy to request from the remote server, for example `1.2.3`. Only with `selection = \"remote\"`; leave it out to request none.",
				Optional:            true,
				Validators: p.stringRules(stringvalidator.RegexMatches(policyOIDPattern, "must be a dotted OID such as 1.2.3"),
					framework.AllowedOnlyWhen("selection", types.StringValue(timestampingRemote), nil)),
			},
		},
	}
}

// selectionEnum is the documented values of audit.timestamping.selection,
// from the catalog (the rule is written once, there).
func selectionEnum(p protocol) []string {
	f, ok := catalog.Lookup(p.name + "/options")
	if !ok {
		panic("options: the catalog has no family at " + p.name + "/options")
	}
	field, ok := f.Field("audit.timestamping.selection")
	if !ok || len(field.Enum) == 0 {
		panic("options: the catalog documents no values of audit.timestamping.selection")
	}
	return field.Enum
}

// listSchema is the configuration of the list resource of the one options
// object, so `terraform query -generate-config-out` adopts it with the
// rest of the appliance.
func listSchema(p protocol) *listschema.Schema {
	left := "`timestamping` is left out (null)"
	for _, sw := range p.switches {
		left = "`timestamping` and `" + sw.name + "` are left out (null)"
	}
	return &listschema.Schema{
		MarkdownDescription: "Lists the global " + p.title + " options of the appliance: always exactly one result, with the " +
			"identity `key = \"" + optionsKey + "\"`. With `include_resource`, " + left + ", as after `terraform import`: " +
			"add it to the generated configuration to manage it.",
	}
}
