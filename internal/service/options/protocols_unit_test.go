package options

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A destroy of any protocol's options sends nothing (no client here: a
// call would panic) and warns, naming that protocol.
func TestOptionsDeleteOnlyWarnsForEveryProtocol(t *testing.T) {
	t.Parallel()
	for i, p := range protocols {
		r := servedProtocols[i].resource()
		var schemaResp resource.SchemaResponse
		r.Schema(context.Background(), resource.SchemaRequest{}, &schemaResp)
		typ := schemaResp.Schema.Type().TerraformType(context.Background())
		resp := &resource.DeleteResponse{State: tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, nil)}}
		r.Delete(context.Background(), resource.DeleteRequest{State: tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, nil)}}, resp)
		w := resp.Diagnostics.Warnings()
		if resp.Diagnostics.HasError() || len(w) != 1 {
			t.Fatalf("%s: want one warning and no error, got %v", p.name, resp.Diagnostics)
		}
		if !strings.Contains(w[0].Summary(), p.title+" options") || !strings.Contains(w[0].Detail(), "sps_"+p.name+"_options") {
			t.Errorf("%s: warning does not name the protocol: %q / %q", p.name, w[0].Summary(), w[0].Detail())
		}
	}
}

// Fields SPS holds that no schema models (a later firmware's, at any
// depth) survive a write verbatim, in both shapes; modeled fields change.
func TestMergeKeepsFieldsBeyondTheSchema(t *testing.T) {
	t.Parallel()
	days := int64(90)
	level := int64(2)
	s := settings{ServiceEnabled: true, LogLevel: &level, CleanupEnabled: true, CleanupDays: &days,
		Switches: map[string]bool{"gssapi": false}}
	cases := map[string]struct{ current, want string }{
		"audit": {
			`{"service": {"enabled": false, "future": 1}, "audit": {"cleanup": {"enabled": false, "x": "y"},
			  "timestamping": {"selection": "local", "signing_interval": 30}, "other": [1]}, "new_section": {"a": true},
			  "gssapi": {"enabled": true}}`,
			`{"service": {"enabled": true, "log_level": 2, "future": 1}, "audit": {"cleanup": {"enabled": true,
			  "channel_database_cleanup_days": 90, "x": "y"}, "timestamping": {"selection": "local", "signing_interval": 30},
			  "other": [1]}, "new_section": {"a": true}, "gssapi": {"enabled": false}}`,
		},
		"channel_database_cleanup": {
			`{"service": {"enabled": false}, "channel_database_cleanup": {"enabled": false, "z": null}, "new_section": 7}`,
			`{"service": {"enabled": true, "log_level": 2}, "channel_database_cleanup": {"enabled": true, "days": 90, "z": null},
			  "new_section": 7, "gssapi": {"enabled": false}}`,
		},
	}
	for name, c := range cases {
		var cur, want map[string]any
		if err := json.Unmarshal([]byte(c.current), &cur); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(c.want), &want); err != nil {
			t.Fatal(err)
		}
		before, _ := json.Marshal(cur)
		got, err := merge(cur, s, "SSH")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		gotJSON, _ := json.Marshal(got)
		var gotPlain map[string]any
		_ = json.Unmarshal(gotJSON, &gotPlain)
		if !reflect.DeepEqual(gotPlain, want) {
			t.Errorf("%s:\n got %s\nwant %s", name, gotJSON, c.want)
		}
		if after, _ := json.Marshal(cur); string(after) != string(before) {
			t.Errorf("%s: merge changed the body it was given", name)
		}
		if !landed(got, s, []string{"gssapi"}) {
			t.Errorf("%s: the merged body does not count as landed", name)
		}
	}
}
