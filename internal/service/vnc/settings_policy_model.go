package vnc

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// This file is the one place that knows how a VNC settings policy looks in
// Terraform and how it maps to the API; the resource and both data sources
// use it, so a new field is added once.

// Documented defaults of a VNC settings policy (the seeded "default" policy
// has exactly these values).
const (
	defaultPolicyTimeout    = 600
	cipherRecommended       = "recommended"
	cipherCustom            = "custom"
	tlsVersion12            = "TLSv1_2"
	tlsVersion11            = "TLSv1_1"
	tlsVersion10            = "TLSv1_0"
	defaultMinimumTLS       = tlsVersion12
	defaultCipherSelection  = cipherRecommended
	defaultInactivityEnable = false
)

// Attribute descriptions shared by the resource and data source schemas.
const (
	descPolicyID         = "The SPS key of the policy (for example `-30211` for the built-in `default` policy)."
	descPolicyName       = "Name of the policy. Must not contain whitespace."
	descPolicyTimeout    = "Idle timeout of the VNC connection, in seconds."
	descInactivity       = "Ends the session after a period without user activity."
	descInactivityOn     = "Whether sessions are ended after `value` seconds without user activity."
	descInactivityValue  = "Seconds without user activity before the session is ended. Set only when `enabled` is true; must be at least `timeout`."
	descPreconnect       = "Evaluate the connection and channel policies before SPS opens the server-side connection, and connect only if they could permit the client."
	descClientTLS        = "TLS settings SPS uses towards the VNC client."
	descServerTLS        = "TLS settings SPS uses towards the VNC server."
	descCipherStrength   = "Which ciphers OpenSSL may use."
	descCipherSelection  = "`recommended` allows only ciphers with an adequate security level; `custom` uses the list in `custom_cipher`."
	descCustomCipher     = "OpenSSL cipher list, for example `ALL:!aNULL:@STRENGTH` (see `openssl-ciphers` on the appliance). Set only when `selection` is `custom`."
	descMinimumTLS       = "Lowest TLS version SPS offers: `TLSv1_2` (recommended), `TLSv1_1` or `TLSv1_0`."
	descPolicyDataSource = "One VNC settings policy, looked up by `name` or by `id`."
)

type settingsPolicyModel struct {
	ID                        types.String              `tfsdk:"id"`
	Name                      types.String              `tfsdk:"name"`
	Timeout                   types.Int64               `tfsdk:"timeout"`
	InactivityTimeout         *inactivityTimeoutModel   `tfsdk:"inactivity_timeout"`
	PreconnectChannelCheck    types.Bool                `tfsdk:"preconnect_channel_check"`
	ClientTLSSecuritySettings *tlsSecuritySettingsModel `tfsdk:"client_tls_security_settings"`
	ServerTLSSecuritySettings *tlsSecuritySettingsModel `tfsdk:"server_tls_security_settings"`
}

type inactivityTimeoutModel struct {
	Enabled types.Bool  `tfsdk:"enabled"`
	Value   types.Int64 `tfsdk:"value"`
}

type tlsSecuritySettingsModel struct {
	CipherStrength    *cipherStrengthModel `tfsdk:"cipher_strength"`
	MinimumTLSVersion types.String         `tfsdk:"minimum_tls_version"`
}

type cipherStrengthModel struct {
	Selection    types.String `tfsdk:"selection"`
	CustomCipher types.String `tfsdk:"custom_cipher"`
}

var (
	cipherStrengthAttrTypes = map[string]attr.Type{
		"selection":     types.StringType,
		"custom_cipher": types.StringType,
	}
	tlsSecuritySettingsAttrTypes = map[string]attr.Type{
		"cipher_strength":     types.ObjectType{AttrTypes: cipherStrengthAttrTypes},
		"minimum_tls_version": types.StringType,
	}
	inactivityTimeoutAttrTypes = map[string]attr.Type{
		"enabled": types.BoolType,
		"value":   types.Int64Type,
	}
)

// Default object values, used as schema defaults so that a configuration
// with only a name plans exactly what SPS stores for it.
func defaultCipherStrengthObject() types.Object {
	return types.ObjectValueMust(cipherStrengthAttrTypes, map[string]attr.Value{
		"selection":     types.StringValue(defaultCipherSelection),
		"custom_cipher": types.StringNull(),
	})
}

