package provider_test

import (
	"fmt"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
)

// Request routes the matrix breaks. Policy creates are POSTs to the list,
// updates and deletes address one object; the options are one object
// written with PUT; the transaction is opened with POST and committed with
// PUT.
const (
	routePolicyCreate = "POST /api/configuration/vnc/settings_policies"
	routePolicyUpdate = "PUT /api/configuration/vnc/settings_policies/*"
	routePolicyDelete = "DELETE /api/configuration/vnc/settings_policies/*"
	routeOptionsPut   = "PUT /api/configuration/vnc/options"
	routeOpen         = "POST /api/transaction"
	routeCommit       = "PUT /api/transaction"
)

func fault(kind, match string) faults.Fault { return faults.Fault{Kind: kind, Match: match} }

func statusFault(code int, match string) faults.Fault {
	return faults.Fault{Kind: faults.KindStatus, Status: code, Match: match}
}

// every arms the same faults in all three phases.
func every(fs ...faults.Fault) (create, update, destroy []faults.Fault) { return fs, fs, fs }

// onWrites arms one kind (via mk) on the write routes each phase uses:
// POST for creates, PUT for updates, DELETE for deletes, and the options
// PUT where the options change.
func onWrites(mk func(match string) faults.Fault) (create, update, destroy []faults.Fault) {
	return []faults.Fault{mk(routePolicyCreate), mk(routeOptionsPut), mk(routeObjectCreate)},
		[]faults.Fault{mk(routePolicyUpdate), mk(routeOptionsPut), mk(routeObjectUpdate)},
		[]faults.Fault{mk(routePolicyDelete), mk(routeObjectDelete)}
}

func withCase(name string, fast byte, c, u, d []faults.Fault) chaosCase {
	return chaosCase{name: name, fast: fast, create: c, update: u, destroy: d}
}

