package sps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
)

const vncSettingsPoliciesPath = "/api/configuration/vnc/settings_policies"

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

func (it VNCSettingsPolicyItem) clone() VNCSettingsPolicyItem {
	if v := it.Body.InactivityTimeout.Value; v != nil {
		n := *v
		it.Body.InactivityTimeout.Value = &n
	}
	return it
}

func vncSettingsPolicyPath(key string) string {
	return vncSettingsPoliciesPath + "/" + url.PathEscape(key)
}

// fetchVNCSettingsPolicies reads the committed list on the read session.
func (c *Client) fetchVNCSettingsPolicies(ctx context.Context) ([]VNCSettingsPolicyItem, error) {
	raw, err := c.listItems(ctx, func(ctx context.Context, path string, out any) error {
		return c.getJSON(ctx, path, nil, out)
	}, vncSettingsPoliciesPath)
	if err != nil {
		return nil, err
	}
	items := make([]VNCSettingsPolicyItem, 0, len(raw))
	for _, r := range raw {
		var b VNCSettingsPolicy
		if err := json.Unmarshal(r.Body, &b); err != nil {
			return nil, fmt.Errorf("SPS API GET %s: decoding policy %s: %w", vncSettingsPoliciesPath, r.Key, err)
		}
		items = append(items, VNCSettingsPolicyItem{Key: r.Key, Body: b})
	}
	return items, nil
}

// ListVNCSettingsPolicies returns every committed VNC settings policy. It is
// served from the client's short-lived list cache.
func (c *Client) ListVNCSettingsPolicies(ctx context.Context) ([]VNCSettingsPolicyItem, error) {
	items, _, err := c.policies.get(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]VNCSettingsPolicyItem, len(items))
	for i, it := range items {
		out[i] = it.clone()
	}
	return out, nil
}

// GetVNCSettingsPolicy returns one committed policy; a missing key gives an
// error for which IsNotFound holds. Refreshing many policies costs one list
// request: lookups are served from the cached list, and only a key missing
// from a list read earlier is confirmed with a direct GET.
func (c *Client) GetVNCSettingsPolicy(ctx context.Context, key string) (*VNCSettingsPolicyItem, error) {
	items, fresh, err := c.policies.get(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Key == key {
			out := it.clone()
			return &out, nil
		}
	}
	if fresh {
		return nil, notFound(c, vncSettingsPolicyPath(key))
	}
	// Created by someone else after the cached list was read?
	return c.getVNCSettingsPolicyDirect(ctx, key)
}

func notFound(c *Client, path string) *Error {
	return &Error{
		Method: http.MethodGet, Path: path, StatusCode: http.StatusNotFound, Type: errTypeNotFound,
		Message: "the object does not exist", user: c.cfg.Username, baseURL: c.baseURL.String(),
	}
}

// getVNCSettingsPolicyDirect bypasses the cache.
func (c *Client) getVNCSettingsPolicyDirect(ctx context.Context, key string) (*VNCSettingsPolicyItem, error) {
	var r rawItem
	if err := c.getJSON(ctx, vncSettingsPolicyPath(key), nil, &r); err != nil {
		return nil, err
	}
	var b VNCSettingsPolicy
	if err := json.Unmarshal(r.Body, &b); err != nil {
		return nil, fmt.Errorf("SPS API GET %s: decoding: %w", vncSettingsPolicyPath(key), err)
	}
	if r.Key == "" {
		r.Key = key
	}
	return &VNCSettingsPolicyItem{Key: r.Key, Body: b}, nil
}

// CreateVNCSettingsPolicy creates a policy and returns it as committed and read
// back.
func (c *Client) CreateVNCSettingsPolicy(ctx context.Context, p VNCSettingsPolicy) (*VNCSettingsPolicyItem, error) {
	var key string
	op := operation{
		desc: fmt.Sprintf("creating VNC settings policy %q", p.Name),
		apply: func(ctx context.Context, tx *txn) error {
			k, err := tx.create(ctx, vncSettingsPoliciesPath, p, p.Name)
			key = k
			return err
		},
		verify: func(ctx context.Context) error {
			if key == "" {
				return errNotApplied
			}
			_, err := c.getVNCSettingsPolicyDirect(ctx, key)
			if IsNotFound(err) {
				return errNotApplied
			}
			return err
		},
	}
	if err := c.engine.submit(ctx, op); err != nil {
		if IsCommitOutcomeUnknown(err) && key != "" {
			// The caller records the key, so the next run finds the
			// policy if the commit landed after all.
			return &VNCSettingsPolicyItem{Key: key, Body: p}, err
		}
		return nil, c.nameTaken(ctx, p.Name, err)
	}
	return c.readBackVNCSettingsPolicy(ctx, key, "created", p)
}

// nameTaken turns a create SPS refused (400) into a *NameTakenError when a
// committed policy already has the name. The list is asked rather than
// SPS's message read: SPS documents no wording (or type) for a taken name,
// and the key of the policy holding it is what the user needs. A failed
// lookup leaves err as it is.
func (c *Client) nameTaken(ctx context.Context, name string, err error) error {
	if !IsValidation(err) || IsCommitted(err) || ctx.Err() != nil {
		return err
	}
	items, lerr := c.fetchVNCSettingsPolicies(ctx)
	if lerr != nil {
		return err
	}
	for _, it := range items {
		if it.Body.Name == name {
			return &NameTakenError{Object: "VNC settings policy", Name: name, Key: it.Key, Err: err}
		}
	}
	return err
}

