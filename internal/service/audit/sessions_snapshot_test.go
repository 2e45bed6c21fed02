package audit_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// readWatch follows the reads of a 7.x mock: the keys the store held when
// each snapshot was taken, and a hook run before the mock sees page n (from
// 1) of snapshot number snap (from 1).
type readWatch struct {
	st   *audit.Store
	hook func(snap, page int)

	mu        sync.Mutex
	snapshots int
	pages     map[string]int // snapshot id -> pages asked
	ids       map[string]int // snapshot id -> its number
	keysAt    [][]string     // keys when snapshot i+1 was taken
}

func (rw *readWatch) middleware(w http.ResponseWriter, r *http.Request, next http.Handler) {
	switch {
	case r.URL.Path == "/api/audit/sessions/_snapshot":
		rw.mu.Lock()
		rw.snapshots++
		rw.keysAt = append(rw.keysAt, rw.st.Keys())
		rw.mu.Unlock()
	case r.URL.Path == "/api/audit/sessions" && r.URL.Query().Get("snapshot") != "":
		id := r.URL.Query().Get("snapshot")
		rw.mu.Lock()
		if rw.ids == nil {
			rw.ids, rw.pages = map[string]int{}, map[string]int{}
		}
		if _, ok := rw.ids[id]; !ok {
			rw.ids[id] = len(rw.ids) + 1
		}
		rw.pages[id]++
		snap, page, hook := rw.ids[id], rw.pages[id], rw.hook
		rw.mu.Unlock()
		if hook != nil {
			hook(snap, page)
		}
	}
	next.ServeHTTP(w, r)
}

// csvKeys are the Key column of a CSV attribute, and each row's cells by
// key.
func csvKeys(s *terraform.State, addr string) ([]string, map[string][]string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, nil, fmt.Errorf("%s not in state", addr)
	}
	rows, err := csv.NewReader(strings.NewReader(rs.Primary.Attributes["csv"])).ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("csv: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil, fmt.Errorf("%s: an empty csv", addr)
	}
	keys, byKey := []string{}, map[string][]string{}
	for _, r := range rows[1:] {
		keys = append(keys, r[0])
		byKey[r[0]] = r
	}
	return keys, byKey, nil
}

// sameSet fails unless got holds each of want once.
func sameSet(what string, got, want []string) error {
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		return fmt.Errorf("%s: %d rows (%d distinct keys), want the %d sessions", what, len(g), len(slices.Compact(slices.Clone(g))), len(w))
	}
	return nil
}

const windowConfig = `
data "sps_audit_sessions_csv" "window" {
  start       = "2024-01-01"
  end         = "2024-05-10T12:00:00Z"
  sort        = ["start_time"]
  max_results = 30000
  columns     = ["active", "start_time"]
}
`

// TestAccAuditSessionsCSV_window: every session of a 25,000-session window
// is read once, none missing: on 7.x through one snapshot per read, while
// sessions close and are removed mid-read, which changes nothing in what
// the read returns; on 6.x in start_time slices, as before.
func TestAccAuditSessionsCSV_window(t *testing.T) {
	t.Parallel()
	const n = 25000
	t.Run("7.5.0", func(t *testing.T) {
		t.Parallel()
		st := audit.Generate(n, 41, acctest.AuditNow)
		active, err := activeKeys(st)
		if err != nil {
			t.Fatal(err)
		}
		rw := &readWatch{st: st}
		changed := map[int]string{} // snapshot number -> the session closed during its read
		rw.hook = func(snap, page int) {
			if page != 5 || snap > len(active)/2 {
				return
			}
			// Mid-read: a session closes, another is cleaned up.
			closed, removed := active[2*snap-2], active[2*snap-1]
			if err := st.CloseSession(closed, acctest.AuditNow); err != nil {
				t.Error(err)
			}
			st.RemoveSessions(removed)
			rw.mu.Lock()
			changed[snap] = closed
			rw.mu.Unlock()
		}
		env := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(acctest.AuditNow), mockspstest.WithFirmware("7.5.0"),
			mockspstest.WithMiddleware(rw.middleware))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: env.AuditorBlock() + windowConfig,
				Check: func(s *terraform.State) error {
					keys, rows, err := csvKeys(s, "data.sps_audit_sessions_csv.window")
					if err != nil {
						return err
					}
					rw.mu.Lock()
					defer rw.mu.Unlock()
					last := rw.snapshots
					if last == 0 || len(changed) < last {
						return fmt.Errorf("%d snapshots, %d reads changed mid-read: the test changed nothing", last, len(changed))
					}
					// The state holds the last read: the database of its
					// snapshot, not the one its pages were read from.
					if err := sameSet("the last read", keys, rw.keysAt[last-1]); err != nil {
						return err
					}
					if st.Len() >= len(rw.keysAt[last-1]) {
						return fmt.Errorf("the store holds %d sessions, as many as the snapshot: nothing was removed mid-read", st.Len())
					}
					if row := rows[changed[last]]; len(row) < 2 || row[1] != "true" {
						return fmt.Errorf("the session closed during the read is %v in it, want active", row)
					}
					return nil
				},
			}},
		})
	})
	t.Run("6.0.12", func(t *testing.T) {
		t.Parallel()
		st := audit.Generate(n, 41, acctest.AuditNow)
		env := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(acctest.AuditNow), mockspstest.WithFirmware("6.0.12"))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: env.AuditorBlock() + windowConfig,
				Check: func(s *terraform.State) error {
					keys, _, err := csvKeys(s, "data.sps_audit_sessions_csv.window")
					if err != nil {
						return err
					}
					if n := env.Server.Counters().Requests["GET /api/audit/sessions/_snapshot"]; n != 0 {
						return fmt.Errorf("%d snapshots on 6.x", n)
					}
					return sameSet("6.x", keys, st.Keys())
				},
			}},
		})
	})
}

