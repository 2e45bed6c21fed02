// Package faults makes the mock SPS misbehave on purpose, so the client's
// retry, rollback and error paths can be tested against failures a real
// appliance and network produce. It is a middleware in front of the mock's
// handlers plus an admin endpoint (AdminPath, outside the SPS API) and a CLI
// form (ParseFlag) for arming rules.
//
// # Rules
//
// A Fault picks requests by method and path glob ("PUT /api/transaction",
// "* /api/configuration/vnc/**"; "*" stays inside one path segment, "**"
// spans segments, a trailing "/" on the request path is ignored). It fires on
// the next Count matching requests after letting Skip through, or, with a
// Probability, on each armed matching request with that chance. The chance
// is drawn from a generator per rule, seeded by the injector's seed and the
// rule's ID, and drawn only for armed matching requests: the same seed,
// rules and request sequence always inject the same faults. Under
// concurrency the sequence is whatever order the requests reach the
// injector.
//
// Rules are evaluated in the order they were added. Every matching latency,
// slow_commit, lock, expire_session, interrupt and commit_abort_on_disconnect
// rule takes part. Of the kinds that decide the response (status, drop_*,
// commit_*, search_unavailable, rate_limit), only the first to fire
// does; later ones of those kinds do not see the request at all.
//
// Order within one request: interrupt calls its hook first, then the delays
// (global latency, latency) are slept, then lock and
// expire_session call their hooks, then the response-changing fault acts or
// the request goes on.
//
// # Kinds
//
// latency: sleeps Delay before the request is handled. Emulates a slow
// network or appliance. It does not slow the response body once writing
// starts. SetLatency adds the same delay to every request (used by
// benchmarks). A client that gives up during the delay gets nothing, and the
// request is not handled.
//
// status: answers Status (5xx, default 503) in the SPS error shape without
// passing the request on, so nothing is applied. Emulates a failing API
// service or a proxy in front of it. A real 502/503 from a web server or
// load balancer may carry an HTML body instead; the mock always sends JSON.
//
// drop_before: closes the TCP connection without a response, before the
// request is handled (nothing applied). Emulates a connection lost on the
// way in. Note that Go's http.Transport silently resends an idempotent
// request (GET, HEAD, ...) once when a reused connection dies like this, so
// a GET behind a count=1 drop_before can look like a plain success.
//
// drop_after: lets the request be handled (applied), throws the response
// away and closes the connection. Emulates a connection lost on the way back:
// the client cannot know whether its write took effect.
//
// expire_session: ends the caller's login session (and with it any open
// transaction and the lock) through Hooks.ExpireSession, then passes the
// request on, so it gets the mock's real 401 Unauthenticated. Emulates an
// idle timeout striking between two calls.
//
// commit_fail_400: answers a commit (PUT /api/transaction with
// {"status": "commit"}) with 400 SemanticError and details.errors, without
// passing it on: nothing is applied and the transaction stays open, as when
// the appliance's whole-configuration check fails. The real details shape is
// not documented; this one is the mock's.
//
// commit_500_not_applied: answers a commit with 500 without passing it on:
// nothing applied, transaction still open.
//
// commit_500_applied: lets the commit happen, then replaces its response
// with the same 500 as commit_500_not_applied, so the client cannot tell the
// two apart. If the commit fails by itself, its real answer is passed on and
// the fault stays armed.
//
// lock: makes Fault.User (default DefaultLockUser) hold the configuration
// lock for Delay through Hooks.HoldLock, then passes the request on, so it
// meets the mock's real lock conflict. Emulates another administrator
// working at the same time. If the lock is already held the hook fails, the
// request goes on untouched, the fault stays armed and Stats.HookErrors
// counts it.
//
// slow_commit: makes a commit take Delay longer, on top of the server's
// own commit time. Emulates a commit that takes long on a busy appliance, to
// exercise client timeouts. The delay is part of the commit: meanwhile the
// transaction is committing (another commit or write of the session gets
// 409 TransactionCommitting), and if the client hangs up the commit still
// finishes and publishes (unless commit_abort_on_disconnect fired on the
// same request).
//
// commit_abort_on_disconnect: marks a commit so that if the client
// disconnects before it finishes (during slow_commit or the server's commit
// delay), nothing is published and the transaction stays open. This is the
// mock's former default; a real appliance finishes a commit it has started,
// so use it only to test a client against that older, weaker mock behavior.
//
// interrupt: calls Hooks.Interrupt with the request, then passes the
// request on. A harness running the client in-process uses it to stop the
// client at a precise moment (for example during a slow commit), as an
// operator's Ctrl-C would. The mock binary supplies no hook, so there the
// kind is refused.
//
// search_unavailable: answers 500 SearchUnavailable ("the search backend is
// inaccessible"), the error the vendor's stats page documents, without
// passing the request on. With match left empty it targets every read of
// the session database (GET /api/audit/**). Emulates the appliance's search
// service being down or restarting while the REST API is up.
//
// rate_limit: answers 429 TooManyRequests without passing the request on,
// so nothing is applied, with a Retry-After header asking the client to wait
// Delay (default 1s): in seconds (RetryAfter "seconds", rounded up), as an
// HTTP date (RetryAfter "date", rounded up to the next whole second), or
// not at all ("none"). Emulates SPS or a proxy in front of it limiting the
// request rate. SPS documents no rate limit of its own; the body is the
// mock's, in the SPS error shape.
//
// # Not emulated
//
// No partial or truncated responses, no slow response bodies, no resets in
// the middle of a body, no TLS-level faults (bad handshakes, expired
// certificates), no DNS failures, no HTTP/2 stream errors beyond what
// net/http does on an aborted handler, and no faults in the appliance's
// other services beyond search_unavailable (cluster, archive). Drops close the connection
// after the request headers were read; they cannot emulate a server that
// accepts a connection and never answers (use a long latency for that).
//
// Responses the injector writes itself carry the header HeaderFault
// ("X-Mock-Fault: <id> <kind>") for test logs; a real SPS never sends it.
package faults
