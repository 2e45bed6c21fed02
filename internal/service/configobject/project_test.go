package configobject

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// sshConnection is an SSH connection policy as SPS could hold it: fields
// the configurations below do not declare, references, list elements with
// defaults filled in.
const sshConnection = `{
  "name": "ssh-prod", "active": true, "log_audit_trail_downloads": false, "override_log_level": {"enabled": false},
  "network": {"clients": ["10.0.0.0/8"], "ports": [22], "targets": []},
  "indexing": {"enabled": true, "policy": {"key": "-50000", "meta": {"href": "/api/configuration/policies/indexing/-50000"}}, "priority": 3},
  "access_control": [{"authorizer": "auditors", "permission": "audit", "require_different_ip": false, "require_different_username": false,
                      "subject": {"group": "admins"}}],
  "server_address": {"selection": "fix", "address": "10.1.1.1", "port": 22}
}`

// TestProjectDeclaredFields: the projection equals the configured body
// exactly when SPS holds each declared field with the declared value, and
// shows SPS's value where it differs.
func TestProjectDeclaredFields(t *testing.T) {
	cases := []struct {
		name     string
		declared string
		remote   string
		equal    bool
		want     string // the projection as JSON, when not equal
	}{
		{name: "undeclared fields kept out", declared: `{ name = "ssh-prod", active = true }`, remote: sshConnection, equal: true},
		{name: "nested objects merge key by key", declared: `{ indexing = { enabled = true }, server_address = { port = 22 } }`,
			remote: sshConnection, equal: true},
		{name: "a reference equals its key", declared: `{ indexing = { policy = "-50000" } }`, remote: sshConnection, equal: true},
		{name: "a reference to another key differs", declared: `{ indexing = { policy = "-1" } }`, remote: sshConnection,
			want: `{"indexing":{"policy":"-50000"}}`},
		{name: "list elements keep their declared fields only", remote: sshConnection, equal: true,
			declared: `{ access_control = [{ authorizer = "auditors", permission = "audit", subject = { group = "admins" } }] }`},
		{name: "a list of another length shows SPS's whole", remote: sshConnection,
			declared: `{ network = { clients = ["10.0.0.0/8", "192.168.0.0/16"] } }`, want: `{"network":{"clients":["10.0.0.0/8"]}}`},
		{name: "an empty list declared", declared: `{ network = { targets = [] } }`, remote: sshConnection, equal: true},
		{name: "drift on a declared field", declared: `{ name = "ssh-prod", active = false }`, remote: sshConnection,
			want: `{"name":"ssh-prod","active":true}`},
		{name: "a declared field SPS does not hold", declared: `{ name = "ssh-prod", nonexistent = 1 }`, remote: sshConnection,
			want: `{"name":"ssh-prod","nonexistent":null}`},
		{name: "types are exact: a string is not a number", declared: `{ server_address = { port = "22" } }`, remote: sshConnection,
			want: `{"server_address":{"port":22}}`},
		{name: "types are exact: a number is not a string", declared: `{ name = 1 }`, remote: `{"name":"1"}`, want: `{"name":"1"}`},
		{name: "a declared null equals SPS's null", declared: `{ note = null }`, remote: `{"note":null,"x":1}`, equal: true},
		{name: "a declared null shows what SPS holds, references as keys", declared: `{ p = null }`,
			remote: `{"p":{"key":"k","meta":{"href":"h"}}}`, want: `{"p":"k"}`},
		{name: "an object declared where SPS holds a list", declared: `{ network = { ports = { a = 1 } } }`, remote: sshConnection,
			want: `{"network":{"ports":[22]}}`},
		{name: "numbers compare exactly", declared: `{ big = 123456789012345678901234567890, r = 0.1 }`,
			remote: `{"big":123456789012345678901234567890,"r":0.1}`, equal: true},
		{name: "numbers that differ past float64 differ", declared: `{ big = 9007199254740993 }`,
			remote: `{"big":9007199254740992}`, want: `{"big":9007199254740992}`},
		{name: "SPS holds no object at all", declared: `{ name = "x" }`, remote: `["x"]`, want: `["x"]`},
		{name: "SPS holds null", declared: `{ name = "x" }`, remote: `null`, want: `null`},
		{name: "hostile keys and values pass through", declared: `{ "$${x}" = "%%{y}", "a b" = "<script>" }`,
			remote: `{"${x}":"%{y}","a b":"<script>","z":"\u0000"}`, equal: true},
		{name: "empty body declares nothing", declared: `{}`, remote: sshConnection, equal: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			declared := hclBody(t, tc.declared)
			got, err := Project(mustDecode(t, tc.remote), declared)
			if err != nil {
				t.Fatalf("Project: %v", err)
			}
			if equal := got.Equal(declared); equal != tc.equal {
				t.Fatalf("Equal = %v, want %v\nprojection: %v\ndeclared:   %v", equal, tc.equal, got, declared)
			}
			if !tc.equal {
				out, err := Encode(got, "body")
				if err != nil {
					t.Fatal(err)
				}
				if !sameJSON(t, string(out), tc.want) {
					t.Errorf("projection %s, want %s", out, tc.want)
				}
			}
			if wire := overTheWire(t, got); !wire.Equal(got) {
				t.Errorf("the projection changed over the wire: %v -> %v", got, wire)
			}
		})
	}
}

