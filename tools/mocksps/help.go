package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
)

// faultKinds says in one line what each fault kind emulates, for -h: a
// user of the release archive has the binary and its README, not the
// faults package's documentation.
var faultKinds = map[string]string{
	faults.KindLatency:                 "sleep delay before handling the request (a slow network or appliance)",
	faults.KindStatus:                  "answer status (5xx, default 503) in the SPS error shape; nothing applied",
	faults.KindDropBefore:              "close the connection before handling the request; nothing applied",
	faults.KindDropAfter:               "handle the request, then close the connection unanswered: applied, but the client cannot know",
	faults.KindExpireSession:           "end the caller's login first, so the request gets 401 (an idle timeout)",
	faults.KindCommitFail400:           "refuse a commit with 400 SemanticError; the transaction stays open",
	faults.KindCommit500Applied:        "commit, then answer 500 (the client cannot tell it from the next kind)",
	faults.KindCommit500NotApplied:     "answer a commit 500 without committing; the transaction stays open",
	faults.KindLock:                    "let user (default other-admin) hold the configuration lock for delay",
	faults.KindSlowCommit:              "make a commit take delay longer; it still finishes if the client hangs up",
	faults.KindSearchUnavailable:       "answer 500 SearchUnavailable (the search service is down); default match: every GET /api/audit/**",
	faults.KindRateLimit:               "answer 429 with Retry-After delay (default 1s) as retry_after: seconds, date or none",
	faults.KindCommitAbortOnDisconnect: "abandon a commit whose client hangs up (older mocks did; an appliance finishes it)",
	faults.KindInterrupt:               "for in-process Go tests only: this binary refuses it",
}

// usage is -h: what the program is, how it is run, every flag, the fault
// spec, and where the rest is documented.
func usage(fs *flag.FlagSet, w io.Writer) func() {
	return func() {
		fmt.Fprint(w, `mocksps: a mock of the One Identity Safeguard for Privileged Sessions (SPS) REST API,
for trying the terraform-sps/sps provider and testing configurations without an appliance.
It is not SPS: it emulates the API shapes and rules the provider depends on.

Usage:
  mocksps [flags]

It prints "mocksps listening on <url>" when ready; SIGINT or SIGTERM stops it. For example:
  mocksps -addr 127.0.0.1:8443 -ca-out sps-ca.pem -user admin:change-me:admin -sessions 500

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(w, `
Faults: -fault SPEC (repeatable), or POST /_mock/faults with the same keys as a JSON object.
  SPEC is comma-separated key=value pairs, for example
    -fault 'kind=status,match=PUT /api/transaction,status=503,count=2'
  match  METHOD /path/glob ("*" within one path segment, "**" across segments)
  count  how many matching requests it fires on (0: once, negative: always); skip lets that many through first
  probability  fire on each matching request with this chance instead (-fault-seed makes it repeatable)
  kind:
`)
		width := 0
		for _, k := range faults.Kinds {
			width = max(width, len(k))
		}
		for _, k := range faults.Kinds {
			fmt.Fprintf(w, "    %-*s  %s\n", width, k, faultKinds[k])
		}
		fmt.Fprint(w, `
The /_mock endpoints (no login, not part of SPS) read the mock's state and change its
configuration behind Terraform's back: README.md beside this binary lists them.
`)
	}
}
