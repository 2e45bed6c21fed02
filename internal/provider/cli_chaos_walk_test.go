package provider_test

// The CLI chaos walk (`make chaos-cli SEED=… ITER=…`): a seeded random walk
// of configuration changes (creates, updates, renames and deletes of
// policies, options changes), each applied by the real CLI with the built
// provider (dev_overrides) against the mocksps binary whose commits are
// slow, and each apply interrupted with SIGINT at a random moment, twice in
// some steps. Ctrl-C in a terminal signals the whole foreground process
// group, so the walk runs the CLI in its own group and signals the group:
// the provider gets the SIGINT too, as it would for a user.
//
// After each step the walk acts as an operator would and checks:
//   - single Ctrl-C: every policy the appliance committed is in state
//     (else it counts as untracked);
//   - the appliance lock is free before going on: after a double Ctrl-C
//     the CLI exits at once and can leave its provider running, so the walk
//     waits for it (then kills what is left of the group, which it
//     started) and for SPS to end abandoned logins (the mock's idle
//     timeout is short), which rolls back their transactions;
//   - recovery: `apply`; if it is refused because committed policies are
//     missing from state (left by a double Ctrl-C), its output must name
//     each one's key and say `terraform import` (else a bad recovery); the
//     walk imports each key the output names with an import block and
//     applies again; a stale state lock is force-unlocked with the ID the
//     CLI prints. Then the plan must be empty and the appliance must hold
//     exactly the configured policies, once each, with the configured
//     values, and the configured options (else a bad recovery; a policy
//     held twice counts as a duplicate);
//   - no transaction lock is left on the appliance.
//
// SPS_CHAOS_CLI_ITER (steps; unset or 0 skips the test) and
// SPS_CHAOS_CLI_SEED (default 1) drive it. SPS_CHAOS_CLI_REPORT_ONLY_HINT=1
// reports a refusal that does not name a leftover without counting it as a
// bad recovery. The CLI is the acceptance tests' (TF_ACC_TERRAFORM_PATH, or
// terraform on PATH); a CLI crash (panic) is counted and reported.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
)

// Slow enough that a random interrupt often lands during a commit, fast
// enough that a walk of 40 steps takes minutes.
const chaosCommitDelay = 1500 * time.Millisecond

// chaosCounts are the figures of the closing line.
type chaosCounts struct {
	steps, interrupted, doubles, untracked, duplicates, badRecoveries, locksLeft, crashes, unnamed, stateRepairs int
}

type chaosWalk struct {
	t          *testing.T
	h          *cliHarness
	url, dir   string
	env        []string
	reportOnly bool
	c          chaosCounts
}

// signalPlan is when a step's apply is interrupted, drawn from the walk's
// generator: from the start of the apply, or from the moment the commit
// request reached the appliance (so that many interrupts land during the
// slow commit).
type signalPlan struct {
	interrupt, afterCommit, double bool
	delay, second                  time.Duration
}

func (g *walkGen) signalPlan() signalPlan {
	p := signalPlan{interrupt: g.rng.IntN(8) != 0, afterCommit: g.rng.IntN(2) == 0, double: g.rng.IntN(4) == 0}
	if p.afterCommit {
		p.delay = time.Duration(g.rng.IntN(int(chaosCommitDelay/time.Millisecond))) * time.Millisecond
	} else {
		p.delay = time.Duration(200+g.rng.IntN(4000)) * time.Millisecond
	}
	p.second = time.Duration(50+g.rng.IntN(1000)) * time.Millisecond
	return p
}