// UpdateVNCSettingsPolicy replaces the policy's modeled fields. Top-level
// fields this client does not model are kept as the appliance has them.
func (c *Client) UpdateVNCSettingsPolicy(ctx context.Context, key string, p VNCSettingsPolicy) (*VNCSettingsPolicyItem, error) {
	path := vncSettingsPolicyPath(key)
	op := operation{
		desc: fmt.Sprintf("updating VNC settings policy %s (%q)", key, p.Name),
		apply: func(ctx context.Context, tx *txn) error {
			var cur rawItem
			if err := tx.get(ctx, path, nil, &cur); err != nil {
				return err
			}
			body, err := overlayTopLevel(cur.Body, p)
			if err != nil {
				return fmt.Errorf("merging policy %s: %w", key, err)
			}
			return tx.put(ctx, path, body, nil)
		},
		verify: func(ctx context.Context) error {
			got, err := c.getVNCSettingsPolicyDirect(ctx, key)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(normalizeVNCSettingsPolicy(got.Body), normalizeVNCSettingsPolicy(p)) {
				return errNotApplied
			}
			return nil
		},
	}
	if err := c.engine.submit(ctx, op); err != nil {
		if IsCommitOutcomeUnknown(err) {
			return &VNCSettingsPolicyItem{Key: key, Body: p}, err
		}
		return nil, err
	}
	return c.readBackVNCSettingsPolicy(ctx, key, "updated", p)
}

// normalizeVNCSettingsPolicy drops values SPS ignores, for comparisons.
func normalizeVNCSettingsPolicy(p VNCSettingsPolicy) VNCSettingsPolicy {
	if !p.InactivityTimeout.Enabled {
		p.InactivityTimeout.Value = nil
	}
	return p
}

// DeleteVNCSettingsPolicy deletes a policy; a policy already gone is success.
func (c *Client) DeleteVNCSettingsPolicy(ctx context.Context, key string) error {
	path := vncSettingsPolicyPath(key)
	op := operation{
		desc: fmt.Sprintf("deleting VNC settings policy %s", key),
		apply: func(ctx context.Context, tx *txn) error {
			if err := tx.delete(ctx, path); err != nil && !IsNotFound(err) {
				return err
			}
			return nil
		},
		verify: func(ctx context.Context) error {
			_, err := c.getVNCSettingsPolicyDirect(ctx, key)
			switch {
			case IsNotFound(err):
				return nil
			case err == nil:
				return errNotApplied
			}
			return err
		},
	}
	if err := c.engine.submit(ctx, op); err != nil {
		return err
	}
	// Read back: it must be gone from the committed configuration.
	ctx, cancel := c.detached(ctx)
	defer cancel()
	_, err := c.GetVNCSettingsPolicy(ctx, key)
	switch {
	case IsNotFound(err):
		return nil
	case err == nil:
		return fmt.Errorf("VNC settings policy %s still exists after its deletion was committed", key)
	}
	return committedError{fmt.Errorf("VNC settings policy %s: deletion committed, but reading back failed: %w", key, err)}
}

// readBackVNCSettingsPolicy reads the policy just committed under key. If
// reading fails, it returns what it knows (the key and the values
// sent) with the error, for the caller to record: the policy is on the
// appliance, and forgetting it would make the next create of the same name
// fail as a duplicate. A policy missing when read back returns nil.
func (c *Client) readBackVNCSettingsPolicy(ctx context.Context, key, what string, sent VNCSettingsPolicy) (*VNCSettingsPolicyItem, error) {
	ctx, cancel := c.detached(ctx)
	defer cancel()
	it, err := c.GetVNCSettingsPolicy(ctx, key)
	if err != nil {
		if IsNotFound(err) {
			return nil, committedError{fmt.Errorf("VNC settings policy %s was %s and committed, but is missing when read back (was it deleted by someone else?): %w", key, what, err)}
		}
		return &VNCSettingsPolicyItem{Key: key, Body: sent}, committedError{fmt.Errorf("VNC settings policy %s was %s and committed, but reading it back failed: %w", key, what, err)}
	}
	return it, nil
}

// overlayTopLevel returns current with v's top-level fields written over
// it. Fields v does not have (added by newer firmware) survive; fields v
// models replace the old value whole, so nothing stale lingers inside them.
func overlayTopLevel(current json.RawMessage, v any) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	if len(current) > 0 && string(current) != "null" {
		if err := json.Unmarshal(current, &out); err != nil {
			return nil, err
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var mine map[string]json.RawMessage
	if err := json.Unmarshal(b, &mine); err != nil {
		return nil, err
	}
	if mine == nil {
		return nil, errors.New("value is not a JSON object")
	}
	for k, val := range mine {
		out[k] = val
	}
	return out, nil
}

// IsBuiltinKey reports whether key names an object built into SPS: those
// have negative keys (for example -30211, the default VNC settings policy).
func IsBuiltinKey(key string) bool {
	n, err := strconv.ParseInt(key, 10, 64)
	return err == nil && n < 0
}
