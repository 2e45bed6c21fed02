package sps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

const vncOptionsPath = "/api/configuration/vnc/options"

// VNCOptionsShape names the two bodies SPS firmware uses for VNC options.
type VNCOptionsShape string

const (
	// VNCOptionsShapeLegacy: {"service": {...}, "channel_database_cleanup": {"enabled", "days"}}.
	VNCOptionsShapeLegacy VNCOptionsShape = "legacy"
	// VNCOptionsShapeAudit: {"service": {...}, "audit": {"cleanup": {"enabled",
	// "channel_database_cleanup_days"}, "timestamping": {...}}}.
	VNCOptionsShapeAudit VNCOptionsShape = "audit"
)

// VNCTimestamping configures how audit trails are timestamped (audit shape
// only). Selection is "local" or "remote"; ServerURL and PolicyOID apply to
// remote; PolicyOID "" means the oid is disabled.
type VNCTimestamping struct {
	Selection       string
	SigningInterval *int64
	ServerURL       string
	PolicyOID       string
}

// VNCOptions are the appliance-wide VNC settings, in a shape-neutral form.
type VNCOptions struct {
	Shape          VNCOptionsShape // as read from the appliance; ignored on write
	ServiceEnabled bool
	LogLevel       *int64
	CleanupEnabled bool
	CleanupDays    *int64
	// Timestamping is nil on legacy appliances. On write, nil leaves the
	// appliance's timestamping untouched.
	Timestamping *VNCTimestamping
}

// VNCOptionsArea is the singleton of the appliance-wide VNC options. Its
// body has two shapes (VNCOptionsShape), so the typed calls below build
// their own Edit rather than declare fields.
var VNCOptionsArea = &Area{Path: "vnc/options", Noun: "VNC options"}

// GetVNCOptions reads the committed VNC options.
func (c *Client) GetVNCOptions(ctx context.Context) (*VNCOptions, error) {
	body, err := c.getVNCOptionsBody(ctx)
	if err != nil {
		return nil, err
	}
	return decodeVNCOptions(body)
}

func (c *Client) getVNCOptionsBody(ctx context.Context) (map[string]any, error) {
	obj, err := c.Settings(VNCOptionsArea).Get(ctx)
	if err != nil {
		return nil, err
	}
	return obj.Fields()
}

// UpdateVNCOptions writes o's fields into the appliance's options and
// returns the committed result (VNCOptionsEdit, then Settings.Edit).
func (c *Client) UpdateVNCOptions(ctx context.Context, o VNCOptions) (*VNCOptions, error) {
	edit, err := c.VNCOptionsEdit(ctx, o)
	if err != nil {
		return nil, err
	}
	got, err := c.Settings(VNCOptionsArea).Edit(ctx, edit)
	if got == nil {
		return nil, err
	}
	// With an error, got is what was written: the options as they are if
	// the commit lands (or as it landed, not read back), for the caller to
	// record; the next refresh tells.
	opts, derr := VNCOptionsOf(got)
	if derr != nil {
		return nil, errors.Join(err, derr)
	}
	return opts, err
}

// VNCOptionsEdit is the edit that writes o into the options SPS holds. It
// changes only the fields VNCOptions models, inside the transaction, so
// settings this client does not know survive verbatim. Timestamping on a
// legacy appliance fails with ErrTimestampingUnsupported before anything
// is written: decided on the read session, so the request takes no lock.
func (c *Client) VNCOptionsEdit(ctx context.Context, o VNCOptions) (Edit, error) {
	if o.Timestamping != nil {
		body, err := c.getVNCOptionsBody(ctx)
		if err != nil {
			return Edit{}, err
		}
		if detectOptionsShape(body) == VNCOptionsShapeLegacy {
			return Edit{}, fmt.Errorf("setting VNC timestamping: %w", ErrTimestampingUnsupported)
		}
	}
	return Edit{
		Apply: func(current map[string]any) (map[string]any, error) { return mergeVNCOptions(current, o) },
		Landed: func(got map[string]any) bool {
			have, err := decodeVNCOptions(got)
			if err != nil {
				return false
			}
			want := o
			want.Shape = have.Shape
			if want.Timestamping == nil {
				want.Timestamping = have.Timestamping
			}
			return reflect.DeepEqual(normalizeOptions(*have), normalizeOptions(want))
		},
	}, nil
}

// VNCOptionsOf decodes the VNC options object SPS holds (or one written).
func VNCOptionsOf(obj *Object) (*VNCOptions, error) {
	body, err := obj.Fields()
	if err != nil {
		return nil, fmt.Errorf("decoding the VNC options: %w", err)
	}
	return decodeVNCOptions(body)
}

