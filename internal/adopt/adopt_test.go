package adopt

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// generated is what terraform query -generate-config-out (Terraform 1.16.4)
// wrote for the mock with an indexing policy, a local usergroup and an SSH
// connection policy referring to both, plus what the tests add: a
// reference to an LDAP group, to an indexing policy not adopted, a policy
// imported by ID, and hostile keys and values around the references.
const generated = `# __generated__ by Terraform
resource "sps_config_object" "indexing_0" {
  provider = sps
  body = {
    name = "ocr"
  }
  path                   = "policies/indexing"
  sensitive_body         = null
  sensitive_body_version = null
}

import {
  to       = sps_config_object.indexing_0
  provider = sps
  identity = {
    key  = "idx-1"
    path = "policies/indexing"
  }
}

resource "sps_config_object" "groups_1" {
  provider = sps
  body = {
    members = ["alice"]
    name    = "ops"
  }
  path                   = "aaa/local_database/groups"
  sensitive_body         = null
  sensitive_body_version = null
}

import {
  to       = sps_config_object.groups_1
  provider = sps
  identity = {
    key  = "g-1"
    path = "aaa/local_database/groups"
  }
}

resource "sps_config_object" "conns_1" {
  provider = sps
  body = {
    "$${key}" = "template key"
    "a b"     = "$${jsonencode(1)}"
    access_control = [{
      authorizer = "ops"
      permission = "audit"
      subject = {
        group = "CN=ldap-admins"
      }
    }]
    active = true
    big    = 123456789012345678901234567890
    indexing = {
      enabled = true
      policy  = "idx-1"
    }
    name = "gw"
  }
  path                   = "ssh/connections"
  sensitive_body         = null
  sensitive_body_version = null
}

import {
  to       = sps_config_object.conns_1
  provider = sps
  identity = {
    key  = "c-1"
    path = "ssh/connections"
  }
}
`

// other is a second file of the same configuration: a policy imported by
// ID whose indexing policy is not adopted.
const other = `resource "sps_config_object" "rdp" {
  body = {
    indexing = { policy = "idx-gone" }
  }
  path = "/api/configuration/rdp/connections/"
}

import {
  to = sps_config_object.rdp
  id = "rdp/connections/r-1"
}

import {
  to = sps_config_object.idx_by_id
  id = "policies/indexing/idx-2"
}

resource "sps_config_object" "idx_by_id" {
  body = { name = "second" }
  path = "policies/indexing"
}

resource "sps_config_object" "uses_second" {
  body = { indexing = { policy = "idx-2" } }
  path = "ssh/connections"
}
`

func TestRewriteLinksDocumentedReferences(t *testing.T) {
	res, err := Rewrite(map[string][]byte{"adopt.tf": []byte(generated), "other.tf": []byte(other)})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Changed["adopt.tf"]
	for _, want := range []string{
		"policy  = sps_config_object.indexing_0.key",
		"authorizer = sps_config_object.groups_1.body.name",
		`group = "CN=ldap-admins"`,
		`"$${key}" = "template key"`,
		`"a b"     = "$${jsonencode(1)}"`,
		"big    = 123456789012345678901234567890",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("adopt.tf lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(string(res.Changed["other.tf"]), "policy = sps_config_object.idx_by_id.key") {
		t.Errorf("other.tf: the policy imported by ID is not linked:\n%s", res.Changed["other.tf"])
	}
	var links []string
	for _, l := range res.Links {
		links = append(links, l.Resource+" "+l.Path+" -> "+l.Target)
	}
	wantLinks := []string{
		"sps_config_object.conns_1 body.access_control[0].authorizer -> sps_config_object.groups_1.body.name",
		"sps_config_object.conns_1 body.indexing.policy -> sps_config_object.indexing_0.key",
		"sps_config_object.uses_second body.indexing.policy -> sps_config_object.idx_by_id.key",
	}
	if strings.Join(links, "\n") != strings.Join(wantLinks, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(links, "\n"), strings.Join(wantLinks, "\n"))
	}
	var unlinked []string
	for _, u := range res.Unlinked {
		unlinked = append(unlinked, u.Resource+" "+u.Path+" "+u.Value)
	}
	wantUnlinked := []string{
		"sps_config_object.conns_1 body.access_control[0].subject.group CN=ldap-admins",
		"sps_config_object.rdp body.indexing.policy idx-gone",
	}
	if strings.Join(unlinked, "\n") != strings.Join(wantUnlinked, "\n") {
		t.Errorf("unlinked:\n%s\nwant:\n%s", strings.Join(unlinked, "\n"), strings.Join(wantUnlinked, "\n"))
	}
	if s := res.Unlinked[0].String(); !strings.Contains(s, "LDAP group") {
		t.Errorf("the unlinked usergroup does not say it may be an LDAP group: %s", s)
	}

	// The rewritten file is valid HCL whose body holds the references as
	// traversals, every other value unchanged.
	f, diags := hclsyntax.ParseConfig(got, "adopt.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("rewritten file does not parse: %s\n%s", diags, got)
	}
	attrs, _ := f.Body.(*hclsyntax.Body).Blocks[4].Body.JustAttributes()
	var vars []string
	for _, tr := range attrs["body"].Expr.Variables() {
		vars = append(vars, tr.RootName())
	}
	if strings.Join(vars, ",") != "sps_config_object,sps_config_object" {
		t.Errorf("body references %v; want the indexing policy and the group", vars)
	}

	// Running it again changes nothing: bodies with references are not
	// literals any more and are left alone.
	again, err := Rewrite(res.Changed)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Changed) != 0 || len(again.Links) != 0 {
		t.Errorf("a second run changed %d files, %d links", len(again.Changed), len(again.Links))
	}
}

// A name two groups share, and a key that is not a string, stay literals:
// a guess would tie the policy to the wrong object.
func TestRewriteAmbiguousAndMalformed(t *testing.T) {
	const src = `
resource "sps_config_object" "g1" {
  body = { name = "ops" }
  path = "aaa/local_database/groups"
}
resource "sps_config_object" "g2" {
  body = { name = "ops" }
  path = "aaa/local_database/groups"
}
resource "sps_config_object" "c" {
  body = {
    access_control = [{ authorizer = "ops" }, "not an object", null]
    indexing       = { policy = 42 }
  }
  path = "ssh/connections"
}
resource "sps_config_object" "not_literal" {
  body = { indexing = { policy = var.x } }
  path = "ssh/connections"
}
resource "sps_config_object" "unknown_family" {
  body = { indexing = { policy = "g1" } }
  path = "nowhere/documented"
}
`
	res, err := Rewrite(map[string][]byte{"a.tf": []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changed) != 0 || len(res.Links) != 0 {
		t.Errorf("changed %v, links %v; want none", res.Changed, res.Links)
	}
	if len(res.Unlinked) != 1 || res.Unlinked[0].Path != "body.access_control[0].authorizer" {
		t.Errorf("unlinked %v; want the ambiguous authorizer only", res.Unlinked)
	}
}

func TestRewriteRefusesBrokenHCL(t *testing.T) {
	_, err := Rewrite(map[string][]byte{"bad.tf": []byte(`resource "x" {`)})
	if err == nil || !strings.Contains(err.Error(), "bad.tf") {
		t.Fatalf("err = %v; want a parse error naming bad.tf", err)
	}
}
