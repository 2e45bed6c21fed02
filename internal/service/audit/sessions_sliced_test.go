package audit_test

import (
	"encoding/csv"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	auditds "github.com/terraform-sps/terraform-provider-sps/internal/service/audit"
)

// TestAuditSessionsBeyond10000: with max_results above 10000, every
// session of the mock comes back once, as typed sessions (through the
// fast path) and as CSV, in start_time order: in start_time slices on
// 6.x, through one snapshot on 7.x. Read at the protocol level: a
// Terraform run over 12,000 sessions takes minutes on a loaded machine;
// the client's tests cover 50,000.
func TestAuditSessionsBeyond10000(t *testing.T) {
	t.Parallel()
	st := audit.Generate(12000, 21, acctest.AuditNow)
	for _, fw := range []string{"6.0.12", "7.5.0"} {
		t.Run(fw, func(t *testing.T) {
			t.Parallel()
			readBeyond10000(t, st, fw)
		})
	}
}

func readBeyond10000(t *testing.T, st *audit.Store, firmware string) {
	env := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(acctest.AuditNow), mockspstest.WithFirmware(firmware))
	want := st.Keys()
	slices.Sort(want)
	strs := func(vs ...string) tftypes.Value {
		var out []tftypes.Value
		for _, v := range vs {
			out = append(out, tftypes.NewValue(tftypes.String, v))
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, out)
	}
	state := acctest.ReadDataSourceProto(t, env.URL, auditds.SessionsTypeName, map[string]tftypes.Value{
		"max_results": tftypes.NewValue(tftypes.Number, 20000),
		"sort":        strs("start_time"),
		"fields":      tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "start_time")}),
		"csv_fields":  strs("start_time"),
	})
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var sessions []tftypes.Value
	if err := attrs["sessions"].As(&sessions); err != nil {
		t.Fatal(err)
	}
	var typed []string
	prev := ""
	for i, s := range sessions {
		var obj map[string]tftypes.Value
		var id, start string
		if err := s.As(&obj); err != nil {
			t.Fatal(err)
		}
		if err := obj["id"].As(&id); err != nil {
			t.Fatal(err)
		}
		if err := obj["start_time"].As(&start); err != nil {
			t.Fatal(err)
		}
		if start < prev {
			t.Fatalf("session %d starts %s, before %s", i, start, prev)
		}
		prev = start
		typed = append(typed, id)
	}
	var text string
	if err := attrs["csv"].As(&text); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var exported []string
	for _, r := range rows[1:] {
		exported = append(exported, r[0])
	}
	for what, got := range map[string][]string{"sessions": typed, "csv": exported} {
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %d ids (%d distinct), the mock holds %d", what, len(got), len(slices.Compact(slices.Clone(got))), len(want))
		}
	}
	var truncated bool
	if err := attrs["truncated"].As(&truncated); err != nil || truncated {
		t.Errorf("truncated %v (%v)", truncated, err)
	}
}

// TestAccAuditSessions_slicedSortRefused: on SPS 6.x (the basic search),
// more than 10000 matches in an order slices cannot keep is an error
// naming sort, with advice. (Through a snapshot, 7.x, any order reads.)
func TestAccAuditSessions_slicedSortRefused(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithAudit(audit.Generate(10200, 21, acctest.AuditNow)), mockspstest.WithNow(acctest.AuditNow),
		mockspstest.WithFirmware("6.0.12"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.AuditorBlock() + `
data "sps_audit_sessions" "all" {
  max_results = 20000
  sort        = ["-duration"]
  fields      = []
}
`,
			ExpectError: regexp.MustCompile(`(?s)Too many sessions for this sort order.*start_time`),
		}},
	})
}
