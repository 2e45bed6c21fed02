package provider_test

// Fault-matrix acceptance tests: real terraform applies (create, update,
// destroy of three settings policies and the VNC options) against an
// in-process mock whose fault injector breaks one request route at a time.
// After every faulted apply the suite checks the promises the client makes:
//
//   - atomicity: the appliance's committed configuration is exactly the
//     state before the apply or exactly the state after it, never a mix;
//   - honesty: Terraform's state agrees with the appliance (directly after a
//     successful apply; after a failed one, the next refresh finds no drift
//     and the next plan creates nothing the appliance already has);
//   - hygiene: no transaction and no lock is left open (a lock a fault gave
//     to another user may run out on its own);
//   - convergence: a plain re-apply succeeds and leaves an empty plan.
//
// `make test` runs one case per fault kind in one phase; SPS_CHAOS_FULL=1
// (`make chaos`) runs every case through all three phases. The run ends
// with the line
//
//	faults: <N> injected, <N> survived, <P> partial applies, <L> locks left
//
// and fails unless P and L are 0.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// envChaosFull selects the full matrix.
const envChaosFull = "SPS_CHAOS_FULL"

// chaosTuneClient shortens the client's waits: the provider block has no
// attributes for retry backoff or the group window (users have no reason to
// touch them), and the matrix would spend minutes in default backoffs.
func chaosTuneClient(cfg *sps.Config) {
	cfg.RetryWaitMin, cfg.RetryWaitMax = 5*time.Millisecond, 60*time.Millisecond
	// Long enough that the parallel operations of one apply reliably
	// share a group even on a loaded machine: a group of one meeting
	// commit_fail_400 fails for good, where a larger one is bisected.
	cfg.GroupWindow = 200 * time.Millisecond
}

// chaosProviderFactories serves the provider with chaosTuneClient; in cancels its
// in-flight resource operations on the interrupt fault.
func chaosProviderFactories(in *interruptor) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"sps": func() (tfprotov6.ProviderServer, error) {
			s := providerserver.NewProtocol6(provider.NewWithClientTuning("test", chaosTuneClient))()
			return interruptibleServer{ProviderServer: s, in: in}, nil
		},
	}
}

// interruptor cancels the provider's in-flight apply operations, as
// Terraform does when the operator presses Ctrl-C (it asks the provider to
// stop, which cancels the contexts of running operations, then records the
// state they return). The harness runs the provider in-process, so the
// mock's interrupt fault calls this instead of signaling Terraform.
type interruptor struct {
	mu      sync.Mutex
	cancels map[*context.CancelFunc]struct{}
}

func (in *interruptor) track(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	in.mu.Lock()
	if in.cancels == nil {
		in.cancels = map[*context.CancelFunc]struct{}{}
	}
	in.cancels[&cancel] = struct{}{}
	in.mu.Unlock()
	return ctx, func() {
		in.mu.Lock()
		delete(in.cancels, &cancel)
		in.mu.Unlock()
		cancel()
	}
}

func (in *interruptor) interrupt(*http.Request) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for c := range in.cancels {
		(*c)()
	}
}

// interruptibleServer gives every ApplyResourceChange a context the
// interruptor can cancel.
type interruptibleServer struct {
	tfprotov6.ProviderServer
	in *interruptor
}

func (s interruptibleServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	ctx, done := s.in.track(ctx)
	defer done()
	return s.ProviderServer.ApplyResourceChange(ctx, req)
}

// ---------------------------------------------------------------------------
// The configurations and the appliance states they lead to.

// chaosOptions is the sps_vnc_options resource of a configuration.
type chaosOptions struct {
	logLevel, cleanupDays, signingInterval int
}

func (o chaosOptions) hcl() string {
	return fmt.Sprintf(`resource "sps_vnc_options" "this" {
  service      = { enabled = true, log_level = %d }
  cleanup      = { enabled = true, days = %d }
  timestamping = { selection = "local", signing_interval = %d }
}
`, o.logLevel, o.cleanupDays, o.signingInterval)
}

func (o chaosOptions) body() map[string]any {
	return acctest.NormJSON(map[string]any{
		"service": map[string]any{"enabled": true, "log_level": o.logLevel},
		"audit": map[string]any{
			"cleanup":      map[string]any{"enabled": true, "channel_database_cleanup_days": o.cleanupDays},
			"timestamping": map[string]any{"selection": "local", "signing_interval": o.signingInterval},
		},
	}).(map[string]any)
}

