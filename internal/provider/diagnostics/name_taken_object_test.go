package diagnostics

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// TestNameTakenImportFormsOfGenericObjects: sps_config_object imports by
// "<path>/<key>" and the identity {path, key}; the advice of a name taken
// on SPS must give those forms, not a typed resource's bare key (which the
// generic resource refuses).
func TestNameTakenImportFormsOfGenericObjects(t *testing.T) {
	t.Parallel()
	area := &sps.Area{Path: "ssh/connections", Noun: "SSH connection policy", Named: true}
	err := &sps.AreaError{Area: area, Key: "", Err: &sps.NameTakenError{
		Object: "SSH connection policy", Name: "gw", Key: "4242", Err: errors.New("must be unique")}}
	_, detail := DescribeClientError(WriteOp(ObjectArea("sps_config_object"), "create SSH connection policy \"gw\""), err)
	for _, want := range []string{
		"  terraform import '<address shown above>' " + shellWord("ssh/connections/4242") + "\n",
		"    id = \"ssh/connections/4242\"\n",
		"    identity = { path = \"ssh/connections\", key = \"4242\" }\n",
	} {
		if !strings.Contains(detail, want) {
			t.Errorf("advice lacks %q:\n%s", want, detail)
		}
	}
	if strings.Contains(detail, "id = \"4242\"") || strings.Contains(detail, "identity = { key =") {
		t.Errorf("advice gives a typed resource's import forms:\n%s", detail)
	}
}

func TestArticle(t *testing.T) {
	t.Parallel()
	for noun, want := range map[string]string{
		"SSH connection policy": "an", "VNC settings policy": "a", "RDP options": "an", "HTTP channel policy": "an",
		"ICA options": "an", "Telnet settings policy": "a", "object of ssh/connections": "an", "time policy": "a",
		"LDAP server": "an", "": "a",
	} {
		if got := article(noun); got != want {
			t.Errorf("article(%q) = %q, want %q", noun, got, want)
		}
	}
}

// TestNameTakenObjectCommandsHostileKey: under sps_config_object the import
// commands carry "<path>/<key>" and {path, key}; whatever SPS returned as
// the key, the shell argument and the HCL expressions give them back exactly.
func TestNameTakenObjectCommandsHostileKey(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found")
	}
	area := &sps.Area{Path: "ssh/connections", Noun: "SSH connection policy", Named: true}
	op := WriteOp(ObjectArea("sps_config_object"), "create SSH connection policy")
	for _, key := range hostileSPSValues {
		err := &sps.AreaError{Area: area, Err: &sps.NameTakenError{Object: area.Noun, Name: key, Key: key, Err: errors.New("must be unique")}}
		_, detail := DescribeClientError(op, err)
		if r, bad := controlOutsideLayout(detail); bad {
			t.Errorf("key %q: diagnostic holds control character %U:\n%s", key, r, detail)
		}
		id := area.Path + "/" + key
		const prefix = "  terraform import '<address shown above>' "
		i := strings.Index(detail, prefix)
		if i < 0 {
			t.Fatalf("key %q: no import command in:\n%s", key, detail)
		}
		arg := detail[i+len(prefix):]
		arg = arg[:strings.Index(arg, "\n\n")]
		if out, err := exec.CommandContext(t.Context(), bash, "-c", "printf %s "+arg).Output(); err != nil || string(out) != id {
			t.Errorf("key %q: shell argument %s gives %q (%v)", key, arg, out, err)
		}
		values := map[string]func(cty.Value) string{
			"    id = ":       func(v cty.Value) string { return v.AsString() },
			"    identity = ": func(v cty.Value) string { return v.GetAttr("path").AsString() + "/" + v.GetAttr("key").AsString() },
		}
		for attr, value := range values {
			j := strings.Index(detail, attr)
			if j < 0 {
				t.Fatalf("key %q: no %q line in:\n%s", key, strings.TrimSpace(attr), detail)
			}
			line := detail[j+len(attr) : j+strings.Index(detail[j:], "\n")]
			expr, diags := hclsyntax.ParseExpression([]byte(line), "import.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Errorf("key %q: %s is not an HCL expression: %s", key, line, diags.Error())
				continue
			}
			v, diags := expr.Value(nil)
			if diags.HasErrors() || value(v) != id {
				t.Errorf("key %q: %s gives %#v (%s), want %q", key, line, v, diags.Error(), id)
			}
		}
	}
}
