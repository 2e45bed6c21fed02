package configobject

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestStateBody: a refresh shows SPS's values in the shape of the body in
// state; after an import (no body) the whole object, references as keys.
func TestStateBody(t *testing.T) {
	remote := mustDecode(t, sshConnection)
	prior := hclBody(t, `{ name = "ssh-prod", indexing = { policy = "-50000" } }`)
	got, err := StateBody(prior, remote)
	if err != nil || !got.Equal(prior) {
		t.Errorf("refresh of an unchanged object: %v, %v", got, err)
	}
	drifted := mustDecode(t, strings.Replace(sshConnection, `"name": "ssh-prod"`, `"name": "renamed"`, 1))
	got, _ = StateBody(prior, drifted)
	if out, _ := Encode(got, "body"); !sameJSON(t, string(out), `{"name":"renamed","indexing":{"policy":"-50000"}}`) {
		t.Errorf("drift on a declared field: %s", out)
	}
	imported, err := StateBody(types.DynamicNull(), remote)
	if err != nil {
		t.Fatal(err)
	}
	if out, _ := Encode(imported, "body"); !strings.Contains(string(out), `"policy":"-50000"`) || !strings.Contains(string(out), `"access_control"`) {
		t.Errorf("imported body: %s", out)
	}
}

// TestKeepsPriorBody: the prior body is kept exactly when every declared
// field agrees with it and the configuration is known.
func TestKeepsPriorBody(t *testing.T) {
	prior, err := Value(mustDecode(t, sshConnection), AsWritten)
	if err != nil {
		t.Fatal(err)
	}
	for src, keep := range map[string]bool{
		`{ name = "ssh-prod" }`:                              true,
		`{ name = "ssh-prod", indexing = { priority = 3 } }`: true,
		`{ network = { ports = tolist([22]) } }`:             true,
		`{ name = "other" }`:                                 false,
		`{ name = "ssh-prod", new_field = true }`:            false,
		`{ network = { ports = [22, 23] } }`:                 false,
		`{ server_address = { port = "22" } }`:               false,
		`{ access_control = [{ authorizer = "auditors" }] }`: true,
		`{ access_control = [] }`:                            false,
	} {
		if got := KeepsPriorBody(hclBody(t, src), prior); got != keep {
			t.Errorf("%s: KeepsPriorBody = %v, want %v", src, got, keep)
		}
	}
	unknownInside := types.DynamicValue(types.ObjectValueMust(map[string]attr.Type{"name": types.StringType},
		map[string]attr.Value{"name": types.StringUnknown()}))
	if KeepsPriorBody(unknownInside, prior) {
		t.Error("a body with an unknown value kept the prior body")
	}
	if KeepsPriorBody(hclBody(t, `{ name = "ssh-prod" }`), types.DynamicNull()) {
		t.Error("kept a prior body that does not exist (a create)")
	}
}

func TestDeclaredMergesSensitive(t *testing.T) {
	got, err := Declared(hclBody(t, `{ name = "u", auth = { method = "password" } }`), hclBody(t, `{ auth = { password = "s3cr3t" } }`))
	if err != nil {
		t.Fatal(err)
	}
	if !equalTrees(got, mustDecode(t, `{"name":"u","auth":{"method":"password","password":"s3cr3t"}}`)) {
		t.Errorf("Declared = %v", got)
	}
	if _, err := Declared(hclBody(t, `{ password = "a" }`), hclBody(t, `{ password = "b" }`)); err == nil {
		t.Error("a field in both was accepted")
	}
	if got, err := Declared(hclBody(t, `{ name = "u" }`), types.DynamicNull()); err != nil || len(got) != 1 {
		t.Errorf("no sensitive_body: %v, %v", got, err)
	}
}

// TestOutputLeavesSensitiveFieldsOut: what sensitive_body wrote never shows
// in output, even if SPS echoes it; the paths, not the values, are what
// private state keeps.
func TestOutputLeavesSensitiveFieldsOut(t *testing.T) {
	paths, err := SensitivePaths(hclBody(t, `{ auth = { password = "s3cr3t", key = { pem = "-----BEGIN" } }, token = "t0k3n" }`))
	if err != nil {
		t.Fatal(err)
	}
	stored, err := EncodePaths(paths)
	if err != nil || strings.Contains(string(stored), "s3cr3t") || strings.Contains(string(stored), "t0k3n") {
		t.Fatalf("private state %s, %v", stored, err)
	}
	back, err := DecodePaths(stored)
	if err != nil {
		t.Fatal(err)
	}
	remote := mustDecode(t, `{"name":"u","token":"t0k3n","auth":{"method":"password","password":"s3cr3t","key":{"pem":"-----BEGIN","fp":"ab"}}}`)
	out, err := Output(remote, back)
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := Encode(out, "output")
	if !sameJSON(t, string(enc), `{"name":"u","auth":{"method":"password","key":{"fp":"ab"}}}`) {
		t.Errorf("output %s", enc)
	}
	if !equalTrees(remote, mustDecode(t, `{"name":"u","token":"t0k3n","auth":{"method":"password","password":"s3cr3t","key":{"pem":"-----BEGIN","fp":"ab"}}}`)) {
		t.Error("Output changed the object it was given")
	}
	if _, err := DecodePaths([]byte(`{"not":"paths"}`)); err == nil {
		t.Error("a damaged private state was accepted")
	}
}