// chaosConfigs are the three target configurations: 0 manages nothing
// (destroy), 1 is the first version, 2 changes every object.
var chaosConfigs = [3]struct {
	policies []acctest.SettingsPolicy
	options  *chaosOptions
	objects  []chaosObject
}{
	{},
	{
		policies: []acctest.SettingsPolicy{
			{Addr: "p1", Name: "chaos-one", Timeout: 301, ClientTLS: "TLSv1_2"},
			{Addr: "p2", Name: "chaos-two", Timeout: 302, ClientTLS: "TLSv1_2"},
			{Addr: "p3", Name: "chaos-three", Timeout: 303, ClientTLS: "TLSv1_2"},
		},
		options: &chaosOptions{logLevel: 5, cleanupDays: 30, signingInterval: 60},
		objects: []chaosObject{
			{addr: "g1", name: "chaos-g-one", comment: "v1", ports: []int{22}},
			{addr: "g2", name: "chaos-g-two", comment: "v1", ports: []int{2222}},
		},
	},
	{
		policies: []acctest.SettingsPolicy{
			{Addr: "p1", Name: "chaos-one", Timeout: 901, Inactivity: 1800, ClientTLS: "TLSv1_2"},
			{Addr: "p2", Name: "chaos-two", Timeout: 902, Preconnect: true, ClientCipher: "HIGH:!aNULL", ClientTLS: "TLSv1_2"},
			{Addr: "p3", Name: "chaos-three-renamed", Timeout: 903, ClientTLS: "TLSv1_1"},
		},
		options: &chaosOptions{logLevel: 2, cleanupDays: 60, signingInterval: 120},
		objects: []chaosObject{
			{addr: "g1", name: "chaos-g-one", comment: "v2", ports: []int{22, 2022}},
			{addr: "g2", name: "chaos-g-two-renamed", comment: "v2", ports: []int{2222}},
		},
	},
}

