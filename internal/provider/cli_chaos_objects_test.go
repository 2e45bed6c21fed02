package provider_test

// The generic objects of the CLI chaos walk: sps_config_object resources in
// one list of the mock's configuration tree (cliObjectsPath), created,
// updated, renamed and deleted in the same interrupted applies as the
// policies and options, and compared with what the mock committed.

import (
	"fmt"
	"slices"
	"strings"
)

// walkObject is one configured sps_config_object. Its resource address
// (label) never changes; a rename changes the body's name, which is an
// update in place.
type walkObject struct {
	label, name, comment string
	port                 int
}

func (g *walkGen) newObject() walkObject {
	g.nextObject++
	o := walkObject{label: fmt.Sprintf("g%d", g.nextObject), name: g.freshName()}
	g.randomObjectValues(&o)
	return o
}

func (g *walkGen) randomObjectValues(o *walkObject) {
	o.comment = fmt.Sprintf("c%d", g.rng.IntN(1000))
	o.port = 1 + g.rng.IntN(65535)
}

// objectChange makes one change to the objects, keeping between one and
// four of them.
func (g *walkGen) objectChange(objs []walkObject) ([]walkObject, string) {
	switch op := g.rng.IntN(4); {
	case op == 0 && len(objs) < 4 || len(objs) == 0:
		o := g.newObject()
		return append(objs, o), "create " + o.label
	case op == 2:
		i := g.rng.IntN(len(objs))
		objs[i].name = g.freshName()
		return objs, "rename " + objs[i].label
	case op == 3 && len(objs) > 1:
		i := g.rng.IntN(len(objs))
		label := objs[i].label
		return slices.Delete(objs, i, i+1), "delete " + label
	default:
		i := g.rng.IntN(len(objs))
		g.randomObjectValues(&objs[i])
		return objs, "update " + objs[i].label
	}
}

func (o walkObject) hcl() string {
	return fmt.Sprintf("\nresource \"sps_config_object\" %q {\n  path = %q\n  body = {\n    name    = %q\n    comment = %q\n    ports   = [%d]\n  }\n}\n",
		o.label, cliObjectsPath, o.name, o.comment, o.port)
}

func (c walkConfig) objectByName(name string) (walkObject, bool) {
	for _, o := range c.objects {
		if o.name == name {
			return o, true
		}
	}
	return walkObject{}, false
}

// walkObjectBody is a committed object of cliObjectsPath as the mock holds it.
type walkObjectBody struct {
	Name    string `json:"name"`
	Comment string `json:"comment"`
	Ports   []int  `json:"ports"`
}

// mockObjectList is GET /_mock/config/<list>.
type mockObjectList struct {
	Items []struct {
		Key  string         `json:"key"`
		Body walkObjectBody `json:"body"`
	} `json:"items"`
}

// compareObjects lists how the committed objects differ from c's, and how
// many configured names the mock holds more than once.
func (s mockSnapshot) compareObjects(c walkConfig) (diffs []string, duplicates int) {
	count := map[string]int{}
	for k, b := range s.Objects {
		count[b.Name]++
		o, ok := c.objectByName(b.Name)
		if !ok {
			diffs = append(diffs, fmt.Sprintf("object %s (%s) is on the appliance but not configured", k, b.Name))
			continue
		}
		if got, want := fmt.Sprint(b.Comment, b.Ports), fmt.Sprint(o.comment, []int{o.port}); got != want {
			diffs = append(diffs, fmt.Sprintf("object %s (%s): appliance has %s, configured %s", k, b.Name, got, want))
		}
	}
	for _, o := range c.objects {
		switch n := count[o.name]; {
		case n == 0:
			diffs = append(diffs, fmt.Sprintf("object %s (%s) is configured but not on the appliance", o.label, o.name))
		case n > 1:
			duplicates += n - 1
			diffs = append(diffs, fmt.Sprintf("object %s (%s) is on the appliance %d times", o.label, o.name, n))
		}
	}
	return diffs, duplicates
}

// importBlock is the import block a recovery writes for a committed
// policy or object missing from state, or "" when c configures no
// resource of that name.
func (s mockSnapshot) importBlock(c walkConfig, key string) string {
	if b, ok := s.Objects[key]; ok {
		if o, ok := c.objectByName(b.Name); ok {
			return fmt.Sprintf("import {\n  to = sps_config_object.%s\n  id = %q\n}\n", o.label, cliObjectsPath+"/"+key)
		}
		return ""
	}
	if p, ok := c.byName(s.Policies[key].Name); ok {
		return fmt.Sprintf("import {\n  to = sps_vnc_settings_policy.%s\n  id = %q\n}\n", p.label, key)
	}
	return ""
}

// objectsHCL renders the configured objects.
func (c walkConfig) objectsHCL() string {
	var b strings.Builder
	for _, o := range c.objects {
		b.WriteString(o.hcl())
	}
	return b.String()
}
