package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

// applianceState is the committed configuration the test cares about:
// settings policies by name, the VNC options, and the generic objects by
// name.
type applianceState struct {
	policies map[string]map[string]any
	options  map[string]any
	objects  map[string]map[string]any
}

func (a applianceState) String() string {
	names := make([]string, 0, len(a.policies))
	for n := range a.policies {
		names = append(names, n)
	}
	sort.Strings(names)
	b, _ := json.Marshal(a.options)
	o, _ := json.Marshal(a.objects)
	return fmt.Sprintf("policies %v, options %s, objects %s", names, b, o)
}

func (a applianceState) equal(b applianceState) bool {
	return reflect.DeepEqual(a.policies, b.policies) && reflect.DeepEqual(a.options, b.options) &&
		reflect.DeepEqual(a.objects, b.objects)
}

// diff describes how got differs from want, object by object.
func (a applianceState) diff(want applianceState) string {
	var out []string
	for n, w := range want.policies {
		g, ok := a.policies[n]
		switch {
		case !ok:
			out = append(out, "policy "+n+" missing")
		case !reflect.DeepEqual(g, w):
			gj, _ := json.Marshal(g)
			out = append(out, fmt.Sprintf("policy %s is %s", n, gj))
		}
	}
	for n := range a.policies {
		if _, ok := want.policies[n]; !ok {
			out = append(out, "unexpected policy "+n)
		}
	}
	if !reflect.DeepEqual(a.options, want.options) {
		gj, _ := json.Marshal(a.options)
		out = append(out, fmt.Sprintf("options are %s", gj))
	}
	if !reflect.DeepEqual(a.objects, want.objects) {
		gj, _ := json.Marshal(a.objects)
		wj, _ := json.Marshal(want.objects)
		out = append(out, fmt.Sprintf("objects are %s, want %s", gj, wj))
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

func readAppliance(srv *mocksps.Server) applianceState {
	st := applianceState{policies: map[string]map[string]any{}}
	for k, raw := range srv.SettingsPolicies() {
		var b map[string]any
		if err := json.Unmarshal(raw, &b); err != nil {
			b = map[string]any{"undecodable": k}
		}
		name, _ := b["name"].(string)
		st.policies[name] = b
	}
	_ = json.Unmarshal(srv.VNCOptions(), &st.options)
	st.objects = readObjects(srv)
	return st
}

// expectedAfter is the appliance state once target is applied on top of
// prev: the built-in policies stay, the managed ones are replaced, and the
// options keep their last value when Terraform stops managing them
// (sps_vnc_options leaves the appliance alone on destroy).
func expectedAfter(prev, seed applianceState, target int) applianceState {
	next := applianceState{policies: map[string]map[string]any{}, options: prev.options, objects: map[string]map[string]any{}}
	for n, b := range seed.policies {
		next.policies[n] = b
	}
	for n, b := range seed.objects {
		next.objects[n] = b
	}
	for _, o := range chaosConfigs[target].objects {
		next.objects[o.name] = o.body()
	}
	for _, p := range chaosConfigs[target].policies {
		next.policies[p.Name] = p.Body()
	}
	if o := chaosConfigs[target].options; o != nil {
		next.options = o.body()
	}
	return next
}

// checkAppliance asserts the exact committed state.
func checkAppliance(srv *mocksps.Server, want applianceState) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := readAppliance(srv); !got.equal(want) {
			return fmt.Errorf("appliance state is not the expected one: %s", got.diff(want))
		}
		return nil
	}
}

// stateMatchesAppliance compares every managed object in Terraform's state
// with what the appliance committed, and finds committed policies that
// Terraform does not know about (orphans of a create whose success was
// never reported).
type stateMatchesAppliance struct {
	srv      *mocksps.Server
	builtins map[string]bool // keys of policies that exist without Terraform
}