func chaosHCL(target int) string {
	var b strings.Builder
	for _, p := range chaosConfigs[target].policies {
		b.WriteString(p.HCL())
	}
	if o := chaosConfigs[target].options; o != nil {
		b.WriteString(o.hcl())
	}
	for _, o := range chaosConfigs[target].objects {
		b.WriteString(o.hcl())
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// Checks.

// ---------------------------------------------------------------------------
// Cases and their accounting.

// chaosPhase is one apply of a case.
type chaosPhase struct {
	target    int            // index into chaosConfigs
	faults    []faults.Fault // armed just before the apply; nil = plain apply
	expectErr string         // phrase the apply must fail with; "" = must succeed
	// settleFirst: the apply succeeds with a warning before its commit
	// ends (a create whose outcome is unknown), so the step waits for the
	// commit before judging the appliance and planning again.
	settleFirst bool
}

// chaosCase is one row of the matrix: the faults for the create, update
// and destroy phases (nil = that phase runs without faults).
type chaosCase struct {
	name                    string
	create, update, destroy []faults.Fault
	expectErr               string   // every faulted phase fails with this phrase
	extra                   []string // provider block lines
	// unknownOutcome: the faulted apply ends before its commit does, so
	// the follow-up refresh may find the commit's result as drift.
	unknownOutcome bool
	// fast picks the phase ('c', 'u' or 'd') the default `make test`
	// subset runs; 0 leaves the case to the full matrix.
	fast byte
}

// phases returns the applies to run: all three in the full matrix, or the
// fast subset's one faulted phase after a plain setup apply.
func (c chaosCase) phases(full bool) []chaosPhase {
	if full {
		ps := []chaosPhase{{target: 1, faults: c.create}, {target: 2, faults: c.update}, {target: 0, faults: c.destroy}}
		for i := range ps {
			if ps[i].faults != nil {
				ps[i].expectErr = c.expectErr
			}
		}
		if c.unknownOutcome && ps[0].faults != nil {
			// A create whose outcome is unknown succeeds with a warning
			// (see framework/unsettled_create.go); updates and deletes fail.
			ps[0].expectErr, ps[0].settleFirst = "", true
		}
		return ps
	}
	switch c.fast {
	case 'c':
		return []chaosPhase{{target: 1, faults: c.create, expectErr: c.expectErr}}
	case 'u':
		return []chaosPhase{{target: 1}, {target: 2, faults: c.update, expectErr: c.expectErr}}
	case 'd':
		return []chaosPhase{{target: 1}, {target: 0, faults: c.destroy, expectErr: c.expectErr}}
	}
	return nil
}

// chaosTally sums up every case of the run.
type chaosTally struct {
	mu                                 sync.Mutex
	cases, failed                      int
	injected, survived, partial, locks int
	byKind                             map[string]int
}

func (t *chaosTally) add(st faults.Stats, failed bool, partial, locks int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cases++
	t.injected += st.Total
	if failed {
		t.failed++
	} else {
		t.survived += st.Total
	}
	t.partial += partial
	t.locks += locks
	if t.byKind == nil {
		t.byKind = map[string]int{}
	}
	for k, n := range st.ByKind {
		t.byKind[k] += n
	}
}

// maxLockDelay is how long the lock may stay taken after an apply: a lock
// fault's holder keeps it, and so does a slow commit the client stopped
// waiting for.
func maxLockDelay(fs []faults.Fault) time.Duration {
	var d time.Duration
	for _, f := range fs {
		if f.Kind == faults.KindLock || f.Kind == faults.KindSlowCommit {
			d = max(d, time.Duration(f.Delay))
		}
	}
	return d
}

// runChaosCase runs one case against its own mock.
func runChaosCase(t *testing.T, c chaosCase, phases []chaosPhase, tally *chaosTally) {
	in := &interruptor{}
	env := mockspstest.Start(t, mockspstest.WithConfig(func(cfg *mocksps.Config) { cfg.Interrupt = in.interrupt }))
	srv := env.Server
	inj := srv.Faults()
	providerBlock := env.AdminBlock(append([]string{`request_timeout = "10s"`, `lock_wait_timeout = "3s"`, `max_retries = 4`}, c.extra...)...)
	// HCL refuses duplicate attributes, so a case's extra lines replace
	// the suite's defaults by name.
	providerBlock = dedupeProviderLines(providerBlock)

	seed := readAppliance(srv)
	builtins := map[string]bool{}
	for k := range srv.SettingsPolicies() {
		builtins[k] = true
	}
	agrees := stateMatchesAppliance{srv: srv, builtins: builtins}

	var mu sync.Mutex
	partial, locks := 0, 0
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		tally.add(inj.Injected(), t.Failed(), partial, locks)
	})

	// pending is the check of a faulted phase not judged yet.
	var pending func()
	runPending := func() {
		if p := pending; p != nil {
			pending = nil
			p()
		}
	}

	var steps []resource.TestStep
	prev := seed
	for _, ph := range phases {
		cfg := providerBlock + chaosHCL(ph.target)
		old, next := prev, expectedAfter(prev, seed, ph.target)
		prev = next
		if ph.faults == nil {
			steps = append(steps, resource.TestStep{
				Config:            cfg,
				Check:             checkAppliance(srv, next),
				ConfigStateChecks: []statecheck.StateCheck{agrees},
			})
			continue
		}
		var armed []string
		firedBefore := 0
		lockWait := maxLockDelay(ph.faults) + time.Second
		// checkPhase judges what the faulted apply left behind, before
		// anything else touches the appliance. It runs in the follow-up
		// step, or, if the case dies before that, from Fatal (before the
		// harness's final destroy changes the appliance).
		checkPhase := func() {
			for _, id := range armed {
				inj.Remove(id)
			}
			// A case whose fault never fired proves nothing.
			if inj.Injected().Total == firedBefore {
				t.Errorf("no fault fired during the apply to configuration %d: the matrix entry does not match the requests the apply makes", ph.target)
			}
			got := readAppliance(srv)
			if !got.equal(old) && !got.equal(next) {
				mu.Lock()
				partial++
				mu.Unlock()
				t.Errorf("partial apply: the appliance holds neither the old nor the new configuration:\n  vs old: %s\n  vs new: %s",
					got.diff(old), got.diff(next))
			}
			if h := waitLockFree(srv, time.Now().Add(lockWait)); h != "" {
				mu.Lock()
				locks++
				mu.Unlock()
				t.Errorf("the configuration lock is still held by %q after the apply ended", h)
			}
		}
		faulted := resource.TestStep{
			PreConfig: func() {
				firedBefore = inj.Injected().Total
				ids, err := inj.AddAll(ph.faults)
				if err != nil {
					t.Fatalf("arming faults: %v", err)
				}
				armed = ids
				pending = checkPhase
			},
			Config: cfg,
		}
		switch {
		case ph.expectErr != "":
			faulted.ExpectError = acctest.ExpectError(ph.expectErr)
		case ph.settleFirst:
			faulted.Check = func(s *terraform.State) error {
				runPending()
				return checkAppliance(srv, next)(s)
			}
		default:
			faulted.Check = checkAppliance(srv, next)
			faulted.ConfigStateChecks = []statecheck.StateCheck{agrees}
		}
		preApply := []plancheck.PlanCheck{planCreatesNothingExisting{srv}}
		if !c.unknownOutcome {
			preApply = append(preApply, planShowsNoDrift{})
		}
		if ph.expectErr == "" {
			preApply = append(preApply, plancheck.ExpectEmptyPlan())
		}
		followUp := resource.TestStep{
			PreConfig: runPending,
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             preApply,
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check:             checkAppliance(srv, next),
			ConfigStateChecks: []statecheck.StateCheck{agrees},
		}
		steps = append(steps, faulted, followUp)
	}
	final := expectedAfter(prev, seed, 0)
	resource.Test(fatalHookT{T: t, before: runPending}, resource.TestCase{
		ProtoV6ProviderFactories: chaosProviderFactories(in),
		Steps:                    steps,
		CheckDestroy: func(s *terraform.State) error {
			if h := waitLockFree(srv, time.Now().Add(time.Second)); h != "" {
				return fmt.Errorf("after destroy the lock is held by %q", h)
			}
			return checkAppliance(srv, final)(s)
		},
	})
}

