package sps

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

// Terraform keeps at most -parallelism (10) operations in flight and starts
// a new one as soon as one returns. Operations freed by a commit must be
// able to join the group that queued up during that commit; otherwise, once
// a single straggler has split the stream, groups alternate between 1 and 9
// members and a 40-resource apply costs 8 commits instead of 5.
func TestGroupsRefillAfterCommit(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{CommitDelay: 150 * time.Millisecond})
	c := env.client(func(c *Config) { c.GroupWindow = 50 * time.Millisecond })
	ctx := ctxT(t)

	const total, parallelism = 40, 10
	work := make(chan string, total)
	for i := range total {
		work <- fmt.Sprintf("refill%02d", i)
	}
	close(work)
	var wg sync.WaitGroup
	errs := make(chan error, total)
	for w := range parallelism {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if w > 0 {
				// A head start: the first operation forms a group of its
				// own, and the other nine queue while it commits.
				time.Sleep(80 * time.Millisecond)
			}
			for n := range work {
				if _, err := c.CreateVNCSettingsPolicy(ctx, policy(n)); err != nil {
					errs <- fmt.Errorf("%s: %w", n, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := len(env.policiesByName()); got != total+1 {
		t.Fatalf("policies = %d, want %d", got, total+1)
	}
	// 1 (the head start) + 10 + 10 + 10 + 9.
	if got := env.srv.Counters().Commits; got > 5 {
		t.Errorf("commits = %d, want at most 5: operations freed by a commit did not join the next group", got)
	}
}

// createRound creates names concurrently, each after its delay, and
// returns how long the round took and the commits it made.
func createRound(t *testing.T, env *mockEnv, c *Client, delays map[string]time.Duration) (time.Duration, int) {
	t.Helper()
	ctx := ctxT(t)
	before := env.srv.Counters().Commits
	start := time.Now()
	var wg sync.WaitGroup
	for n, d := range delays {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(d)
			if _, err := c.CreateVNCSettingsPolicy(ctx, policy(n)); err != nil {
				t.Errorf("%s: %v", n, err)
			}
		}()
	}
	wg.Wait()
	return time.Since(start), env.srv.Counters().Commits - before
}

// Once the engine has seen how many callers run at once, a queue of that
// size starts at once instead of waiting out the group window.
func TestGroupOfExpectedSizeStartsAtOnce(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client(func(c *Config) { c.GroupWindow = time.Second })
	round := func(prefix string) map[string]time.Duration {
		out := map[string]time.Duration{}
		for _, n := range names(prefix, 5) {
			out[n] = 0
		}
		return out
	}
	if d, commits := createRound(t, env, c, round("first")); d < time.Second || commits != 1 {
		t.Fatalf("first round: %v, %d commits; want one group after the 1s window", d, commits)
	}
	if d, commits := createRound(t, env, c, round("second")); d >= 700*time.Millisecond || commits != 1 {
		t.Errorf("second round: %v, %d commits; want one group started as soon as all 5 callers were back", d, commits)
	}
}

// A caller a little slower than the window (a loaded machine) still joins
// the group of the others when the group is short of the expected size.
func TestStragglerJoinsShortGroup(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client(func(c *Config) { c.GroupWindow = 200 * time.Millisecond })
	first := map[string]time.Duration{}
	for _, n := range names("one", 5) {
		first[n] = 0
	}
	if _, commits := createRound(t, env, c, first); commits != 1 {
		t.Fatalf("first round: %d commits, want 1", commits)
	}
	second := map[string]time.Duration{}
	for _, n := range names("two", 4) {
		second[n] = 0
	}
	second["two-late"] = 300 * time.Millisecond // 1.5 windows after the others
	if _, commits := createRound(t, env, c, second); commits != 1 {
		t.Errorf("second round: %d commits, want 1 (the straggler joins the short group)", commits)
	}
}
