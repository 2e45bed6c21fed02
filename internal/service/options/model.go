package options

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const (
	optionsKey             = "options" // the key of every options singleton
	timestampingLocal      = "local"
	timestampingRemote     = "remote"
	defaultSigningInterval = 30
)

// optionsModel is the one Terraform shape of a protocol's options, for
// both documented body shapes.
type optionsModel struct {
	ID           types.String       `tfsdk:"id"`
	APIShape     types.String       `tfsdk:"api_shape"`
	Service      *serviceModel      `tfsdk:"service"`
	Cleanup      *cleanupModel      `tfsdk:"cleanup"`
	Timestamping *timestampingModel `tfsdk:"timestamping"`
}

// sshOptionsModel adds the switch only the SSH options have.
type sshOptionsModel struct {
	optionsModel
	GSSAPI *switchModel `tfsdk:"gssapi"`
}

type serviceModel struct {
	Enabled  types.Bool  `tfsdk:"enabled"`
	LogLevel types.Int64 `tfsdk:"log_level"`
}

type cleanupModel struct {
	Enabled types.Bool  `tfsdk:"enabled"`
	Days    types.Int64 `tfsdk:"days"`
}

type timestampingModel struct {
	Selection       types.String `tfsdk:"selection"`
	SigningInterval types.Int64  `tfsdk:"signing_interval"`
	ServerURL       types.String `tfsdk:"server_url"`
	PolicyOID       types.String `tfsdk:"policy_oid"`
}

// switchModel is a protocol switch: an object holding only enabled.
type switchModel struct {
	Enabled types.Bool `tfsdk:"enabled"`
}

// model is what the definition needs of a protocol's model type: its
// common part and its switches by name.
type model[M any] interface {
	*M
	common() *optionsModel
	switchFields() map[string]**switchModel
}

func (m *optionsModel) common() *optionsModel                  { return m }
func (m *optionsModel) switchFields() map[string]**switchModel { return nil }
func (m *sshOptionsModel) switchFields() map[string]**switchModel {
	return map[string]**switchModel{"gssapi": &m.GSSAPI}
}

func defaultCleanupObject() types.Object {
	return types.ObjectValueMust(map[string]attr.Type{"enabled": types.BoolType, "days": types.Int64Type},
		map[string]attr.Value{"enabled": types.BoolValue(false), "days": types.Int64Null()})
}

// toSettings is what a model asks SPS to hold. Values that apply only
// when their section is enabled are left out otherwise.
func toSettings[M any, P model[M]](m P) settings {
	c := m.common()
	var s settings
	if c.Service != nil {
		s.ServiceEnabled = c.Service.Enabled.ValueBool()
		if s.ServiceEnabled {
			s.LogLevel = c.Service.LogLevel.ValueInt64Pointer()
		}
	}
	if c.Cleanup != nil {
		s.CleanupEnabled = c.Cleanup.Enabled.ValueBool()
		if s.CleanupEnabled {
			s.CleanupDays = c.Cleanup.Days.ValueInt64Pointer()
		}
	}
	if t := c.Timestamping; t != nil {
		s.Timestamping = &timestamping{Selection: t.Selection.ValueString(), SigningInterval: t.SigningInterval.ValueInt64Pointer()}
		if s.Timestamping.Selection == timestampingRemote {
			s.Timestamping.ServerURL = t.ServerURL.ValueString()
			s.Timestamping.PolicyOID = t.PolicyOID.ValueString()
		}
	}
	for name, f := range m.switchFields() {
		if *f != nil && !(*f).Enabled.IsNull() && !(*f).Enabled.IsUnknown() {
			if s.Switches == nil {
				s.Switches = map[string]bool{}
			}
			s.Switches[name] = (*f).Enabled.ValueBool()
		}
	}
	return s
}

// managed says which optional blocks a model takes over from SPS: only
// those the configuration manages (non-null in base), so a block left out
// stays null; nil base (import, list results) manages none of them, and
// all manages every one (data sources).
type managed struct {
	timestamping bool
	switches     map[string]bool
}

func managedBy[M any, P model[M]](base P) managed {
	var mg managed
	if base == nil {
		return mg
	}
	mg.timestamping = base.common().Timestamping != nil
	for name, f := range base.switchFields() {
		if *f != nil {
			if mg.switches == nil {
				mg.switches = map[string]bool{}
			}
			mg.switches[name] = true
		}
	}
	return mg
}

func manageAll[M any, P model[M]](m P) managed {
	mg := managed{timestamping: true, switches: map[string]bool{}}
	for name := range m.switchFields() {
		mg.switches[name] = true
	}
	return mg
}

// fill sets m from what SPS holds. Values SPS ignores (log level of a
// disabled service, days of a disabled cleanup, server of local
// timestamping) are dropped so they never show as drift.
func fill[M any, P model[M]](m P, s settings, mg managed) {
	c := m.common()
	*c = optionsModel{
		ID:       types.StringValue(optionsKey),
		APIShape: types.StringValue(s.Shape),
		Service:  &serviceModel{Enabled: types.BoolValue(s.ServiceEnabled), LogLevel: types.Int64Null()},
		Cleanup:  &cleanupModel{Enabled: types.BoolValue(s.CleanupEnabled), Days: types.Int64Null()},
	}
	if s.ServiceEnabled {
		c.Service.LogLevel = types.Int64PointerValue(s.LogLevel)
	}
	if s.CleanupEnabled {
		c.Cleanup.Days = types.Int64PointerValue(s.CleanupDays)
	}
	if mg.timestamping && s.Timestamping != nil {
		t := s.Timestamping
		c.Timestamping = &timestampingModel{
			Selection:       types.StringValue(t.Selection),
			SigningInterval: types.Int64PointerValue(t.SigningInterval),
			ServerURL:       types.StringNull(),
			PolicyOID:       types.StringNull(),
		}
		if t.Selection == timestampingRemote {
			c.Timestamping.ServerURL = nonEmptyString(t.ServerURL)
			c.Timestamping.PolicyOID = nonEmptyString(t.PolicyOID)
		}
	}
	for name, f := range m.switchFields() {
		*f = nil
		if on, ok := s.Switches[name]; ok && mg.switches[name] {
			*f = &switchModel{Enabled: types.BoolValue(on)}
		}
	}
}

func nonEmptyString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