// fatalHookT runs before when the harness gives up on the case, while the
// appliance still shows what the failing step left behind (the harness's
// destroy runs after Fatal).
type fatalHookT struct {
	*testing.T
	before func()
}

func (t fatalHookT) Fatal(args ...any) {
	t.Helper()
	t.before()
	t.T.Fatal(args...)
}

func (t fatalHookT) Fatalf(format string, args ...any) {
	t.Helper()
	t.before()
	t.T.Fatalf(format, args...)
}

// dedupeProviderLines keeps the last assignment of each attribute in the
// provider block, so a case can override the suite's defaults.
func dedupeProviderLines(block string) string {
	lines := strings.Split(block, "\n")
	last := map[string]int{}
	for i, l := range lines {
		if k, _, ok := strings.Cut(strings.TrimSpace(l), "="); ok {
			last[strings.TrimSpace(k)] = i
		}
	}
	out := lines[:0:0]
	for i, l := range lines {
		if k, _, ok := strings.Cut(strings.TrimSpace(l), "="); ok && last[strings.TrimSpace(k)] != i {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func TestAccChaos(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1", resource.EnvTfAcc)
	}
	t.Parallel()
	full := os.Getenv(envChaosFull) != ""
	tally := &chaosTally{}
	selected := 0
	t.Run("matrix", func(t *testing.T) {
		for _, c := range chaosMatrix() {
			phases := c.phases(full)
			if phases == nil {
				continue
			}
			selected++
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				runChaosCase(t, c, phases, tally)
			})
		}
	})

	tally.mu.Lock()
	defer tally.mu.Unlock()
	kinds := make([]string, 0, len(tally.byKind))
	for k, n := range tally.byKind {
		kinds = append(kinds, fmt.Sprintf("%s=%d", k, n))
	}
	sort.Strings(kinds)
	t.Logf("%d cases (%d failed); injected by kind: %s", tally.cases, tally.failed, strings.Join(kinds, " "))
	// Plain stdout, not t.Log: `make chaos` greps for this exact line.
	fmt.Printf("faults: %d injected, %d survived, %d partial applies, %d locks left\n",
		tally.injected, tally.survived, tally.partial, tally.locks)
	if tally.partial != 0 || tally.locks != 0 {
		t.Errorf("%d partial applies and %d locks left; both must be 0", tally.partial, tally.locks)
	}
	if tally.cases < selected {
		return // some cases were filtered out by -run: no coverage claims
	}
	var missing []string
	for _, k := range faults.Kinds {
		// search_unavailable breaks session database reads, which no
		// configuration apply makes; TestSearchUnavailableIsRetriedThenExplained
		// (sps) and TestAccAuditSessionStats_searchUnavailable cover it.
		if tally.byKind[k] == 0 && k != faults.KindSearchUnavailable {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		t.Errorf("fault kinds never injected: %v", missing)
	}
	if full && tally.injected < 50 {
		t.Errorf("the full matrix injected only %d faults; it should inject at least 50", tally.injected)
	}
}