// chaosMatrix is every case. Those with a fast phase make up the default
// subset: one per fault kind, spread over create, update and destroy.
func chaosMatrix() []chaosCase {
	var cs []chaosCase
	add := func(c chaosCase) { cs = append(cs, c) }

	// A slow network: every request of the apply is delayed.
	lat := faults.Fault{Kind: faults.KindLatency, Match: "* /api/**", Count: 8, Delay: faults.Duration(15 * time.Millisecond)}
	c, u, d := every(lat)
	add(withCase("latency", 'u', c, u, d))

	// Server errors: nothing applied, the client must retry or replay.
	for _, code := range []int{500, 502, 503} {
		c, u, d = onWrites(func(m string) faults.Fault { return statusFault(code, m) })
		add(withCase(fmt.Sprintf("status_%d_writes", code), 0, c, u, d))
		c, u, d = every(statusFault(code, routeCommit))
		fast := byte(0)
		if code == 503 {
			fast = 'c'
		}
		add(withCase(fmt.Sprintf("status_%d_commit", code), fast, c, u, d))
		c, u, d = every(statusFault(code, routeOpen))
		add(withCase(fmt.Sprintf("status_%d_open", code), 0, c, u, d))
	}
	// Reads during refresh and inside the transaction.
	reads := faults.Fault{Kind: faults.KindStatus, Status: 503, Match: "GET /api/configuration/vnc/**", Count: 2}
	c, u, d = every(reads)
	add(withCase("status_503_reads", 0, c, u, d))
	objectReads := faults.Fault{Kind: faults.KindStatus, Status: 503, Match: "GET /api/configuration/ssh/**", Count: 2}
	c, u, d = every(objectReads)
	add(withCase("status_503_object_reads", 0, c, u, d))
	// A commit that keeps failing: the apply must fail with nothing
	// committed, then succeed once the appliance recovers.
	persistent := faults.Fault{Kind: faults.KindStatus, Status: 503, Match: routeCommit, Count: -1}
	c, u, d = every(persistent)
	cc := withCase("status_503_commit_always", 0, c, u, d)
	cc.expectErr = "SPS API PUT /api/transaction: 503"
	add(cc)

	// Connections lost before the request is handled (nothing applied)
	// and after (applied, answer lost).
	for _, kind := range []string{faults.KindDropBefore, faults.KindDropAfter} {
		c, u, d = onWrites(func(m string) faults.Fault { return fault(kind, m) })
		fast := byte(0)
		if kind == faults.KindDropAfter {
			fast = 'u'
		}
		add(withCase(kind+"_writes", fast, c, u, d))
		c, u, d = every(fault(kind, routeCommit))
		add(withCase(kind+"_commit", 0, c, u, d))
		c, u, d = every(fault(kind, routeOpen))
		fast = 0
		if kind == faults.KindDropBefore {
			fast = 'd'
		}
		add(withCase(kind+"_open", fast, c, u, d))
	}

	// The login session ends: at the open, between two writes of the same
	// transaction (the second write of the phase), at the commit, and on
	// the refresh reads.
	c, u, d = every(fault(faults.KindExpireSession, routeOpen))
	add(withCase("expire_session_open", 0, c, u, d))
	add(withCase("expire_session_mid_writes", 'u',
		[]faults.Fault{{Kind: faults.KindExpireSession, Match: "POST /api/configuration/**", Skip: 1}},
		[]faults.Fault{{Kind: faults.KindExpireSession, Match: "PUT /api/configuration/**", Skip: 1}},
		[]faults.Fault{{Kind: faults.KindExpireSession, Match: "DELETE /api/configuration/**", Skip: 1}}))
	c, u, d = every(fault(faults.KindExpireSession, routeCommit))
	add(withCase("expire_session_commit", 0, c, u, d))
	c, u, d = every(fault(faults.KindExpireSession, "GET /api/**"))
	add(withCase("expire_session_read", 0, c, u, d))

	// Commits refused as a whole: once (the client finds no culprit and
	// succeeds on the retry of the halves), and always (nothing applied).
	c, u, d = every(faults.Fault{Kind: faults.KindCommitFail400})
	add(withCase("commit_fail_400_once", 0, c, u, d))
	c, u, d = every(faults.Fault{Kind: faults.KindCommitFail400, Count: -1})
	cc = withCase("commit_fail_400_always", 'c', c, u, d)
	// A refused commit reads as rejected values for a create or update,
	// and as a refused deletion for a destroy (DELETE errors get their
	// own wording).
	cc.expectErr = "SPS (rejected the values|refused the deletion)"
	add(cc)

	// A 500 on commit that did or did not apply: the client must tell by
	// reading back, never commit twice.
	c, u, d = every(faults.Fault{Kind: faults.KindCommit500Applied})
	add(withCase("commit_500_applied", 'u', c, u, d))
	c, u, d = every(faults.Fault{Kind: faults.KindCommit500NotApplied})
	add(withCase("commit_500_not_applied", 'd', c, u, d))

	// Another administrator holds the lock: briefly (waited out), and for
	// longer than lock_wait_timeout (a clean error naming the holder).
	short := faults.Fault{Kind: faults.KindLock, Match: routeOpen, User: "alice", Delay: faults.Duration(400 * time.Millisecond)}
	c, u, d = every(short)
	add(withCase("lock_short", 'd', c, u, d))
	long := faults.Fault{Kind: faults.KindLock, Match: routeOpen, User: "alice", Delay: faults.Duration(3 * time.Second)}
	c, u, d = every(long)
	cc = withCase("lock_long", 0, c, u, d)
	cc.extra = []string{`lock_wait_timeout = "1s"`}
	cc.expectErr = "SPS user alice holds the SPS configuration lock"
	add(cc)

	// Slow commits: within the request timeout, and beyond it (the client
	// gives up on the answer, the appliance finishes the commit anyway,
	// the client waits for it and reads back).
	c, u, d = every(faults.Fault{Kind: faults.KindSlowCommit, Delay: faults.Duration(300 * time.Millisecond)})
	add(withCase("slow_commit", 'c', c, u, d))
	c, u, d = every(faults.Fault{Kind: faults.KindSlowCommit, Delay: faults.Duration(4 * time.Second)})
	cc = withCase("slow_commit_timeout", 0, c, u, d)
	cc.extra = []string{`request_timeout = "2s"`}
	add(cc)
	// A commit that outlives the provider's patience (request_timeout 1s:
	// it waits about 4s; the commit takes 6s). The outcome is unknown: the
	// apply fails saying so, nothing is replayed, and the commit lands
	// after the apply has ended. The next refresh learns the outcome (so
	// it may show drift), and the next apply converges.
	c, u, d = every(faults.Fault{Kind: faults.KindSlowCommit, Delay: faults.Duration(6 * time.Second)})
	cc = withCase("commit_outlives_client", 0, c, u, d)
	cc.extra = []string{`request_timeout = "1s"`}
	cc.expectErr = "SPS commit outcome unknown"
	cc.unknownOutcome = true
	add(cc)
	// The older mock behavior, kept as a fault: a commit whose client hung
	// up is abandoned and the transaction stays open; the client finds it
	// open and commits again.
	c, u, d = every(faults.Fault{Kind: faults.KindSlowCommit, Delay: faults.Duration(3 * time.Second)},
		faults.Fault{Kind: faults.KindCommitAbortOnDisconnect})
	cc = withCase("commit_abort_on_disconnect", 'd', c, u, d)
	cc.extra = []string{`request_timeout = "1s"`}
	add(cc)
	// Ctrl-C while the commit runs: the provider's operations are
	// canceled (as Terraform does on an interrupt) during a slow commit.
	// The commit lands, so every operation must still return the committed
	// object for state.
	c, u, d = every(faults.Fault{Kind: faults.KindInterrupt, Match: routeCommit},
		faults.Fault{Kind: faults.KindSlowCommit, Delay: faults.Duration(time.Second)})
	add(withCase("interrupt_during_commit", 'c', c, u, d))

	// Rate limits (429, from SPS or a proxy in front of it): nothing was
	// processed, so every request is sent again after the wait asked for,
	// writes and the commit included; in seconds, as an HTTP date, or with
	// no Retry-After at all (the client's own backoff). A wait longer than
	// the request may wait fails at once with a clear error, nothing
	// applied.
	rateLimit := func(match, form string, count int, wait time.Duration) faults.Fault {
		return faults.Fault{Kind: faults.KindRateLimit, Match: match, Count: count, Delay: faults.Duration(wait), RetryAfter: form}
	}
	c, u, d = onWrites(func(m string) faults.Fault { return rateLimit(m, faults.RetryAfterSeconds, 0, time.Second) })
	add(withCase("rate_limit_writes", 'c', c, u, d))
	c, u, d = every(rateLimit(routeCommit, faults.RetryAfterDate, 0, time.Second))
	add(withCase("rate_limit_commit_date", 'u', c, u, d))
	c, u, d = every(rateLimit("GET /api/configuration/vnc/**", faults.RetryAfterNone, 2, 0))
	add(withCase("rate_limit_reads_no_header", 0, c, u, d))
	c, u, d = every(rateLimit(routeOpen, faults.RetryAfterSeconds, -1, 2*time.Minute))
	cc = withCase("rate_limit_longer_than_patience", 0, c, u, d)
	cc.extra = []string{`request_timeout = "2s"`}
	cc.expectErr = "SPS is limiting the request rate"
	add(cc)

	// Faults that meet each other on the recovery paths.
	// The commit's answer is lost and the status reads that settle it fail
	// at first.
	c, u, d = every(fault(faults.KindDropAfter, routeCommit),
		faults.Fault{Kind: faults.KindStatus, Status: 503, Match: "GET /api/transaction", Count: 2})
	add(withCase("compound_commit_lost_status_flaky", 0, c, u, d))
	// The commit applied but answered 500, and the session dies at the
	// status read that should settle it: the read-back must decide.
	c, u, d = every(faults.Fault{Kind: faults.KindCommit500Applied},
		fault(faults.KindExpireSession, "GET /api/transaction"))
	add(withCase("compound_applied_then_session_lost", 0, c, u, d))
	// A refused commit, then the rollback's answer is lost.
	c, u, d = every(faults.Fault{Kind: faults.KindCommitFail400},
		fault(faults.KindDropAfter, "DELETE /api/transaction"))
	add(withCase("compound_rollback_answer_lost", 0, c, u, d))
	// A refused commit, then the rollback fails twice.
	c, u, d = every(faults.Fault{Kind: faults.KindCommitFail400},
		faults.Fault{Kind: faults.KindStatus, Status: 500, Match: "DELETE /api/transaction", Count: 2})
	add(withCase("compound_rollback_flaky", 0, c, u, d))
	// The open's answer is lost while another user grabs the lock.
	c, u, d = every(fault(faults.KindDropAfter, routeOpen),
		faults.Fault{Kind: faults.KindLock, Match: routeOpen, User: "bob", Delay: faults.Duration(300 * time.Millisecond)})
	add(withCase("compound_open_lost_and_locked", 0, c, u, d))
	// A session lost between writes, then the commit's answer is lost.
	c, u, d = onWrites(func(m string) faults.Fault {
		return faults.Fault{Kind: faults.KindExpireSession, Match: m}
	})
	c = append(c, fault(faults.KindDropAfter, routeCommit))
	u = append(u, fault(faults.KindDropAfter, routeCommit))
	d = append(d, fault(faults.KindDropAfter, routeCommit))
	add(withCase("compound_session_lost_then_commit_lost", 0, c, u, d))
	// A flaky appliance: every API request has a chance of a 503 or of a
	// lost answer. Seeded, so the run is reproducible.
	storm := []faults.Fault{
		{Kind: faults.KindStatus, Status: 503, Match: "* /api/configuration/**", Probability: 0.15},
		{Kind: faults.KindDropAfter, Match: "* /api/configuration/**", Probability: 0.1},
		{Kind: faults.KindStatus, Status: 502, Match: routeCommit, Probability: 0.3},
	}
	c, u, d = every(storm...)
	add(withCase("storm", 0, c, u, d))
	return cs
}
