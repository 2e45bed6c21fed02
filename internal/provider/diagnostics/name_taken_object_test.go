package diagnostics

import (
	"errors"
	"strings"
	"testing"

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
