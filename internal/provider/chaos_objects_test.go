package provider_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

// The generic objects of the fault matrix: sps_config_object resources in
// one list of the mock's configuration tree, applied in the same applies
// (and so the same groups and commits) as the typed policies and options.

// chaosObjectsPath is the list the matrix's generic objects live in; a new
// appliance has none there.
const chaosObjectsPath = "ssh/channel_policies"

// Routes of the generic objects' writes.
const (
	routeObjectCreate = "POST /api/configuration/" + chaosObjectsPath
	routeObjectUpdate = "PUT /api/configuration/" + chaosObjectsPath + "/*"
	routeObjectDelete = "DELETE /api/configuration/" + chaosObjectsPath + "/*"
)

// chaosObject is one sps_config_object of a configuration. Versions of a
// configuration only change or add fields, never drop one: a dropped field
// is not managed any more and keeps its value on SPS.
type chaosObject struct {
	addr, name, comment string
	ports               []int
}

func (o chaosObject) hcl() string {
	ports := make([]string, len(o.ports))
	for i, p := range o.ports {
		ports[i] = fmt.Sprint(p)
	}
	return fmt.Sprintf(`resource "sps_config_object" %q {
  path = %q
  body = {
    name    = %q
    comment = %q
    ports   = [%s]
  }
}
`, o.addr, chaosObjectsPath, o.name, o.comment, strings.Join(ports, ", "))
}

func (o chaosObject) body() map[string]any {
	return acctest.NormJSON(map[string]any{"name": o.name, "comment": o.comment, "ports": o.ports}).(map[string]any)
}

// readObjects is the committed generic objects by name.
func readObjects(srv *mocksps.Server) map[string]map[string]any {
	out := map[string]map[string]any{}
	list, _ := srv.ConfigList(chaosObjectsPath)
	for _, en := range list {
		var b map[string]any
		if err := json.Unmarshal(en.Body, &b); err != nil {
			b = map[string]any{"undecodable": en.Key}
		}
		name, _ := b["name"].(string)
		out[name] = b
	}
	return out
}

// objectStateProblems compares the generic objects in state with the
// appliance, and finds committed ones state does not know.
func objectStateProblems(srv *mocksps.Server, resources []*tfjson.StateResource) []string {
	committed := map[string]json.RawMessage{}
	list, _ := srv.ConfigList(chaosObjectsPath)
	for _, en := range list {
		committed[en.Key] = en.Body
	}
	known := map[string]bool{}
	var problems []string
	for _, r := range resources {
		if r.Type != "sps_config_object" {
			continue
		}
		key, _ := r.AttributeValues["key"].(string)
		known[key] = true
		raw, ok := committed[key]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s (key %s) is in state but not on the appliance", r.Address, key))
			continue
		}
		var got map[string]any
		_ = json.Unmarshal(raw, &got)
		if want := acctest.NormJSON(r.AttributeValues["body"]); !reflect.DeepEqual(got, want) {
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(want)
			problems = append(problems, fmt.Sprintf("%s: state says %s, appliance has %s", r.Address, wj, gj))
		}
	}
	for k, raw := range committed {
		if !known[k] {
			problems = append(problems, fmt.Sprintf("the appliance has object %s/%s (%s) that Terraform's state does not know", chaosObjectsPath, k, raw))
		}
	}
	return problems
}

// objectOrphan reports a planned create of a generic object whose name the
// appliance already has.
func objectOrphan(srv *mocksps.Server, rc *tfjson.ResourceChange) error {
	if rc.Type != "sps_config_object" || !rc.Change.Actions.Create() {
		return nil
	}
	after, _ := rc.Change.After.(map[string]any)
	body, _ := after["body"].(map[string]any)
	if name, _ := body["name"].(string); readObjects(srv)[name] != nil {
		return fmt.Errorf("%s would be created, but the appliance already has an object named %q (an orphan of the failed apply)", rc.Address, name)
	}
	return nil
}