func TestAccCLIChaosWalk(t *testing.T) {
	iter, _ := strconv.Atoi(os.Getenv("SPS_CHAOS_CLI_ITER"))
	if iter <= 0 {
		t.Skip("set SPS_CHAOS_CLI_ITER to the number of steps (make chaos-cli)")
	}
	seed := uint64(1)
	if s := os.Getenv("SPS_CHAOS_CLI_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("SPS_CHAOS_CLI_SEED=%q: %v", s, err)
		}
	}
	h := buildCLIHarness(t)
	w := &chaosWalk{
		t: t, h: h, dir: t.TempDir(),
		url: h.startMockBinary(t, "-commit-delay", chaosCommitDelay.String(), "-session-ttl", "8s"),
		// A lock left by a killed provider is freed by the idle timeout;
		// waiting the default 5 minutes for it would only slow the walk.
		env:        []string{"SPS_LOCK_WAIT_TIMEOUT=30s"},
		reportOnly: os.Getenv("SPS_CHAOS_CLI_REPORT_ONLY_HINT") == "1",
	}
	_, ver := h.run(t, w.dir, w.url, nil, "version")
	chaosPrintf("seed %d, %d steps, %s (%s)", seed, iter, strings.SplitN(ver, "\n", 2)[0], h.terraform)

	g := newWalkGen(seed)
	var cfg walkConfig
	for step := 1; step <= iter; step++ {
		did := []string{"initial"}
		if step == 1 {
			cfg = g.initial()
		} else {
			cfg, did = g.next(cfg)
		}
		w.step(step, cfg, did, g.signalPlan())
	}
	c := w.c
	if c.crashes > 0 {
		chaosPrintf("%d CLI crashes (panic) seen", c.crashes)
	}
	if c.stateRepairs > 0 {
		chaosPrintf("%d state files cut short by a double Ctrl-C, repaired from the backup or dropped", c.stateRepairs)
	}
	if c.unnamed > 0 {
		chaosPrintf("%d leftovers not named with `terraform import` by the refused apply%s", c.unnamed,
			map[bool]string{true: " (reported only: SPS_CHAOS_CLI_REPORT_ONLY_HINT=1)", false: ""}[w.reportOnly])
	}
	chaosPrintf("%d steps, %d interrupted, %d untracked, %d duplicates, %d bad recoveries, %d locks left",
		c.steps, c.interrupted, c.untracked, c.duplicates, c.badRecoveries, c.locksLeft)
	if c.untracked+c.duplicates+c.badRecoveries+c.locksLeft > 0 {
		t.Errorf("the walk found problems (seed %d): see the step lines above", seed)
	}
}

// chaosPrintf prints a progress line to stdout, where `make chaos-cli`
// picks the lines up from the test's output.
func chaosPrintf(format string, args ...any) {
	fmt.Printf("chaos-cli: "+format+"\n", args...)
}

func (w *chaosWalk) step(n int, cfg walkConfig, did []string, plan signalPlan) {
	t := w.t
	w.c.steps++
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(cfg.hcl()), 0o600); err != nil {
		t.Fatal(err)
	}
	out, sent := w.interruptedApply(plan)
	w.noteCrash(out)
	if sent > 0 {
		w.c.interrupted++
	}
	if sent == 2 {
		w.c.doubles++
	}
	w.waitLockFree()
	if sent == 2 {
		// What the CLI left of the state, for the step line: a double
		// Ctrl-C can leave it empty or cut short.
		size := "no state file"
		if fi, err := os.Stat(filepath.Join(w.dir, "terraform.tfstate")); err == nil {
			size = fmt.Sprintf("state file %d bytes", fi.Size())
		}
		did = append(did, size)
	}

	snap := w.snapshot()
	inState := w.stateIDs()
	var missing []string
	for _, k := range snap.createdKeys() {
		if !inState[k] {
			missing = append(missing, k)
		}
	}
	what := map[int]string{0: "not interrupted", 1: "Ctrl-C", 2: "Ctrl-C Ctrl-C"}[sent]
	if sent < 2 && len(missing) > 0 {
		w.c.untracked += len(missing)
		t.Errorf("step %d (%s): committed policies or objects missing from state: %v\napply output:\n%s", n, what, missing, out)
	}
	bad := w.c.badRecoveries
	w.recoverStep(n, cfg)
	result := "ok"
	if w.c.badRecoveries > bad {
		result = "BAD RECOVERY"
	}
	if sent == 0 && plan.interrupt {
		what = "ended before the planned Ctrl-C"
	}
	if sent > 0 {
		what += fmt.Sprintf(" %v after the %s", plan.delay, map[bool]string{true: "commit request", false: "start"}[plan.afterCommit])
	}
	chaosPrintf("step %d: %s; %s; %d committed policies or objects not in state; recovery %s", n, strings.Join(did, ", "), what,
		len(missing), result)
}

