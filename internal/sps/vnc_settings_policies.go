package sps

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
)

// VNCSettingsPolicies is the area of the VNC settings policies. Updates
// replace the policy's modeled fields whole (OverlayTopLevel): the typed
// model declares every field, and a field it leaves out inside one (a
// custom cipher after switching to the recommended one) must go.
var VNCSettingsPolicies = &Area{
	Path:    "vnc/settings_policies",
	Noun:    "VNC settings policy",
	Named:   true,
	Overlay: OverlayTopLevel,
	Equal:   vncSettingsPolicyEqual,
}

var vncSettingsPoliciesPath = VNCSettingsPolicies.Endpoint()

// VNCCipherStrength selects the OpenSSL cipher string: "recommended" or
// "custom" (then CustomCipher holds it).
type VNCCipherStrength struct {
	Selection    string `json:"selection"`
	CustomCipher string `json:"custom_cipher,omitempty"`
}

// VNCTLSSecuritySettings is one side (client or server) of a policy's TLS.
type VNCTLSSecuritySettings struct {
	CipherStrength    VNCCipherStrength `json:"cipher_strength"`
	MinimumTLSVersion string            `json:"minimum_tls_version"` // TLSv1_2, TLSv1_1, TLSv1_0
}

// VNCInactivityTimeout ends sessions without user activity; Value (seconds)
// only when Enabled.
type VNCInactivityTimeout struct {
	Enabled bool   `json:"enabled"`
	Value   *int64 `json:"value,omitempty"`
}

// VNCSettingsPolicy is the body of a VNC settings policy.
type VNCSettingsPolicy struct {
	Name                      string                 `json:"name"`
	Timeout                   int64                  `json:"timeout"`
	InactivityTimeout         VNCInactivityTimeout   `json:"inactivity_timeout"`
	PreconnectChannelCheck    bool                   `json:"preconnect_channel_check"`
	ClientTLSSecuritySettings VNCTLSSecuritySettings `json:"client_tls_security_settings"`
	ServerTLSSecuritySettings VNCTLSSecuritySettings `json:"server_tls_security_settings"`
}

// VNCSettingsPolicyItem is a policy with its key (the SPS object id).
type VNCSettingsPolicyItem struct {
	Key  string
	Body VNCSettingsPolicy
}

func vncSettingsPolicyPath(key string) string { return VNCSettingsPolicies.objectPath(key) }

// vncSettingsPolicyEqual compares the modeled fields, dropping values SPS
// ignores.
func vncSettingsPolicyEqual(declared, got map[string]any) bool {
	var want, have VNCSettingsPolicy
	if decodeInto(declared, &want) != nil || decodeInto(got, &have) != nil {
		return false
	}
	return reflect.DeepEqual(normalizeVNCSettingsPolicy(have), normalizeVNCSettingsPolicy(want))
}

// normalizeVNCSettingsPolicy drops values SPS ignores, for comparisons.
func normalizeVNCSettingsPolicy(p VNCSettingsPolicy) VNCSettingsPolicy {
	if !p.InactivityTimeout.Enabled {
		p.InactivityTimeout.Value = nil
	}
	return p
}

// decodeInto decodes decoded JSON into a typed model.
func decodeInto(fields map[string]any, v any) error {
	b, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func (c *Client) vncPolicies() *Objects { return c.Objects(VNCSettingsPolicies) }

// policyItem decodes an object of the area into the typed item.
func policyItem(o *Object) (*VNCSettingsPolicyItem, error) {
	if o == nil {
		return nil, nil
	}
	it := &VNCSettingsPolicyItem{Key: o.Key}
	if err := o.Decode(&it.Body); err != nil {
		return nil, fmt.Errorf("SPS API GET %s: decoding policy %s: %w", vncSettingsPoliciesPath, o.Key, err)
	}
	return it, nil
}

// policyResult is an area call's result as the typed item, keeping the
// call's error (a result may come with one: the commit landed, reading
// back did not).
func policyResult(o *Object, err error) (*VNCSettingsPolicyItem, error) {
	it, derr := policyItem(o)
	if derr != nil && err == nil {
		return nil, derr
	}
	return it, err
}

// ListVNCSettingsPolicies returns every committed VNC settings policy. It is
// served from the client's short-lived list cache.
func (c *Client) ListVNCSettingsPolicies(ctx context.Context) ([]VNCSettingsPolicyItem, error) {
	objs, err := c.vncPolicies().List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]VNCSettingsPolicyItem, 0, len(objs))
	for i := range objs {
		it, err := policyItem(&objs[i])
		if err != nil {
			return nil, err
		}
		out = append(out, *it)
	}
	return out, nil
}

// GetVNCSettingsPolicy returns one committed policy; a missing key gives an
// error for which IsNotFound holds. Refreshing many policies costs one list
// request (Objects.Get).
func (c *Client) GetVNCSettingsPolicy(ctx context.Context, key string) (*VNCSettingsPolicyItem, error) {
	return policyResult(c.vncPolicies().Get(ctx, key))
}

// getVNCSettingsPolicyDirect bypasses the cache.
func (c *Client) getVNCSettingsPolicyDirect(ctx context.Context, key string) (*VNCSettingsPolicyItem, error) {
	return policyResult(c.vncPolicies().getDirect(ctx, key))
}

// CreateVNCSettingsPolicy creates a policy and returns it as committed and read
// back (Objects.Create).
func (c *Client) CreateVNCSettingsPolicy(ctx context.Context, p VNCSettingsPolicy) (*VNCSettingsPolicyItem, error) {
	fields, err := FieldsOf(p)
	if err != nil {
		return nil, err
	}
	return policyResult(c.vncPolicies().Create(ctx, fields))
}

// UpdateVNCSettingsPolicy replaces the policy's modeled fields. Top-level
// fields this client does not model are kept as the appliance has them.
func (c *Client) UpdateVNCSettingsPolicy(ctx context.Context, key string, p VNCSettingsPolicy) (*VNCSettingsPolicyItem, error) {
	fields, err := FieldsOf(p)
	if err != nil {
		return nil, err
	}
	return policyResult(c.vncPolicies().Update(ctx, key, fields))
}

// DeleteVNCSettingsPolicy deletes a policy; a policy already gone is success.
func (c *Client) DeleteVNCSettingsPolicy(ctx context.Context, key string) error {
	return c.vncPolicies().Delete(ctx, key)
}