// normalizeOptions drops values SPS may discard, for comparisons.
func normalizeOptions(o VNCOptions) VNCOptions {
	if !o.CleanupEnabled {
		o.CleanupDays = nil
	}
	return o
}

func detectOptionsShape(body map[string]any) VNCOptionsShape {
	if _, ok := body["audit"]; ok {
		return VNCOptionsShapeAudit
	}
	if _, ok := body["channel_database_cleanup"]; ok {
		return VNCOptionsShapeLegacy
	}
	// Neither section present: newer firmware is the better guess, and the
	// audit shape is the one documented for it.
	return VNCOptionsShapeAudit
}

func decodeVNCOptions(body map[string]any) (*VNCOptions, error) {
	o := &VNCOptions{Shape: detectOptionsShape(body)}
	service := obj(body, "service")
	o.ServiceEnabled = boolField(service, "enabled")
	o.LogLevel = intField(service, "log_level")
	switch o.Shape {
	case VNCOptionsShapeLegacy:
		cl := obj(body, "channel_database_cleanup")
		o.CleanupEnabled = boolField(cl, "enabled")
		o.CleanupDays = intField(cl, "days")
	default:
		audit := obj(body, "audit")
		cl := obj(audit, "cleanup")
		o.CleanupEnabled = boolField(cl, "enabled")
		o.CleanupDays = intField(cl, "channel_database_cleanup_days")
		if ts := obj(audit, "timestamping"); ts != nil {
			t := &VNCTimestamping{
				SigningInterval: intField(ts, "signing_interval"),
			}
			t.Selection, _ = ts["selection"].(string)
			t.ServerURL, _ = ts["server_url"].(string)
			if oid := obj(ts, "oid"); boolField(oid, "enabled") {
				t.PolicyOID, _ = oid["policy_oid"].(string)
			}
			o.Timestamping = t
		}
	}
	return o, nil
}

// mergeVNCOptions writes o into a copy of the appliance's current body.
// Only modeled keys are touched; a nil pointer removes its key (the field
// applies only when its section is enabled).
func mergeVNCOptions(cur map[string]any, o VNCOptions) (map[string]any, error) {
	body := deepCopy(cur)
	shape := detectOptionsShape(body)
	if shape == VNCOptionsShapeLegacy && o.Timestamping != nil {
		return nil, fmt.Errorf("setting VNC timestamping: %w", ErrTimestampingUnsupported)
	}
	service := ensureObj(body, "service")
	service["enabled"] = o.ServiceEnabled
	setOrDelete(service, "log_level", o.LogLevel)

	if shape == VNCOptionsShapeLegacy {
		cl := ensureObj(body, "channel_database_cleanup")
		cl["enabled"] = o.CleanupEnabled
		setOrDelete(cl, "days", o.CleanupDays)
		return body, nil
	}
	audit := ensureObj(body, "audit")
	cl := ensureObj(audit, "cleanup")
	cl["enabled"] = o.CleanupEnabled
	setOrDelete(cl, "channel_database_cleanup_days", o.CleanupDays)
	if t := o.Timestamping; t != nil {
		ts := ensureObj(audit, "timestamping")
		ts["selection"] = t.Selection
		setOrDelete(ts, "signing_interval", t.SigningInterval)
		if t.ServerURL != "" {
			ts["server_url"] = t.ServerURL
		} else {
			delete(ts, "server_url")
		}
		switch {
		case t.PolicyOID != "":
			ts["oid"] = map[string]any{"enabled": true, "policy_oid": t.PolicyOID}
		case t.Selection == "remote":
			ts["oid"] = map[string]any{"enabled": false}
		default:
			delete(ts, "oid")
		}
	}
	return body, nil
}

func obj(m map[string]any, k string) map[string]any {
	if m == nil {
		return nil
	}
	v, _ := m[k].(map[string]any)
	return v
}

func ensureObj(m map[string]any, k string) map[string]any {
	if v, ok := m[k].(map[string]any); ok {
		return v
	}
	v := map[string]any{}
	m[k] = v
	return v
}

func boolField(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

func intField(m map[string]any, k string) *int64 {
	switch v := m[k].(type) {
	case float64:
		n := int64(v)
		return &n
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return &n
		}
	}
	return nil
}

func setOrDelete(m map[string]any, k string, v *int64) {
	if v == nil {
		delete(m, k)
		return
	}
	m[k] = *v
}
