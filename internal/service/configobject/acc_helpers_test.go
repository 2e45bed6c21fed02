package configobject_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

// mockObject finds the committed object of path with the given name and
// returns its key and decoded body.
func mockObject(srv *mocksps.Server, path, name string) (string, map[string]any, error) {
	list, ok := srv.ConfigList(path)
	if !ok {
		return "", nil, fmt.Errorf("the mock has no list %s", path)
	}
	for _, en := range list {
		var b map[string]any
		if err := json.Unmarshal(en.Body, &b); err != nil {
			return "", nil, fmt.Errorf("%s/%s: body is not JSON: %w", path, en.Key, err)
		}
		if b["name"] == name {
			return en.Key, b, nil
		}
	}
	return "", nil, fmt.Errorf("the mock has no committed object named %q under %s", name, path)
}

// checkMockObject asserts the whole body the mock committed for the named
// object: what reached the appliance, undeclared fields included.
func checkMockObject(srv *mocksps.Server, path, name, wantJSON string) func(*terraform.State) error {
	return func(*terraform.State) error {
		_, got, err := mockObject(srv, path, name)
		if err != nil {
			return err
		}
		return sameJSON(path+" "+name, got, wantJSON)
	}
}

func sameJSON(what string, got any, wantJSON string) error {
	var want any
	if err := json.Unmarshal([]byte(wantJSON), &want); err != nil {
		return fmt.Errorf("bad expected JSON in test: %w", err)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		return fmt.Errorf("mock %s:\n got: %s\nwant: %s", what, g, w)
	}
	return nil
}

// editMockObject changes the committed object of path named name on the
// mock, as someone working on the appliance would.
func editMockObject(t *testing.T, srv *mocksps.Server, path, name string, edit func(body map[string]any)) {
	t.Helper()
	key, body, err := mockObject(srv, path, name)
	if err != nil {
		t.Fatal(err)
	}
	edit(body)
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.PutConfigObject(path, key, b); err != nil {
		t.Fatalf("changing %s/%s on the mock: %v", path, key, err)
	}
}

// checkGone is a CheckDestroy: no object of path is named name.
func checkGone(srv *mocksps.Server, path, name string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if key, _, err := mockObject(srv, path, name); err == nil {
			return fmt.Errorf("%s/%s (%s) is still on the mock after destroy", path, key, name)
		}
		return nil
	}
}

// lacks fails when any of the secrets shows up in what Terraform records of
// the resources (terraform show -json): a plan's resource changes, planned
// values and prior state, or a state's values. (A plan also carries the
// variables it was made with, where a secret passed by variable is
// Terraform's to keep.)
type lacks []string

func (l lacks) find(what string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	for _, s := range l {
		if strings.Contains(string(b), s) {
			return fmt.Errorf("the %s holds the secret %q:\n%s", what, s, b)
		}
	}
	return nil
}

func (l lacks) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = l.find("plan", []any{req.Plan.ResourceChanges, req.Plan.PlannedValues, req.Plan.PriorState})
}

func (l lacks) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = l.find("state", req.State)
}

var (
	_ plancheck.PlanCheck   = lacks(nil)
	_ statecheck.StateCheck = lacks(nil)
)

// checkMockObjectExact is checkMockObject with numbers compared by exact
// value (as rationals), so a number that lost precision on the way fails.
func checkMockObjectExact(srv *mocksps.Server, path, name, wantJSON string) func(*terraform.State) error {
	return func(*terraform.State) error {
		key, _, err := mockObject(srv, path, name)
		if err != nil {
			return err
		}
		raw, _ := srv.ConfigObject(path, key)
		decode := func(b []byte) (any, error) {
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber()
			var v any
			err := d.Decode(&v)
			return exactNumbers(v), err
		}
		got, err := decode(raw)
		if err != nil {
			return err
		}
		want, err := decode([]byte(wantJSON))
		if err != nil {
			return fmt.Errorf("bad expected JSON in test: %w", err)
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("mock %s %s:\n got: %s\nwant: %s", path, name, raw, wantJSON)
		}
		return nil
	}
}

// exactNumbers replaces every json.Number in v by its exact value as a
// rational's text, so 1e-12 and 0.000000000001 compare equal and
// 9007199254740993 and 9007199254740992 do not.
func exactNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = exactNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = exactNumbers(e)
		}
	case json.Number:
		if r, ok := new(big.Rat).SetString(string(x)); ok {
			return r.RatString()
		}
	}
	return v
}