// activeKeys lists up to 100 of the store's active sessions, asking its
// handler directly.
func activeKeys(st *audit.Store) ([]string, error) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/api/audit/sessions?q=active:true&limit=100&fields=", nil)
	st.Handler(func() time.Time { return acctest.AuditNow }).ServeHTTP(rec, req)
	var out struct {
		Items []struct {
			Key string `json:"key"`
		} `json:"items"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		return nil, err
	}
	if len(out.Items) < 20 {
		return nil, fmt.Errorf("the store needs 20 active sessions, has %d", len(out.Items))
	}
	keys := make([]string, len(out.Items))
	for i, it := range out.Items {
		keys[i] = it.Key
	}
	return keys, nil
}

// TestAccAuditSessions_snapshotExpiry: a snapshot SPS drops during the read
// (the mock's clock moves 6 minutes between two pages) is replaced once
// and the read comes out whole; dropping the second one too fails the
// read, naming the firmware, and never leaves a partial list.
func TestAccAuditSessions_snapshotExpiry(t *testing.T) {
	t.Parallel()
	st := audit.Generate(1500, 43, acctest.AuditNow)
	var clock atomic.Int64
	clock.Store(acctest.AuditNow.UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	rw := &readWatch{st: st}
	var expireEvery atomic.Int64 // expire every n-th snapshot at its second page
	rw.hook = func(snap, page int) {
		if e := int(expireEvery.Load()); page == 2 && e > 0 && snap%e == 1%e {
			clock.Add(int64(6 * time.Minute))
		}
	}
	env := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithFirmware("7.5.0"),
		mockspstest.WithConfig(func(c *mocksps.Config) { c.Now = now }), mockspstest.WithMiddleware(rw.middleware))
	config := func(maxResults int) string {
		return env.AuditorBlock() + fmt.Sprintf(`
data "sps_audit_sessions" "all" {
  max_results = %d
  fields      = []
}
`, maxResults)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// Every read loses its first snapshot and reads from the second.
			PreConfig: func() { expireEvery.Store(2) },
			Config:    config(2000),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("data.sps_audit_sessions.all", "sessions.#", "1500"),
				resource.TestCheckResourceAttr("data.sps_audit_sessions.all", "truncated", "false"),
				func(*terraform.State) error {
					rw.mu.Lock()
					defer rw.mu.Unlock()
					if rw.snapshots < 2 || rw.snapshots%2 != 0 {
						return fmt.Errorf("%d snapshots: want two per read", rw.snapshots)
					}
					return nil
				},
			),
		}, {
			PreConfig:   func() { expireEvery.Store(1) },
			Config:      config(1999),
			ExpectError: regexp.MustCompile(`SPS \(firmware 7\.5\.0\) no longer knew the session\s+database\s+snapshot`),
		}},
	})
}
