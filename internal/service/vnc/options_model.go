package vnc

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

const (
	vncOptionsID             = "options"
	timestampingLocal        = "local"
	timestampingRemote       = "remote"
	defaultSigningInterval   = 30
	minLogLevel, maxLogLevel = 0, 7
)

// vncOptionsModel is the one Terraform shape for both API shapes of
// /api/configuration/vnc/options: the older `channel_database_cleanup`
// body and the newer `audit` body with timestamping. The client translates.
type vncOptionsModel struct {
	ID           types.String          `tfsdk:"id"`
	APIShape     types.String          `tfsdk:"api_shape"`
	Service      *vncServiceModel      `tfsdk:"service"`
	Cleanup      *vncCleanupModel      `tfsdk:"cleanup"`
	Timestamping *vncTimestampingModel `tfsdk:"timestamping"`
}

type vncServiceModel struct {
	Enabled  types.Bool  `tfsdk:"enabled"`
	LogLevel types.Int64 `tfsdk:"log_level"`
}

type vncCleanupModel struct {
	Enabled types.Bool  `tfsdk:"enabled"`
	Days    types.Int64 `tfsdk:"days"`
}

type vncTimestampingModel struct {
	Selection       types.String `tfsdk:"selection"`
	SigningInterval types.Int64  `tfsdk:"signing_interval"`
	ServerURL       types.String `tfsdk:"server_url"`
	PolicyOID       types.String `tfsdk:"policy_oid"`
}

func defaultCleanupObject() types.Object {
	return types.ObjectValueMust(map[string]attr.Type{"enabled": types.BoolType, "days": types.Int64Type},
		map[string]attr.Value{"enabled": types.BoolValue(false), "days": types.Int64Null()})
}

// vncOptionsFromAPI converts what SPS returned. Timestamping is only taken
// over when the configuration manages it (manageTimestamping); otherwise it
// stays null, which means "leave the appliance's setting alone". Values SPS
// ignores (log level of a disabled service, days of a disabled cleanup,
// server of local timestamping) are dropped so they never show as drift.
func vncOptionsFromAPI(o *sps.VNCOptions, manageTimestamping bool) vncOptionsModel {
	m := vncOptionsModel{
		ID:       types.StringValue(vncOptionsID),
		APIShape: types.StringValue(string(o.Shape)),
		Service:  &vncServiceModel{Enabled: types.BoolValue(o.ServiceEnabled), LogLevel: types.Int64Null()},
		Cleanup:  &vncCleanupModel{Enabled: types.BoolValue(o.CleanupEnabled), Days: types.Int64Null()},
	}
	if o.ServiceEnabled {
		m.Service.LogLevel = types.Int64PointerValue(o.LogLevel)
	}
	if o.CleanupEnabled {
		m.Cleanup.Days = types.Int64PointerValue(o.CleanupDays)
	}
	if manageTimestamping && o.Timestamping != nil {
		t := o.Timestamping
		m.Timestamping = &vncTimestampingModel{
			Selection:       types.StringValue(t.Selection),
			SigningInterval: types.Int64PointerValue(t.SigningInterval),
			ServerURL:       types.StringNull(),
			PolicyOID:       types.StringNull(),
		}
		if t.Selection == timestampingRemote {
			m.Timestamping.ServerURL = nonEmptyString(t.ServerURL)
			m.Timestamping.PolicyOID = nonEmptyString(t.PolicyOID)
		}
	}
	return m
}

func (m vncOptionsModel) toAPI() sps.VNCOptions {
	var o sps.VNCOptions
	if m.Service != nil {
		o.ServiceEnabled = m.Service.Enabled.ValueBool()
		if o.ServiceEnabled {
			o.LogLevel = m.Service.LogLevel.ValueInt64Pointer()
		}
	}
	if m.Cleanup != nil {
		o.CleanupEnabled = m.Cleanup.Enabled.ValueBool()
		if o.CleanupEnabled {
			o.CleanupDays = m.Cleanup.Days.ValueInt64Pointer()
		}
	}
	if t := m.Timestamping; t != nil {
		o.Timestamping = &sps.VNCTimestamping{
			Selection:       t.Selection.ValueString(),
			SigningInterval: t.SigningInterval.ValueInt64Pointer(),
		}
		if o.Timestamping.Selection == timestampingRemote {
			o.Timestamping.ServerURL = t.ServerURL.ValueString()
			o.Timestamping.PolicyOID = t.PolicyOID.ValueString()
		}
	}
	return o
}

func nonEmptyString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