func (c stateMatchesAppliance) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	committed := c.srv.SettingsPolicies()
	known := map[string]bool{}
	var problems []string
	if req.State != nil && req.State.Values != nil && req.State.Values.RootModule != nil {
		for _, r := range req.State.Values.RootModule.Resources {
			a := r.AttributeValues
			switch r.Type {
			case "sps_vnc_settings_policy":
				id, _ := a["id"].(string)
				known[id] = true
				raw, ok := committed[id]
				if !ok {
					problems = append(problems, fmt.Sprintf("%s (key %s) is in state but not on the appliance", r.Address, id))
					continue
				}
				var got map[string]any
				_ = json.Unmarshal(raw, &got)
				want := acctest.NormJSON(map[string]any{
					"name": a["name"], "timeout": a["timeout"], "preconnect_channel_check": a["preconnect_channel_check"],
					"inactivity_timeout":           a["inactivity_timeout"],
					"client_tls_security_settings": a["client_tls_security_settings"],
					"server_tls_security_settings": a["server_tls_security_settings"],
				})
				if !reflect.DeepEqual(acctest.PruneNulls(got), want) {
					gj, _ := json.Marshal(got)
					wj, _ := json.Marshal(want)
					problems = append(problems, fmt.Sprintf("%s: state says %s, appliance has %s", r.Address, wj, gj))
				}
			case "sps_vnc_options":
				var got map[string]any
				_ = json.Unmarshal(c.srv.VNCOptions(), &got)
				if err := optionsStateMatches(a, got); err != nil {
					problems = append(problems, r.Address+": "+err.Error())
				}
			}
		}
	}
	for k, raw := range committed {
		if !known[k] && !c.builtins[k] {
			problems = append(problems, fmt.Sprintf("the appliance has policy %s (%s) that Terraform's state does not know", k, raw))
		}
	}
	if req.State != nil && req.State.Values != nil && req.State.Values.RootModule != nil {
		problems = append(problems, objectStateProblems(c.srv, req.State.Values.RootModule.Resources)...)
	} else {
		problems = append(problems, objectStateProblems(c.srv, nil)...)
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		resp.Error = fmt.Errorf("Terraform state disagrees with the appliance:\n  %s", strings.Join(problems, "\n  "))
	}
}

// optionsStateMatches compares the managed options fields in state with the
// appliance's options body (audit shape).
func optionsStateMatches(a map[string]any, body map[string]any) error {
	get := func(v any, keys ...string) any {
		for _, k := range keys {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		return v
	}
	pairs := []struct {
		what        string
		state, mock any
	}{
		{"service.enabled", get(a, "service", "enabled"), get(body, "service", "enabled")},
		{"service.log_level", get(a, "service", "log_level"), get(body, "service", "log_level")},
		{"cleanup.enabled", get(a, "cleanup", "enabled"), get(body, "audit", "cleanup", "enabled")},
		{"cleanup.days", get(a, "cleanup", "days"), get(body, "audit", "cleanup", "channel_database_cleanup_days")},
		{"timestamping.selection", get(a, "timestamping", "selection"), get(body, "audit", "timestamping", "selection")},
		{"timestamping.signing_interval", get(a, "timestamping", "signing_interval"), get(body, "audit", "timestamping", "signing_interval")},
	}
	for _, p := range pairs {
		if !reflect.DeepEqual(acctest.NormJSON(p.state), acctest.NormJSON(p.mock)) {
			return fmt.Errorf("%s is %v in state, %v on the appliance", p.what, p.state, p.mock)
		}
	}
	return nil
}

// planShowsNoDrift fails when the refresh before the plan found objects
// that differ from Terraform's state: after a failed apply, that would mean
// the provider recorded something the appliance does not hold.
type planShowsNoDrift struct{}

func (planShowsNoDrift) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var drift []string
	for _, rc := range req.Plan.ResourceDrift {
		drift = append(drift, fmt.Sprintf("%s (%v)", rc.Address, rc.Change.Actions))
	}
	if len(drift) > 0 {
		resp.Error = fmt.Errorf("refresh found drift between Terraform state and the appliance: %s", strings.Join(drift, ", "))
	}
}

// planCreatesNothingExisting fails when the plan creates a policy whose
// name the appliance already has: an orphan a failed apply committed
// without telling Terraform.
type planCreatesNothingExisting struct{ srv *mocksps.Server }

func (c planCreatesNothingExisting) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	have := readAppliance(c.srv).policies
	for _, rc := range req.Plan.ResourceChanges {
		if err := objectOrphan(c.srv, rc); err != nil {
			resp.Error = err
			return
		}
		if rc.Type != "sps_vnc_settings_policy" || !rc.Change.Actions.Create() {
			continue
		}
		after, _ := rc.Change.After.(map[string]any)
		if name, _ := after["name"].(string); have[name] != nil {
			resp.Error = fmt.Errorf("%s would be created, but the appliance already has a policy named %q (an orphan of the failed apply)", rc.Address, name)
			return
		}
	}
}

// waitLockFree waits until nobody holds the configuration lock, at most
// until deadline, and returns the holder then ("" if free).
func waitLockFree(srv *mocksps.Server, deadline time.Time) string {
	for {
		h := srv.LockHolder()
		if h == "" && srv.OpenTransactions() == 0 {
			return ""
		}
		if time.Now().After(deadline) {
			return h
		}
		time.Sleep(20 * time.Millisecond)
	}
}