// TestProjectKeepsCollectionKinds: a body built with tolist, toset, tomap
// or from typed variables projects to the same kinds, so a plan shows no
// change of type; when SPS's elements no longer fit the element type, the
// projection is a tuple or object that shows why.
func TestProjectKeepsCollectionKinds(t *testing.T) {
	cases := []struct {
		declared, remote string
		equal            bool
		kind             string // the type of the projected field, when not equal
	}{
		{declared: `{ clients = tolist(["a", "b"]) }`, remote: `{"clients":["a","b"]}`, equal: true},
		{declared: `{ clients = tolist(["a"]) }`, remote: `{"clients":["a","b"]}`, kind: "types.ListType[basetypes.StringType]"},
		{declared: `{ clients = tolist(["a"]) }`, remote: `{"clients":["a",1]}`, kind: "types.TupleType[basetypes.StringType, basetypes.NumberType]"},
		{declared: `{ ports = toset([22, 2222]) }`, remote: `{"ports":[2222,22]}`, equal: true},
		{declared: `{ labels = tomap({ a = "x" }) }`, remote: `{"labels":{"a":"x","b":"y"}}`, equal: true},
		{declared: `{ labels = tomap({ a = "x" }) }`, remote: `{"labels":{"a":1}}`, kind: "types.ObjectType[\"a\":basetypes.NumberType]"},
		{declared: `{ acl = tolist([{ g = "a" }]) }`, remote: `{"acl":[{"g":"a","x":1},{"g":"b","y":2}]}`,
			kind: "types.ListType[types.ObjectType[\"g\":basetypes.StringType]]"},
		{declared: `{ refs = tolist(["k1"]) }`, remote: `{"refs":[{"key":"k1","meta":{"href":"h"}}]}`, equal: true},
	}
	for _, tc := range cases {
		declared := hclBody(t, tc.declared)
		got, err := Project(mustDecode(t, tc.remote), declared)
		if err != nil {
			t.Fatalf("%s: %v", tc.declared, err)
		}
		if equal := got.Equal(declared); equal != tc.equal {
			t.Errorf("%s vs %s: Equal = %v, want %v (projection %v)", tc.declared, tc.remote, equal, tc.equal, got)
			continue
		}
		if tc.equal {
			continue
		}
		obj := got.UnderlyingValue().(types.Object)
		for _, v := range obj.Attributes() {
			if kind := v.Type(context.Background()).String(); kind != tc.kind {
				t.Errorf("%s vs %s: projected type %s, want %s", tc.declared, tc.remote, kind, tc.kind)
			}
		}
		if wire := overTheWire(t, got); !wire.Equal(got) {
			t.Errorf("%s: the projection changed over the wire", tc.declared)
		}
	}
}

// TestProjectOfStateShapedByImport: after an import, state holds the whole
// object as written (AsWritten); a configuration declaring a part of it
// projects equal, so a plan that keeps the prior body is right.
func TestProjectOfStateShapedByImport(t *testing.T) {
	remote := mustDecode(t, sshConnection)
	imported, err := Value(remote, AsWritten)
	if err != nil {
		t.Fatal(err)
	}
	stateTree, err := Tree(imported, "body")
	if err != nil {
		t.Fatal(err)
	}
	declared := hclBody(t, `{ name = "ssh-prod", indexing = { policy = "-50000" }, network = { ports = tolist([22]) } }`)
	got, err := Project(stateTree, declared)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(declared) {
		t.Errorf("projection of the imported state %v differs from the declared body %v", got, declared)
	}
	// And the whole object declared (what -generate-config-out writes)
	// equals the imported state itself.
	whole, err := Project(stateTree, imported)
	if err != nil {
		t.Fatal(err)
	}
	if !whole.Equal(imported) {
		t.Errorf("the whole imported body does not project onto itself")
	}
}

// TestProjectBoundsDepth: a hostile answer nested past maxDepth is an
// error, whatever the declared shape.
func TestProjectBoundsDepth(t *testing.T) {
	deep := strings.Repeat(`{"a":`, maxDepth+3) + "1" + strings.Repeat("}", maxDepth+3)
	for _, declared := range []types.Dynamic{types.DynamicNull(), hclBody(t, `{ a = null }`), hclBody(t, `{ a = { a = { a = 1 } } }`)} {
		if _, err := Project(mustDecode(t, deep), declared); err == nil {
			t.Errorf("declared %v: a %d-level answer projected", declared, maxDepth+3)
		}
	}
}

// TestProjectTypedNulls: a field a typed variable left null projects to a
// null of its type when SPS holds null, and to SPS's value otherwise.
func TestProjectTypedNulls(t *testing.T) {
	declared := types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"s": types.StringType, "o": types.ObjectType{AttrTypes: map[string]attr.Type{"x": types.NumberType}}},
		map[string]attr.Value{"s": types.StringNull(), "o": types.ObjectNull(map[string]attr.Type{"x": types.NumberType})}))
	got, err := Project(mustDecode(t, `{"s":null,"o":null}`), declared)
	if err != nil || !got.Equal(declared) {
		t.Errorf("nulls: %v, %v", got, err)
	}
	got, err = Project(mustDecode(t, `{"s":{"key":"k","meta":{}},"o":{"x":1,"y":2}}`), declared)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := Encode(got, "body")
	if !sameJSON(t, string(out), `{"s":"k","o":{"x":1}}`) {
		t.Errorf("typed nulls against values: %s", out)
	}
}
