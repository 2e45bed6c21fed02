package diagnostics

import (
	"fmt"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// The wording of what happened to an operation: commits, locks, rate
// limits, interruptions, taken names.

func commitOutcomeUnknown(op Operation, e *sps.CommitOutcomeUnknownError) wording {
	why := "SPS was still committing when the provider stopped waiting (after about four times request_timeout, " +
		EnvRequestTimeout + "), so the change may still land."
	then := "run terraform apply again once SPS has finished"
	if e.StatusErr != nil {
		why = "the commit request failed and then the provider could not read the transaction's status from SPS, " +
			"so it cannot tell whether the change landed (or is still landing)."
		then = "check that SPS is reachable and run terraform apply again"
	}
	return wording{summary: "SPS commit outcome unknown", advice: "Could not " + op.Verb + " for certain: the provider " +
		"sent the commit, but " + why + " Nothing was sent twice. Terraform recorded what is needed to find out: " + then +
		"; its refresh reads what SPS committed and the plan converges from there."}
}

// committedNotReadBack declines when the object was gone when read back:
// that is worded as the object not found.
func committedNotReadBack(op Operation, e sps.CommittedError) (wording, bool) {
	if sps.IsNotFound(e) {
		return wording{}, false
	}
	kept := "Terraform recorded what the provider wrote; the next refresh (terraform plan or apply) reads what " +
		"SPS has, and the plan converges from there."
	if op.delete {
		kept = "The resource stays in Terraform state; the next refresh (terraform plan or apply) reads SPS and " +
			"drops it, as it is gone."
	}
	return wording{summary: "SPS change committed but not read back", advice: "SPS committed the change to " + op.Verb +
		", but reading the result back failed. " + kept + " If reading fails again, check that SPS is reachable."}, true
}

func canceledBeforeCommit(op Operation) wording {
	return wording{summary: "Interrupted before the change was committed", advice: "Could not " + op.Verb + ": the " +
		"operation was stopped (for example by Ctrl-C) before its SPS transaction was committed, so the provider rolled " +
		"it back and nothing was changed on SPS."}
}

func leftoverTransaction(op Operation, _ *sps.LeftoverTransactionError) wording {
	return wording{summary: "An earlier SPS transaction could not be rolled back", advice: "Could not " + op.Verb + ": an " +
		"earlier SPS transaction of this provider failed and could not be rolled back, twice; opening a new one could " +
		"commit its leftover writes, so none is opened. Check that SPS is reachable and run Terraform again (the " +
		"leftover transaction also ends when its login session times out)."}
}

func earlierCommitRunning(op Operation) wording {
	return wording{summary: "An earlier SPS commit is still running", advice: "Could not " + op.Verb + ": an earlier SPS " +
		"commit of this provider is still running (or its state cannot be read), and no new transaction is opened " +
		"until it ends. Run Terraform again once SPS has finished committing."}
}

// lockTimeout words a lock held by someone else for longer than the
// provider waits; locked a lock it did not wait for (lock_wait_timeout 0).
func lockTimeout(op Operation, e *sps.LockTimeoutError) wording {
	holder := e.Holder
	if holder == "" && e.Err != nil {
		holder = e.Err.LockedBy()
	}
	return lockHeld(op, holder, " (waited "+e.Waited.Round(time.Second).String()+")")
}

func locked(op Operation, e *sps.LockedError) wording { return lockHeld(op, e.API.LockedBy(), "") }

func lockHeld(op Operation, holder, waited string) wording {
	who := "another session"
	if holder != "" {
		who = "SPS user " + fact(holder)
	}
	return wording{summary: "The SPS configuration is locked by another user", advice: "Could not " + op.Verb +
		" because " + who + " holds the SPS configuration lock and did not release it within lock_wait_timeout" +
		waited + ". Wait for the other change to finish (or raise lock_wait_timeout) and run Terraform again; an SPS " +
		"admin can also end that session (the lock is also released when the session times out)."}
}

// rateLimited words a 429 that waiting and retrying did not get past.
func rateLimited(op Operation, e *sps.RateLimitedError) wording {
	why := fmt.Sprintf("still answered 429 Too Many Requests after %d attempts (max_retries, %s), each after the wait "+
		"it asked for or the provider's backoff", e.Err.Attempts, EnvMaxRetries)
	if e.Patience > 0 {
		why = fmt.Sprintf("answered 429 Too Many Requests and asked the provider to wait %s, longer than the request "+
			"could still wait (%s: request_timeout, %s, or the time left of the operation)",
			e.RetryAfter, e.Patience.Round(100*time.Millisecond), EnvRequestTimeout)
	}
	return wording{summary: "SPS is limiting the request rate", advice: "Could not " + op.Verb + ": SPS, or a proxy " +
		"in front of it, " + why + ". It did not process the refused request. Run Terraform again later, or with a " +
		"lower -parallelism; raising request_timeout lets the provider wait longer for its turn."}
}

// nameTaken words a create refused because an object of the area already
// has the name: whose it is and, if it is the user's, the way to bring it
// into state. The provider never takes a same-named object over by itself
// (it could be someone else's), and cannot name the resource's address
// (the protocol does not carry it), so the commands point at the "with"
// line Terraform prints above the detail.
func nameTaken(op Operation, e *sps.NameTakenError) wording {
	id, identity := importForms(op, e.Key)
	return wording{summary: capitalized(article(e.Object)) + " " + e.Object + " with this name already exists on SPS", advice: fmt.Sprintf("Could not %s: "+
		"SPS already has %s %s named %s, with key %s, and Terraform state does not hold it. It may be your own leftover "+
		"from an interrupted run (Terraform stopped, for example by a second Ctrl-C, after SPS committed it but "+
		"before it was saved in state), one made outside Terraform, or another resource of this "+
		"configuration with the same name. The provider never adopts a same-named object by itself.\n\n"+
		"If it is the one this resource describes, import it into the resource named on the \"with\" line above, "+
		"then plan again:\n\n"+
		"  terraform import '<address shown above>' %s\n\n"+
		"or with an import block (Terraform 1.5 and later, OpenTofu):\n\n"+
		"  import {\n    to = <address shown above>\n    id = %s\n  }\n\n"+
		"or by identity (Terraform 1.12 and later, OpenTofu 1.12):\n\n"+
		"  import {\n    to       = <address shown above>\n    identity = %s\n  }\n\n"+
		"If it is not, give this resource another name, or remove the other %s on SPS.",
		op.Verb, article(e.Object), e.Object, HCLString(e.Name), sps.KeyText(e.Key), shellWord(id), HCLString(id), identity, e.Object)}
}

// importForms gives the import ID of key and its identity as an HCL object:
// the key alone for a typed area, "<path>/<key>" and {path, key} for a type
// whose objects live under any path.
func importForms(op Operation, key string) (id, identity string) {
	if a := configuration(op); op.Area.byPath && a != nil {
		return a.Path + "/" + key, "{ path = " + HCLString(a.Path) + ", key = " + HCLString(key) + " }"
	}
	return key, "{ key = " + HCLString(key) + " }"
}

// article is "a" or "an" for noun as it is read aloud: an acronym by the
// sound of its first letter's name ("an SSH", "a VNC"), a word by its
// first letter ("an object", "a time policy").
func article(noun string) string {
	word, _, _ := strings.Cut(noun, " ")
	if word == "" {
		return "a"
	}
	if len(word) > 1 && strings.ToUpper(word) == word {
		if strings.ContainsRune("AEFHILMNORSX", rune(word[0])) {
			return "an"
		}
		return "a"
	}
	if strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}
