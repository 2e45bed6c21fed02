package vnc

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
)

// policy returns a valid settings policy as a generic map for mutation.
func policy(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(DefaultPolicy, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func sub(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		m = m[k].(map[string]any)
	}
	return m
}

func decode(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	d, err := config.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestValidateSettingsPolicyAcceptsDocumentedBodies(t *testing.T) {
	canon, name, fe := ValidateSettingsPolicy(decode(t, policy(t)))
	if fe != nil {
		t.Fatalf("default policy rejected: %v", fe)
	}
	if name != "default" || string(canon) != string(DefaultPolicy) {
		t.Fatalf("canonical form changed the seed body:\n got %s\nwant %s", canon, DefaultPolicy)
	}

	m := policy(t)
	m["name"] = "custom_one"
	m["inactivity_timeout"] = map[string]any{"enabled": true, "value": 600}
	sub(m, "client_tls_security_settings")["cipher_strength"] = map[string]any{"selection": "custom", "custom_cipher": "ALL:!aNULL:@STRENGTH"}
	sub(m, "server_tls_security_settings")["minimum_tls_version"] = "TLSv1_0"
	canon, _, fe = ValidateSettingsPolicy(decode(t, m))
	if fe != nil {
		t.Fatalf("valid custom policy rejected: %v", fe)
	}
	if !strings.Contains(string(canon), `"custom_cipher":"ALL:!aNULL:@STRENGTH"`) || !strings.Contains(string(canon), `"value":600`) {
		t.Fatalf("canonical body lost fields: %s", canon)
	}

	// Explicit nulls on optional fields count as absent.
	m = policy(t)
	sub(m, "inactivity_timeout")["value"] = nil
	if _, _, fe := ValidateSettingsPolicy(decode(t, m)); fe != nil {
		t.Fatalf("null value with enabled=false rejected: %v", fe)
	}
}

func TestValidateSettingsPolicyRules(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(m map[string]any)
		path   string
		msg    string // substring of the message
	}{
		{"name missing", func(m map[string]any) { delete(m, "name") }, "body.name", "required"},
		{"name empty", func(m map[string]any) { m["name"] = "" }, "body.name", "empty"},
		{"name with space", func(m map[string]any) { m["name"] = "my policy" }, "body.name", "whitespace"},
		{"name with tab", func(m map[string]any) { m["name"] = "a\tb" }, "body.name", "whitespace"},
		{"name not string", func(m map[string]any) { m["name"] = 5 }, "body.name", "string"},
		{"timeout missing", func(m map[string]any) { delete(m, "timeout") }, "body.timeout", "required"},
		{"timeout zero", func(m map[string]any) { m["timeout"] = 0 }, "body.timeout", "positive"},
		{"timeout negative", func(m map[string]any) { m["timeout"] = -5 }, "body.timeout", "positive"},
		{"timeout fraction", func(m map[string]any) { m["timeout"] = 1.5 }, "body.timeout", "whole number"},
		{"timeout string", func(m map[string]any) { m["timeout"] = "600" }, "body.timeout", "integer"},
		{"timeout huge", func(m map[string]any) { m["timeout"] = 1e12 }, "body.timeout", ""},
		{"inactivity missing", func(m map[string]any) { delete(m, "inactivity_timeout") }, "body.inactivity_timeout", "required"},
		{"inactivity not object", func(m map[string]any) { m["inactivity_timeout"] = true }, "body.inactivity_timeout", "object"},
		{"inactivity enabled missing", func(m map[string]any) { m["inactivity_timeout"] = map[string]any{} }, "body.inactivity_timeout.enabled", "required"},
		{"inactivity enabled not bool", func(m map[string]any) { m["inactivity_timeout"] = map[string]any{"enabled": "yes"} }, "body.inactivity_timeout.enabled", "true or false"},
		{"inactivity value missing", func(m map[string]any) { m["inactivity_timeout"] = map[string]any{"enabled": true} }, "body.inactivity_timeout.value", "required"},
		{"inactivity value below timeout", func(m map[string]any) { m["inactivity_timeout"] = map[string]any{"enabled": true, "value": 599} }, "body.inactivity_timeout.value", "greater than or equal to timeout (600)"},
		{"inactivity value zero", func(m map[string]any) { m["inactivity_timeout"] = map[string]any{"enabled": true, "value": 0} }, "body.inactivity_timeout.value", "positive"},
		{"inactivity value while disabled", func(m map[string]any) { m["inactivity_timeout"] = map[string]any{"enabled": false, "value": 900} }, "body.inactivity_timeout.value", "left out"},
		{"inactivity unknown field", func(m map[string]any) { sub(m, "inactivity_timeout")["seconds"] = 1 }, "body.inactivity_timeout.seconds", "unknown field"},
		{"preconnect missing", func(m map[string]any) { delete(m, "preconnect_channel_check") }, "body.preconnect_channel_check", "required"},
		{"preconnect not bool", func(m map[string]any) { m["preconnect_channel_check"] = "false" }, "body.preconnect_channel_check", "true or false"},
		{"client tls missing", func(m map[string]any) { delete(m, "client_tls_security_settings") }, "body.client_tls_security_settings", "required"},
		{"server tls missing", func(m map[string]any) { delete(m, "server_tls_security_settings") }, "body.server_tls_security_settings", "required"},
		{"server tls array", func(m map[string]any) { m["server_tls_security_settings"] = []any{} }, "body.server_tls_security_settings", "object"},
		{"cipher strength missing", func(m map[string]any) { delete(sub(m, "client_tls_security_settings"), "cipher_strength") }, "body.client_tls_security_settings.cipher_strength", "required"},
		{"selection bad", func(m map[string]any) {
			sub(m, "client_tls_security_settings", "cipher_strength")["selection"] = "strong"
		}, "body.client_tls_security_settings.cipher_strength.selection", "recommended, custom"},
		{"selection missing", func(m map[string]any) {
			delete(sub(m, "server_tls_security_settings", "cipher_strength"), "selection")
		}, "body.server_tls_security_settings.cipher_strength.selection", "required"},
		{"custom without cipher", func(m map[string]any) {
			sub(m, "server_tls_security_settings", "cipher_strength")["selection"] = "custom"
		}, "body.server_tls_security_settings.cipher_strength.custom_cipher", "custom"},
		{"custom with empty cipher", func(m map[string]any) {
			sub(m, "server_tls_security_settings")["cipher_strength"] = map[string]any{"selection": "custom", "custom_cipher": ""}
		}, "body.server_tls_security_settings.cipher_strength.custom_cipher", "empty"},
		{"recommended with cipher", func(m map[string]any) {
			sub(m, "client_tls_security_settings", "cipher_strength")["custom_cipher"] = "ALL"
		}, "body.client_tls_security_settings.cipher_strength.custom_cipher", "left out"},
		{"tls version bad", func(m map[string]any) {
			sub(m, "client_tls_security_settings")["minimum_tls_version"] = "TLSv1_3"
		}, "body.client_tls_security_settings.minimum_tls_version", "TLSv1_2, TLSv1_1, TLSv1_0"},
		{"tls version missing", func(m map[string]any) {
			delete(sub(m, "server_tls_security_settings"), "minimum_tls_version")
		}, "body.server_tls_security_settings.minimum_tls_version", "required"},
		{"tls unknown field", func(m map[string]any) {
			sub(m, "server_tls_security_settings")["max_tls_version"] = "TLSv1_2"
		}, "body.server_tls_security_settings.max_tls_version", "unknown field"},
		{"unknown top-level field", func(m map[string]any) { m["color"] = "blue" }, "body.color", "unknown field"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := policy(t)
			tc.mutate(m)
			_, _, fe := ValidateSettingsPolicy(decode(t, m))
			if fe == nil {
				t.Fatal("accepted, want a validation error")
			}
			if fe.Path != tc.path {
				t.Errorf("path = %q, want %q (message %q)", fe.Path, tc.path, fe.Message)
			}
			if !strings.Contains(fe.Message, tc.msg) {
				t.Errorf("message %q does not mention %q", fe.Message, tc.msg)
			}
		})
	}
}

