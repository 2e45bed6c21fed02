package configobject

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The life of a body between Terraform and SPS, as pure functions the
// resources, data sources and list resource share.

// StateBody is the body a refresh records: what SPS holds (remote, from
// Decode) seen through the body in state. With no body in state (after an
// import) it is the whole object, references as keys, which is what
// -generate-config-out writes into a configuration.
func StateBody(prior types.Dynamic, remote any) (types.Dynamic, error) {
	if prior.IsNull() || prior.IsUnknown() || prior.IsUnderlyingValueNull() || prior.IsUnderlyingValueUnknown() {
		return Value(remote, AsWritten)
	}
	return Project(remote, prior)
}

// KeepsPriorBody reports whether a plan may keep the prior body instead of
// the configured one: the configuration is known, and the prior body (SPS's
// object as last read) holds every field the configuration declares with
// the declared value. It is what makes a configuration that declares fewer
// fields than state holds (after an import) plan no change.
func KeepsPriorBody(config, prior types.Dynamic) bool {
	if prior.IsNull() || prior.IsUnknown() || config.IsNull() || config.IsUnknown() {
		return false
	}
	priorTree, err := Tree(prior, "body")
	if err != nil {
		return false
	}
	if _, err := Tree(config, "body"); err != nil {
		return false // unknown inside: the plan must show the change
	}
	projected, err := Project(priorTree, config)
	return err == nil && projected.Equal(config)
}

// Declared is what a write sends for body and sensitive_body (from the
// configuration: sensitive_body is write-only, so only the configuration
// has it): the fields merged, as the JSON object the SPS client overlays.
func Declared(body, sensitive types.Dynamic) (map[string]any, error) {
	b, err := Tree(body, "body")
	if err != nil {
		return nil, err
	}
	var s any
	if !sensitive.IsNull() {
		if s, err = Tree(sensitive, "sensitive_body"); err != nil {
			return nil, err
		}
	}
	merged, err := MergeSensitive(b, s)
	if err != nil {
		return nil, err
	}
	m, ok := merged.(map[string]any)
	if !ok {
		return nil, errors.New("body is not an object")
	}
	return m, nil
}

// SensitivePaths lists where sensitive_body puts fields, for Output to
// leave out: kept in private state, never the values.
func SensitivePaths(sensitive types.Dynamic) ([][]string, error) {
	if sensitive.IsNull() {
		return nil, nil
	}
	t, err := Tree(sensitive, "sensitive_body")
	if err != nil {
		return nil, err
	}
	var out [][]string
	collectLeaves(t, nil, &out)
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out, nil
}

func collectLeaves(v any, at []string, out *[][]string) {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		if len(at) > 0 {
			*out = append(*out, append([]string(nil), at...))
		}
		return
	}
	for k, e := range m {
		collectLeaves(e, append(at, k), out)
	}
}

// EncodePaths and DecodePaths keep SensitivePaths in private state.
func EncodePaths(paths [][]string) ([]byte, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	return json.Marshal(paths)
}

func DecodePaths(b []byte) ([][]string, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var paths [][]string
	if err := json.Unmarshal(b, &paths); err != nil {
		return nil, fmt.Errorf("the sensitive field list in private state: %w", err)
	}
	return paths, nil
}

// Output is the computed output: the object as SPS holds it, without the
// fields sensitive_body wrote (SPS may echo them).
func Output(remote any, sensitive [][]string) (types.Dynamic, error) {
	if len(sensitive) > 0 {
		remote = withoutPaths(remote, sensitive)
	}
	return Value(remote, AsSPSHoldsIt)
}

// withoutPaths returns v without the fields at paths, copying only what it
// changes.
func withoutPaths(v any, paths [][]string) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[k] = e
	}
	for _, p := range paths {
		if len(p) == 0 {
			continue
		}
		if len(p) == 1 {
			delete(out, p[0])
			continue
		}
		if sub, ok := out[p[0]]; ok {
			out[p[0]] = withoutPaths(sub, [][]string{p[1:]})
		}
	}
	return out
}
