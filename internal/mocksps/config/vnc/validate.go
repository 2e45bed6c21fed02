package vnc

import (
	"encoding/json"
	"math"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
)

// Ranges the documentation leaves open; the mock picks these and documents
// them in internal/mocksps/README.md.
const (
	maxSeconds        = math.MaxInt32 // timeout and inactivity_timeout.value
	maxCleanupDays    = 36500         // 100 years
	minLogLevel       = 0
	maxLogLevel       = 10
	minSigningSeconds = 1
	maxSigningSeconds = 3600
)

var oidPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$`)

// ValidateSettingsPolicy checks a settings policy body (the object POSTed or
// PUT, without envelope) against every documented rule except name
// uniqueness, which needs the configuration, and returns it canonicalised
// (nulls dropped, keys sorted). Paths start with "body".
func ValidateSettingsPolicy(v any) (json.RawMessage, string, *config.FieldError) {
	const p = "body"
	m, fe := config.Object(v, p, "name", "timeout", "inactivity_timeout", "preconnect_channel_check",
		"client_tls_security_settings", "server_tls_security_settings")
	if fe != nil {
		return nil, "", fe
	}
	out := map[string]any{}

	name, fe := config.String(m, p, "name")
	if fe != nil {
		return nil, "", fe
	}
	if strings.IndexFunc(name, unicode.IsSpace) >= 0 {
		return nil, "", config.Errorf(p+".name", "must not contain whitespace (got %q); use e.g. underscores instead", name)
	}
	out["name"] = name

	timeout, fe := config.Int(m, p, "timeout", 1, maxSeconds)
	if fe != nil {
		return nil, "", positive(fe, "a positive number of seconds")
	}
	out["timeout"] = timeout

	itm, itp, fe := requiredObject(m, p, "inactivity_timeout", "enabled", "value")
	if fe != nil {
		return nil, "", fe
	}
	enabled, fe := config.Bool(itm, itp, "enabled")
	if fe != nil {
		return nil, "", fe
	}
	itOut := map[string]any{"enabled": enabled}
	if enabled {
		val, fe := config.Int(itm, itp, "value", 1, maxSeconds)
		if fe != nil {
			return nil, "", positive(fe, "a positive number of seconds when inactivity_timeout is enabled")
		}
		if val < timeout {
			return nil, "", config.Errorf(itp+".value",
				"must be greater than or equal to timeout (%d), not %d", timeout, val)
		}
		itOut["value"] = val
	} else if fe := config.Forbid(itm, itp, "value", "when inactivity_timeout.enabled is false; set enabled to true to use a value"); fe != nil {
		return nil, "", fe
	}
	out["inactivity_timeout"] = itOut

	pre, fe := config.Bool(m, p, "preconnect_channel_check")
	if fe != nil {
		return nil, "", fe
	}
	out["preconnect_channel_check"] = pre

	for _, side := range []string{"client_tls_security_settings", "server_tls_security_settings"} {
		tls, fe := validateTLS(m, p, side)
		if fe != nil {
			return nil, "", fe
		}
		out[side] = tls
	}
	return mustJSON(out), name, nil
}

func validateTLS(parent map[string]any, path, key string) (map[string]any, *config.FieldError) {
	m, p, fe := requiredObject(parent, path, key, "cipher_strength", "minimum_tls_version")
	if fe != nil {
		return nil, fe
	}
	csm, csp, fe := requiredObject(m, p, "cipher_strength", "selection", "custom_cipher")
	if fe != nil {
		return nil, fe
	}
	sel, fe := config.Enum(csm, csp, "selection", "recommended", "custom")
	if fe != nil {
		return nil, fe
	}
	csOut := map[string]any{"selection": sel}
	if sel == "custom" {
		c, fe := config.String(csm, csp, "custom_cipher")
		if fe != nil {
			fe.Message += ` when selection is "custom" (an OpenSSL cipher list such as "ALL:!aNULL:@STRENGTH")`
			return nil, fe
		}
		csOut["custom_cipher"] = c
	} else if fe := config.Forbid(csm, csp, "custom_cipher", `when selection is "recommended"; set selection to "custom" to use a cipher list`); fe != nil {
		return nil, fe
	}
	ver, fe := config.Enum(m, p, "minimum_tls_version", "TLSv1_2", "TLSv1_1", "TLSv1_0")
	if fe != nil {
		return nil, fe
	}
	return map[string]any{"cipher_strength": csOut, "minimum_tls_version": ver}, nil
}

// ValidateOptions checks a VNC options body of the given shape and returns
// it canonicalised. Fields of the other shape are unknown fields, so an
// appliance serving the legacy shape refuses "audit" and vice versa.
func ValidateOptions(shape string, v any) (json.RawMessage, *config.FieldError) {
	return ValidateProtocolOptions(shape, v)
}

// ValidateProtocolOptions checks the options of any protocol: the two
// shapes are the same for every protocol the reference shows, apart from
// optional switches ({"enabled": bool}) some protocols add, such as SSH's
// gssapi.
func ValidateProtocolOptions(shape string, v any, switches ...string) (json.RawMessage, *config.FieldError) {
	const p = "body"
	var out map[string]any
	var fe *config.FieldError
	if shape == ShapeLegacy {
		out, fe = validateLegacyOptions(v, p, switches)
	} else {
		out, fe = validateAuditOptions(v, p, switches)
	}
	if fe != nil {
		return nil, fe
	}
	m := v.(map[string]any)
	svc, fe := validateService(m, p)
	if fe != nil {
		return nil, fe
	}
	out["service"] = svc
	for _, sw := range switches {
		if !config.Present(m, sw) {
			continue
		}
		sm, sp, fe := requiredObject(m, p, sw, "enabled")
		if fe != nil {
			return nil, fe
		}
		en, fe := config.Bool(sm, sp, "enabled")
		if fe != nil {
			return nil, fe
		}
		out[sw] = map[string]any{"enabled": en}
	}
	return mustJSON(out), nil
}

func validateLegacyOptions(v any, p string, switches []string) (map[string]any, *config.FieldError) {
	m, fe := config.Object(v, p, append([]string{"channel_database_cleanup", "service"}, switches...)...)
	if fe != nil {
		if fe.Path == p+".audit" {
			fe.Message = `is not supported by this appliance, which uses the older options shape: ` +
				`send channel_database_cleanup {enabled, days} and service {enabled, log_level}`
		}
		return nil, fe
	}
	cOut, fe := cleanup(m, p, "channel_database_cleanup", "days")
	if fe != nil {
		return nil, fe
	}
	return map[string]any{"channel_database_cleanup": cOut}, nil
}

// cleanup validates the required object key of parent, {enabled,
// <daysKey>}: days are required when cleanup is enabled and, when sent
// while disabled, still checked and kept.
func cleanup(parent map[string]any, path, key, daysKey string) (map[string]any, *config.FieldError) {
	m, p, fe := requiredObject(parent, path, key, "enabled", daysKey)
	if fe != nil {
		return nil, fe
	}
	en, fe := config.Bool(m, p, "enabled")
	if fe != nil {
		return nil, fe
	}
	out := map[string]any{"enabled": en}
	if en || config.Present(m, daysKey) {
		d, fe := config.Int(m, p, daysKey, 1, maxCleanupDays)
		if fe != nil {
			if en && !config.Present(m, daysKey) {
				fe.Message = "is required when cleanup is enabled (a number of days, at least 1)"
			}
			return nil, fe
		}
		out[daysKey] = d
	}
	return out, nil
}

func validateAuditOptions(v any, p string, switches []string) (map[string]any, *config.FieldError) {
	m, fe := config.Object(v, p, append([]string{"audit", "service"}, switches...)...)
	if fe != nil {
		if fe.Path == p+".channel_database_cleanup" {
			fe.Message = `belongs to the older options shape; this appliance expects ` +
				`audit {cleanup {enabled, channel_database_cleanup_days}, timestamping {...}} and service {enabled, log_level}`
		}
		return nil, fe
	}
	am, ap, fe := requiredObject(m, p, "audit", "cleanup", "timestamping")
	if fe != nil {
		return nil, fe
	}
	cOut, fe := cleanup(am, ap, "cleanup", "channel_database_cleanup_days")
	if fe != nil {
		return nil, fe
	}
	tm, tp, fe := requiredObject(am, ap, "timestamping", "selection", "signing_interval", "server_url", "oid")
	if fe != nil {
		return nil, fe
	}
	ts, fe := validateTimestamping(tm, tp)
	if fe != nil {
		return nil, fe
	}
	return map[string]any{"audit": map[string]any{"cleanup": cOut, "timestamping": ts}}, nil
}

func validateTimestamping(m map[string]any, p string) (map[string]any, *config.FieldError) {
	sel, fe := config.Enum(m, p, "selection", "local", "remote")
	if fe != nil {
		return nil, fe
	}
	iv, fe := config.Int(m, p, "signing_interval", minSigningSeconds, maxSigningSeconds)
	if fe != nil {
		return nil, fe
	}
	out := map[string]any{"selection": sel, "signing_interval": iv}
	if sel == "remote" || config.Present(m, "server_url") {
		u, fe := config.String(m, p, "server_url")
		if fe != nil {
			if sel == "remote" {
				fe.Message += ` when selection is "remote" (the URL of the timestamping server)`
			}
			return nil, fe
		}
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return nil, config.Errorf(p+".server_url", "must be an absolute http:// or https:// URL, not %q", u)
		}
		out["server_url"] = u
	}
	if config.Present(m, "oid") {
		om, fe := config.Object(m["oid"], p+".oid", "enabled", "policy_oid")
		if fe != nil {
			return nil, fe
		}
		en, fe := config.Bool(om, p+".oid", "enabled")
		if fe != nil {
			return nil, fe
		}
		oOut := map[string]any{"enabled": en}
		if en || config.Present(om, "policy_oid") {
			oid, fe := config.String(om, p+".oid", "policy_oid")
			if fe != nil {
				if en {
					fe.Message += " when oid.enabled is true (a dotted object identifier such as 1.2.3)"
				}
				return nil, fe
			}
			if !oidPattern.MatchString(oid) {
				return nil, config.Errorf(p+".oid.policy_oid", "must be a dotted object identifier such as 1.2.3, not %q", oid)
			}
			oOut["policy_oid"] = oid
		}
		out["oid"] = oOut
	}
	return out, nil
}

func validateService(m map[string]any, p string) (map[string]any, *config.FieldError) {
	sm, sp, fe := requiredObject(m, p, "service", "enabled", "log_level")
	if fe != nil {
		return nil, fe
	}
	en, fe := config.Bool(sm, sp, "enabled")
	if fe != nil {
		return nil, fe
	}
	out := map[string]any{"enabled": en}
	if config.Present(sm, "log_level") {
		l, fe := config.Int(sm, sp, "log_level", minLogLevel, maxLogLevel)
		if fe != nil {
			return nil, fe
		}
		out["log_level"] = l
	}
	return out, nil
}

// requiredObject returns the member key of m, which must be a JSON object
// with only the allowed fields, and its path.
func requiredObject(m map[string]any, p, key string, allowed ...string) (map[string]any, string, *config.FieldError) {
	v, fe := config.Required(m, p, key)
	if fe != nil {
		return nil, "", fe
	}
	path := config.Join(p, key)
	obj, fe := config.Object(v, path, allowed...)
	return obj, path, fe
}

// positive rewords a range error on a seconds field so the message says what
// to send rather than quoting the int32 upper bound.
func positive(fe *config.FieldError, what string) *config.FieldError {
	if strings.HasPrefix(fe.Message, "must be between") {
		fe.Message = "must be " + what + fe.Message[strings.Index(fe.Message, ", not"):]
	}
	return fe
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps of plain values reach here
	}
	return b
}