// interruptedApply runs apply in its own process group and signals the
// group as planned. It returns the output and how many SIGINTs reached the
// CLI while it ran.
func (w *chaosWalk) interruptedApply(plan signalPlan) (string, int) {
	t := w.t
	commits := mockRequests(t, w.url, "PUT /api/transaction")
	ctx := t.Context()
	cmd, out := w.h.command(ctx, w.dir, w.url, w.env, "apply", "-auto-approve", "-no-color")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pgid := cmd.Process.Pid
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	exited := func(d time.Duration) bool {
		select {
		case <-done:
			return true
		case <-time.After(d):
			return false
		}
	}
	sent := 0
	if plan.interrupt {
		if plan.afterCommit {
			waitFor(60*time.Second, func() bool {
				select {
				case <-done:
					return true
				default:
				}
				return mockRequests(t, w.url, "PUT /api/transaction") > commits
			})
		}
		if !exited(plan.delay) && syscall.Kill(-pgid, syscall.SIGINT) == nil {
			sent = 1
			if plan.double && !exited(plan.second) && syscall.Kill(-pgid, syscall.SIGINT) == nil {
				sent = 2
			}
		}
	}
	select {
	case <-done:
	case <-time.After(3 * time.Minute):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
		t.Fatalf("apply did not end within 3 minutes:\n%s", out)
	}
	// The provider can outlive a CLI that exited at once; give it time to
	// finish what it committed, then end what is left of the group.
	waitFor(15*time.Second, func() bool { return syscall.Kill(-pgid, 0) != nil })
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	return out.String(), sent
}

// noteCrash counts a CLI panic (such as Terraform 1.16's "ObjectStatus(0)"
// on an unknown commit outcome) and logs its first line.
func (w *chaosWalk) noteCrash(out string) {
	if i := strings.Index(out, "panic:"); i >= 0 {
		w.c.crashes++
		line, _, _ := strings.Cut(out[i:], "\n")
		w.t.Logf("the CLI crashed: %s", line)
	}
}

func (w *chaosWalk) snapshot() mockSnapshot {
	var raw json.RawMessage
	mockGet(w.t, w.url+"/_mock/state", &raw)
	s, err := decodeSnapshot(raw)
	if err != nil {
		w.t.Fatalf("decoding /_mock/state: %v", err)
	}
	var list mockObjectList
	mockGet(w.t, w.url+"/_mock/config/"+cliObjectsPath, &list)
	s.Objects = map[string]walkObjectBody{}
	for _, it := range list.Items {
		s.Objects[it.Key] = it.Body
	}
	return s
}

// waitLockFree waits for the appliance's configuration lock to be free:
// an abandoned login's transaction ends with its idle timeout.
func (w *chaosWalk) waitLockFree() bool {
	return waitFor(30*time.Second, func() bool {
		s := w.snapshot()
		return s.LockHolder == "" && s.OpenTransactions == 0
	})
}

// stateIDs are the keys of the policies and generic objects in state.
func (w *chaosWalk) stateIDs() map[string]bool {
	code, out := w.h.run(w.t, w.dir, w.url, nil, "show", "-json")
	if code != 0 && strings.Contains(out, "Unsupported state file format") {
		w.repairState()
		code, out = w.h.run(w.t, w.dir, w.url, nil, "show", "-json")
	}
	if code != 0 {
		w.t.Fatalf("show -json exited with %d:\n%s", code, out)
	}
	var s acctest.ShowJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		w.t.Fatalf("show -json: %v\n%s", err, out)
	}
	ids := map[string]bool{}
	for _, r := range s.Values.RootModule.Resources {
		if id, ok := r.Values["id"].(string); ok && strings.HasPrefix(r.Address, "sps_vnc_settings_policy.") {
			ids[id] = true
		}
		if key, ok := r.Values["key"].(string); ok && strings.HasPrefix(r.Address, "sps_config_object.") {
			ids[key] = true
		}
	}
	return ids
}

// repairState handles a state file cut short: the local backend rewrites
// terraform.tfstate in place, so a CLI that exits at once on a second
// Ctrl-C can leave it truncated. As an operator would, the walk puts back
// terraform.tfstate.backup (the state before that apply) when it parses,
// else starts from no state; the recovery then imports what SPS holds.
func (w *chaosWalk) repairState() {
	w.c.stateRepairs++
	st, bak := filepath.Join(w.dir, "terraform.tfstate"), filepath.Join(w.dir, "terraform.tfstate.backup")
	if b, err := os.ReadFile(bak); err == nil && json.Valid(b) {
		w.t.Logf("the state file is cut short; restoring %s", filepath.Base(bak))
		if err := os.WriteFile(st, b, 0o600); err != nil {
			w.t.Fatal(err)
		}
		return
	}
	w.t.Logf("the state file and its backup are cut short; starting from no state")
	_ = os.Remove(bak)
	if err := os.Remove(st); err != nil {
		w.t.Fatal(err)
	}
}