func TestValidateSettingsPolicyNotAnObject(t *testing.T) {
	for _, raw := range []string{`[]`, `"x"`, `1`, `null`, `true`} {
		t.Run(raw, func(t *testing.T) {
			v, err := config.Decode([]byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			if _, _, fe := ValidateSettingsPolicy(v); fe == nil || fe.Path != "body" {
				t.Errorf("%s: got %v, want an error at body", raw, fe)
			}
		})
	}
}

func TestValidateOptions(t *testing.T) {
	audit := func(ts string, cleanup string) string {
		return `{"audit":{"cleanup":` + cleanup + `,"timestamping":` + ts + `},"service":{"enabled":true,"log_level":4}}`
	}
	const localTS = `{"selection":"local","signing_interval":30}`
	const noCleanup = `{"enabled":false}`
	cases := []struct {
		name, shape, body, path string // path "" = valid
	}{
		{"audit seed", ShapeAudit, string(DefaultAuditOptions), ""},
		{"audit cleanup 10 days", ShapeAudit, audit(localTS, `{"channel_database_cleanup_days":10,"enabled":true}`), ""},
		{"audit remote no oid", ShapeAudit, audit(`{"oid":{"enabled":false},"selection":"remote","server_url":"https://tsa.example.com/","signing_interval":30}`, noCleanup), ""},
		{"audit remote oid", ShapeAudit, audit(`{"oid":{"enabled":true,"policy_oid":"1.2.3"},"selection":"remote","server_url":"http://tsa.example.com","signing_interval":30}`, noCleanup), ""},
		{"audit service without log level", ShapeAudit, `{"audit":{"cleanup":{"enabled":false},"timestamping":` + localTS + `},"service":{"enabled":false}}`, ""},
		{"audit cleanup days missing", ShapeAudit, audit(localTS, `{"enabled":true}`), "body.audit.cleanup.channel_database_cleanup_days"},
		{"audit cleanup days zero", ShapeAudit, audit(localTS, `{"enabled":true,"channel_database_cleanup_days":0}`), "body.audit.cleanup.channel_database_cleanup_days"},
		{"audit cleanup days when disabled checked", ShapeAudit, audit(localTS, `{"enabled":false,"channel_database_cleanup_days":-1}`), "body.audit.cleanup.channel_database_cleanup_days"},
		{"audit cleanup enabled string", ShapeAudit, audit(localTS, `{"enabled":"true"}`), "body.audit.cleanup.enabled"},
		{"audit selection bad", ShapeAudit, audit(`{"selection":"cloud","signing_interval":30}`, noCleanup), "body.audit.timestamping.selection"},
		{"audit signing interval missing", ShapeAudit, audit(`{"selection":"local"}`, noCleanup), "body.audit.timestamping.signing_interval"},
		{"audit signing interval zero", ShapeAudit, audit(`{"selection":"local","signing_interval":0}`, noCleanup), "body.audit.timestamping.signing_interval"},
		{"audit remote without url", ShapeAudit, audit(`{"selection":"remote","signing_interval":30}`, noCleanup), "body.audit.timestamping.server_url"},
		{"audit remote bad url", ShapeAudit, audit(`{"selection":"remote","server_url":"tsa.example.com","signing_interval":30}`, noCleanup), "body.audit.timestamping.server_url"},
		{"audit oid without policy", ShapeAudit, audit(`{"oid":{"enabled":true},"selection":"remote","server_url":"https://t.example","signing_interval":30}`, noCleanup), "body.audit.timestamping.oid.policy_oid"},
		{"audit oid malformed", ShapeAudit, audit(`{"oid":{"enabled":true,"policy_oid":"1..2"},"selection":"remote","server_url":"https://t.example","signing_interval":30}`, noCleanup), "body.audit.timestamping.oid.policy_oid"},
		{"audit oid enabled missing", ShapeAudit, audit(`{"oid":{},"selection":"remote","server_url":"https://t.example","signing_interval":30}`, noCleanup), "body.audit.timestamping.oid.enabled"},
		{"audit missing timestamping", ShapeAudit, `{"audit":{"cleanup":{"enabled":false}},"service":{"enabled":true}}`, "body.audit.timestamping"},
		{"audit missing audit", ShapeAudit, `{"service":{"enabled":true}}`, "body.audit"},
		{"audit missing service", ShapeAudit, `{"audit":{"cleanup":{"enabled":false},"timestamping":` + localTS + `}}`, "body.service"},
		{"audit log level too high", ShapeAudit, `{"audit":{"cleanup":{"enabled":false},"timestamping":` + localTS + `},"service":{"enabled":true,"log_level":11}}`, "body.service.log_level"},
		{"audit log level negative", ShapeAudit, `{"audit":{"cleanup":{"enabled":false},"timestamping":` + localTS + `},"service":{"enabled":true,"log_level":-1}}`, "body.service.log_level"},
		{"audit service unknown field", ShapeAudit, `{"audit":{"cleanup":{"enabled":false},"timestamping":` + localTS + `},"service":{"enabled":true,"port":5900}}`, "body.service.port"},
		{"audit refuses legacy field", ShapeAudit, string(DefaultLegacyOptions), "body.channel_database_cleanup"},
		{"legacy seed", ShapeLegacy, string(DefaultLegacyOptions), ""},
		{"legacy enabled 365", ShapeLegacy, `{"channel_database_cleanup":{"enabled":true,"days":365},"service":{"enabled":true,"log_level":4}}`, ""},
		{"legacy days missing", ShapeLegacy, `{"channel_database_cleanup":{"enabled":true},"service":{"enabled":true}}`, "body.channel_database_cleanup.days"},
		{"legacy days fraction", ShapeLegacy, `{"channel_database_cleanup":{"enabled":true,"days":1.5},"service":{"enabled":true}}`, "body.channel_database_cleanup.days"},
		{"legacy refuses audit", ShapeLegacy, string(DefaultAuditOptions), "body.audit"},
		{"legacy cleanup missing", ShapeLegacy, `{"service":{"enabled":true}}`, "body.channel_database_cleanup"},
		{"legacy service enabled missing", ShapeLegacy, `{"channel_database_cleanup":{"enabled":false},"service":{}}`, "body.service.enabled"},
		{"not an object", ShapeLegacy, `[1]`, "body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := config.Decode([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			canon, fe := ValidateOptions(tc.shape, v)
			switch {
			case tc.path == "" && fe != nil:
				t.Fatalf("rejected: %v", fe)
			case tc.path == "":
				var a, b any
				_ = json.Unmarshal(canon, &a)
				_ = json.Unmarshal([]byte(tc.body), &b)
				if ja, jb := mustJSON(a), mustJSON(b); string(ja) != string(jb) {
					t.Fatalf("canonical body differs:\n got %s\nwant %s", ja, jb)
				}
			case fe == nil:
				t.Fatalf("accepted, want error at %s", tc.path)
			case fe.Path != tc.path:
				t.Fatalf("path = %q, want %q (%s)", fe.Path, tc.path, fe.Message)
			}
		})
	}
}

// FuzzValidate checks the validators never panic, and that whatever they
// accept is stable: validating the canonical form again gives the same bytes.
func FuzzValidate(f *testing.F) {
	f.Add([]byte(DefaultPolicy))
	f.Add([]byte(DefaultAuditOptions))
	f.Add([]byte(DefaultLegacyOptions))
	f.Add([]byte(`{"name":"x y","timeout":"1","inactivity_timeout":{"enabled":true,"value":1e400}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		v, err := config.Decode(raw)
		if err != nil {
			return
		}
		if canon, _, fe := ValidateSettingsPolicy(v); fe == nil {
			again, _, fe2 := ValidateSettingsPolicy(decode(t, canon))
			if fe2 != nil || string(again) != string(canon) {
				t.Fatalf("canonical policy not stable: %s vs %s (%v)", canon, again, fe2)
			}
		}
		for _, shape := range []string{ShapeAudit, ShapeLegacy} {
			if canon, fe := ValidateOptions(shape, v); fe == nil {
				again, fe2 := ValidateOptions(shape, decode(t, canon))
				if fe2 != nil || string(again) != string(canon) {
					t.Fatalf("canonical options not stable: %s vs %s (%v)", canon, again, fe2)
				}
			}
		}
	})
}
