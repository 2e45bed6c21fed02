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
				if _, err := c.CreateSettingsPolicy(ctx, policy(n)); err != nil {
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