// namesKey reports whether key stands in flat output as a word of its own
// (not inside a longer key).
func namesKey(flat, key string) bool {
	return regexp.MustCompile(`(^|[^0-9A-Za-z_-])` + regexp.QuoteMeta(key) + `($|[^0-9A-Za-z_-])`).MatchString(flat)
}

var (
	lockIDRE   = regexp.MustCompile(`ID:\s+([0-9a-f-]{36})`)
	diagBoxRE  = regexp.MustCompile(`[│╷╵]`)
	whitespace = regexp.MustCompile(`\s+`)
)

// flatten undoes the CLI's diagnostic box and line wrapping, so a phrase
// split over two lines still matches.
func flatten(out string) string {
	return whitespace.ReplaceAllString(diagBoxRE.ReplaceAllString(out, " "), " ")
}

// unnamedLeftovers are the leftovers a refused apply's output does not name
// by key along with how to import them (the words `terraform import`).
// Policies' keys are UUIDs; generic objects' keys are SPS's own form, so a
// key counts as named when it stands as a word of the output.
func unnamedLeftovers(out string, left []string) []string {
	flat := flatten(out)
	var unnamed []string
	for _, k := range left {
		if !namesKey(flat, k) || !strings.Contains(flat, "terraform import") {
			unnamed = append(unnamed, k)
		}
	}
	return unnamed
}

// recoverStep applies until the apply succeeds, handling what an interrupted
// apply can leave behind, then checks the result (see the file comment).
func (w *chaosWalk) recoverStep(n int, cfg walkConfig) {
	t := w.t
	imports := filepath.Join(w.dir, "imports.tf")
	defer os.Remove(imports)
	bad := func(format string, args ...any) {
		w.c.badRecoveries++
		t.Errorf("step %d: bad recovery: "+format, append([]any{n}, args...)...)
	}
	checkedHint := false
	var code int
	var out string
	for attempt := 1; attempt <= 4; attempt++ {
		code, out = w.h.run(t, w.dir, w.url, w.env, "apply", "-auto-approve")
		w.noteCrash(out)
		if code == 0 {
			break
		}
		if m := lockIDRE.FindStringSubmatch(out); m != nil && strings.Contains(out, "Error acquiring the state lock") {
			t.Logf("step %d: force-unlocking the state lock %s left by the interrupted CLI", n, m[1])
			w.h.run(t, w.dir, w.url, nil, "force-unlock", "-force", m[1])
			continue
		}
		snap, inState := w.snapshot(), w.stateIDs()
		var left []string
		for _, k := range snap.createdKeys() {
			if !inState[k] {
				left = append(left, k)
			}
		}
		if len(left) == 0 {
			t.Logf("step %d: recovery apply %d failed (exit %d), retrying:\n%s", n, attempt, code, out)
			w.waitLockFree()
			continue
		}
		flat := flatten(out)
		if !checkedHint {
			checkedHint = true
			unnamed := unnamedLeftovers(out, left)
			w.c.unnamed += len(unnamed)
			switch {
			case len(unnamed) == 0:
			case w.reportOnly:
				t.Logf("step %d: the refused apply does not name leftovers %v with `terraform import` (reported only)", n, unnamed)
			default:
				bad("the refused apply does not name leftovers %v with `terraform import`:\n%s", unnamed, out)
			}
		}
		var blocks strings.Builder
		for _, k := range left {
			if !namesKey(flat, k) {
				// Found through the mock only, so that the walk goes on;
				// counted above.
				t.Logf("step %d: leftover %s not named by the CLI output; importing it anyway", n, k)
			}
			blocks.WriteString(snap.importBlock(cfg, k))
		}
		if blocks.Len() == 0 {
			break
		}
		if err := os.WriteFile(imports, []byte(blocks.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code != 0 {
		bad("the apply still fails:\n%s", out)
		return
	}
	if code, out := w.h.run(t, w.dir, w.url, nil, "plan", "-detailed-exitcode"); code != 0 {
		bad("the plan after recovery is not empty (exit %d):\n%s", code, out)
	}
	diffs, dups := w.snapshot().compare(cfg)
	w.c.duplicates += dups
	if len(diffs) > 0 {
		bad("the appliance does not hold the configuration:\n  %s", strings.Join(diffs, "\n  "))
	}
	if !waitFor(3*time.Second, func() bool { s := w.snapshot(); return s.LockHolder == "" && s.OpenTransactions == 0 }) {
		w.c.locksLeft++
		t.Errorf("step %d: the appliance lock is still held after recovery: %+v", n, w.snapshot().LockHolder)
	}
}