func defaultTLSSecuritySettingsObject() types.Object {
	return types.ObjectValueMust(tlsSecuritySettingsAttrTypes, map[string]attr.Value{
		"cipher_strength":     defaultCipherStrengthObject(),
		"minimum_tls_version": types.StringValue(defaultMinimumTLS),
	})
}

func defaultInactivityTimeoutObject() types.Object {
	return types.ObjectValueMust(inactivityTimeoutAttrTypes, map[string]attr.Value{
		"enabled": types.BoolValue(defaultInactivityEnable),
		"value":   types.Int64Null(),
	})
}

// settingsPolicyFromAPI converts what SPS returned. Values SPS ignores (a
// timeout value while the timeout is disabled, a cipher list while the
// selection is "recommended") are dropped, so they never show up as drift.
func settingsPolicyFromAPI(item sps.VNCSettingsPolicyItem) settingsPolicyModel {
	p := item.Body
	inactivity := &inactivityTimeoutModel{Enabled: types.BoolValue(p.InactivityTimeout.Enabled), Value: types.Int64Null()}
	if p.InactivityTimeout.Enabled {
		inactivity.Value = types.Int64PointerValue(p.InactivityTimeout.Value)
	}
	return settingsPolicyModel{
		ID:                        types.StringValue(item.Key),
		Name:                      types.StringValue(p.Name),
		Timeout:                   types.Int64Value(p.Timeout),
		InactivityTimeout:         inactivity,
		PreconnectChannelCheck:    types.BoolValue(p.PreconnectChannelCheck),
		ClientTLSSecuritySettings: tlsSecuritySettingsFromAPI(p.ClientTLSSecuritySettings),
		ServerTLSSecuritySettings: tlsSecuritySettingsFromAPI(p.ServerTLSSecuritySettings),
	}
}

func tlsSecuritySettingsFromAPI(s sps.VNCTLSSecuritySettings) *tlsSecuritySettingsModel {
	cipher := &cipherStrengthModel{Selection: types.StringValue(s.CipherStrength.Selection), CustomCipher: types.StringNull()}
	if s.CipherStrength.Selection == cipherCustom && s.CipherStrength.CustomCipher != "" {
		cipher.CustomCipher = types.StringValue(s.CipherStrength.CustomCipher)
	}
	return &tlsSecuritySettingsModel{CipherStrength: cipher, MinimumTLSVersion: types.StringValue(s.MinimumTLSVersion)}
}

// toAPI builds the request body from a plan. The framework has applied the
// schema defaults by then; the nil checks only guard against a plan without
// them and fall back to the same documented defaults.
func (m settingsPolicyModel) toAPI() sps.VNCSettingsPolicy {
	p := sps.VNCSettingsPolicy{
		Name:                      m.Name.ValueString(),
		Timeout:                   defaultPolicyTimeout,
		PreconnectChannelCheck:    m.PreconnectChannelCheck.ValueBool(),
		ClientTLSSecuritySettings: m.ClientTLSSecuritySettings.toAPI(),
		ServerTLSSecuritySettings: m.ServerTLSSecuritySettings.toAPI(),
	}
	if !m.Timeout.IsNull() && !m.Timeout.IsUnknown() {
		p.Timeout = m.Timeout.ValueInt64()
	}
	if m.InactivityTimeout != nil && m.InactivityTimeout.Enabled.ValueBool() {
		p.InactivityTimeout = sps.VNCInactivityTimeout{Enabled: true, Value: m.InactivityTimeout.Value.ValueInt64Pointer()}
	}
	return p
}

func (m *tlsSecuritySettingsModel) toAPI() sps.VNCTLSSecuritySettings {
	s := sps.VNCTLSSecuritySettings{
		CipherStrength:    sps.VNCCipherStrength{Selection: defaultCipherSelection},
		MinimumTLSVersion: defaultMinimumTLS,
	}
	if m == nil {
		return s
	}
	if v := m.MinimumTLSVersion.ValueString(); v != "" {
		s.MinimumTLSVersion = v
	}
	if m.CipherStrength != nil {
		if v := m.CipherStrength.Selection.ValueString(); v != "" {
			s.CipherStrength.Selection = v
		}
		if s.CipherStrength.Selection == cipherCustom {
			s.CipherStrength.CustomCipher = m.CipherStrength.CustomCipher.ValueString()
		}
	}
	return s
}
