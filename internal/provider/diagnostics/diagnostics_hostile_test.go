package diagnostics

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// hostileSPSValues are values SPS hands back that someone else controls: a
// policy key, a name made in the web UI, the text of an error message.
var hostileSPSValues = []string{
	`7`,
	`0b2c7f0e-0000-4000-8000-000000000001`,
	`it's "quoted"`,
	`<script>alert(1)</script>`,
	`${file("/etc/passwd")} %{ if true }x%{ endif }`,
	"esc\x1b[2J\x1b[31mred bell\a cr\rover nl\nline tab\tend del\x7f c1\u0085\u009b",
	`back\slash $HOME $(id) ` + "`id`",
	"ユーザー ελληνικά 👩‍💻",
}

// controlOutsideLayout reports the first control character in s other than
// the newlines and tabs a diagnostic is laid out with.
func controlOutsideLayout(s string) (rune, bool) {
	for _, r := range s {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return r, true
		}
	}
	return 0, false
}

// TestDiagnosticsHostileDetails: whatever SPS puts in an error's text, a
// diagnostic carries no terminal control characters, and its layout (the
// lines the advice is made of) stays as the provider wrote it.
func TestDiagnosticsHostileDetails(t *testing.T) {
	t.Parallel()
	op := WriteOp(AreaSettingsPolicy, "update VNC settings policy \"x\"")
	for _, v := range hostileSPSValues {
		err := &sps.Error{Method: "PUT", Path: "/api/configuration/vnc/settings_policies/7", StatusCode: 400,
			Type: "SemanticError", Message: v}
		summary, detail := DescribeClientError(op, err)
		for _, s := range []string{summary, detail} {
			if r, bad := controlOutsideLayout(s); bad {
				t.Errorf("%q: diagnostic holds control character %U:\n%s", v, r, s)
			}
		}
		if !strings.Contains(detail, "Details: ") {
			t.Errorf("%q: detail lost the client's text:\n%s", v, detail)
		}
	}
}

// TestNameTakenCommandsHostileKey: the commands the name-taken error gives
// are copied into a shell and into configuration, so each must give back
// the key exactly, whatever SPS returned as the key and whatever the name.
func TestNameTakenCommandsHostileKey(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found")
	}
	op := WriteOp(AreaSettingsPolicy, "create VNC settings policy")
	for _, key := range hostileSPSValues {
		for _, name := range []string{"vnc-default", key} {
			e := &sps.NameTakenError{Object: "VNC settings policy", Name: name, Key: key, Err: errors.New("must be unique")}
			_, detail := DescribeClientError(op, e)
			if r, bad := controlOutsideLayout(detail); bad {
				t.Errorf("key %q, name %q: diagnostic holds control character %U:\n%s", key, name, r, detail)
			}
			plain := &sps.NameTakenError{Object: "VNC settings policy", Name: "n", Key: "7", Err: errors.New("must be unique")}
			if _, want := DescribeClientError(op, plain); strings.Count(detail, "\n") != strings.Count(want, "\n") {
				t.Errorf("key %q, name %q: the value changed the diagnostic's lines:\n%s", key, name, detail)
			}

			// The shell command: the argument after the address is the key.
			const prefix = "  terraform import '<address shown above>' "
			i := strings.Index(detail, prefix)
			if i < 0 {
				t.Fatalf("key %q: no import command in:\n%s", key, detail)
			}
			arg := detail[i+len(prefix):]
			arg = arg[:strings.Index(arg, "\n\n")]
			out, err := exec.CommandContext(t.Context(), bash, "-c", "printf %s "+arg).Output()
			if err != nil || string(out) != key {
				t.Errorf("key %q: shell argument %s gives %q (%v)", key, arg, out, err)
			}

			// The import blocks: id and identity.key evaluate to the key.
			for _, attr := range []string{"    id = ", "    identity = { key = "} {
				j := strings.Index(detail, attr)
				if j < 0 {
					t.Fatalf("key %q: no %q line in:\n%s", key, strings.TrimSpace(attr), detail)
				}
				line := strings.TrimSpace(detail[j : j+strings.Index(detail[j:], "\n")])
				line = strings.TrimSuffix(strings.TrimPrefix(line, "identity = { key = "), " }")
				line = strings.TrimPrefix(line, "id = ")
				expr, diags := hclsyntax.ParseExpression([]byte(line), "import.tf", hcl.InitialPos)
				if diags.HasErrors() {
					t.Errorf("key %q: %s is not an HCL expression: %s", key, line, diags.Error())
					continue
				}
				v, diags := expr.Value(nil)
				if diags.HasErrors() || v.AsString() != key {
					t.Errorf("key %q: %s evaluates to %#v (%s)", key, line, v, diags.Error())
				}
			}
		}
	}
}

// TestDiagnosticsHostileFacts: facts the new wording quotes from SPS or
// from a certificate (the referrers' hrefs, a lock holder, a certificate
// subject and TLS alert, a read-only reason, an area's noun) can hold
// anything; the diagnostic escapes control characters and keeps the lines
// the provider wrote.
func TestDiagnosticsHostileFacts(t *testing.T) {
	t.Parallel()
	op := WriteOp(AreaSettingsPolicy, "delete the thing")
	for _, v := range hostileSPSValues {
		api := &sps.Error{Method: "DELETE", Path: "/api/x", StatusCode: 409, Type: "X", Message: v,
			Details: map[string]any{"referenced_by": []any{v, v}, "locked_by": v}}
		area := &sps.Area{Path: "x/" + v, Noun: v}
		for _, err := range []error{
			&sps.AreaError{Area: area, Err: &sps.ReferencedObjectError{API: api}},
			&sps.LockedError{API: api},
			&sps.LockTimeoutError{Holder: v, Waited: time.Second, Err: api},
			&sps.ClientCertificateError{Alert: v, Subject: v, Conn: &sps.ConnectionError{Addr: v, Err: errors.New(v)}},
			&sps.AuthenticationError{API: api, Certificate: v},
			&sps.AreaError{Area: area, Err: &sps.ReadOnlyError{Noun: v, Path: v, Reason: v}},
			&sps.AreaError{Area: area, Err: &sps.BuiltinObjectError{Noun: v, Key: v}},
			&sps.AreaError{Area: area, Err: &sps.ForbiddenError{API: api}},
			&sps.ProxyError{Proxy: "http://" + v, StatusCode: 403, Status: v, Err: errors.New(v)},
			&sps.ConnectionError{Addr: v, Failure: sps.FailureDNS, Err: errors.New(v)},
		} {
			summary, detail := DescribeClientError(op, err)
			for _, s := range []string{summary, detail} {
				if r, bad := controlOutsideLayout(s); bad {
					t.Errorf("%T with %q: diagnostic holds control character %U:\n%s", err, v, r, s)
				}
			}
			// The advice has as many lines as with a plain value.
			if i := strings.Index(detail, "\n\nDetails: "); i >= 0 && strings.Count(detail[:i], "\n") != 0 {
				t.Errorf("%T with %q: the value added lines to the advice:\n%s", err, v, detail[:i])
			}
		}
	}
}
