// Package sps is a client for the One Identity Safeguard for Privileged
// Sessions (SPS) REST API. It knows nothing about Terraform.
//
// Decisions worth remembering:
//
//   - Two login sessions per Client. The read session serves refreshes,
//     data sources and imports: it never sees uncommitted changes and never
//     waits for the configuration lock. The write session belongs to the
//     transaction engine. Each logs in on first use (one login however many
//     callers race) and logs in again when SPS answers 401 Unauthenticated.
//     The session_id cookie is kept by hand, not in a cookie jar, because a
//     jar drops cookies by the client's clock and SPS's clock may differ.
//
//   - Every configuration write goes through the engine (engine*.go). In
//     CommitGroup mode, operations that arrive within GroupWindow of each
//     other share one transaction: open, each member's writes, commit. The
//     window restarts when a group settles (callers like Terraform send
//     their next operation then); a queue as large as the most callers seen
//     in flight starts at once, a smaller one waits up to three windows. A
//     failing member gets its error, the transaction is rolled back and the
//     others are replayed in a new one; nothing partial is ever committed. A
//     commit refused as a whole is bisected to find the culprit. A lost
//     session replays the whole group in a fresh transaction. A commit whose
//     answer was lost is settled by GET /api/transaction and by reading each
//     member's result back, never by committing twice. CommitSingle runs one
//     transaction per operation (for comparison benchmarks).
//
//   - Requests safe to repeat (GET, whole-object PUT, DELETE, transaction
//     status) are retried on 5xx and connection errors with jittered
//     exponential backoff (go-retryablehttp). A POST that creates an object
//     is never repeated blindly: after a lost answer the transaction's
//     change list is read and searched by name (names are unique in an
//     area), or for objects without one by body (one unclaimed match only),
//     and only an absent object is posted again.
//
//   - A 429 Too Many Requests (from SPS or a proxy) means the request was
//     not processed, so it is retried for every request, writes included.
//     Retry-After (seconds or an HTTP date, also on 503) is waited for up
//     to the request's patience (RequestTimeout, or the context's deadline
//     if sooner); a longer wait fails at once as *RateLimitedError.
//
//   - Every part of /api/configuration is an Area given as data (path,
//     noun, whether objects have a name, a read-only reason, how declared
//     fields go onto a body and how a body is compared), served by one
//     keyed-object implementation (Objects, area_objects.go) and one
//     singleton implementation (Settings, area_settings.go); the VNC
//     settings policies and options are thin typed wrappers. Updates read
//     the object inside the transaction, overlay the declared fields
//     (objects key by key, lists and scalars whole) and write it all back,
//     so fields the caller did not declare keep SPS's value. References
//     SPS returns as {"key", "meta": {"href"}} are written back as the key
//     string SPS takes, and compare equal to it.
//
//   - A create refused while a committed object of a named area holds the
//     name becomes *NameTakenError with that object's key (looked up by
//     listing: SPS documents no wording for it), so the user can import it.
//
//   - Another user's lock (409 TransactionLocked, details.locked_by) is
//     waited out with backoff up to LockWaitTimeout; the client never breaks
//     someone else's lock.
//
//   - Refreshing N objects of an area costs one list request: lookups go
//     through a read cache, one list per area path, that lives
//     ReadCacheTTL and is emptied by every commit this client makes,
//     before the committing callers are told.
//
//   - The error types are the taxonomy (errors.go): an SPS answer is
//     classified once, where it arrives, into the type of its class by the
//     same predicates the Is* helpers use; a request without an answer is
//     a *ConnectionError (the address tried, DNS, refused or timeout, the
//     attempts) or a more specific type wrapping one (certificate, client
//     certificate, proxy, stall). Error texts state facts; the caller
//     words them, keyed by type, with AreaOf for the area.
//
//   - DefaultConfig holds every default; a Config built from it is taken
//     as it is, so a caller overrides only what its user set and zero
//     means zero. Proxies come from HTTPS_PROXY, HTTP_PROXY and NO_PROXY,
//     read when the client is built (not once per process). With a client
//     certificate, the login is GET /api/authentication?type=x509 and no
//     password is sent; the certificate is presented whenever the
//     appliance asks, so an untrusted one is refused by the appliance
//     rather than silently left out.
//
//   - Session searches (audit_search.go) read pages of 500 eight at a time,
//     the first batch while the first page, which carries the match count,
//     is still in flight; pages are decoded with goccy/go-json, which is
//     about four times cheaper than encoding/json on the same types, and
//     only the fields Session keeps survive a page.
//
//   - Updates are read-modify-write inside the transaction: fields this
//     client does not model are sent back as SPS returned them.
//
//   - Authorization, Cookie and Set-Cookie are redacted in the transport,
//     below every caller, so neither the password nor the session id can
//     reach a log.
//
//   - Contact edges: a 401 AuthenticationFailure at login is remembered
//     and returned without logging in again (each try counts toward the
//     appliance's account lockout). Redirects are never followed (Go would
//     repeat a write as a GET) but returned as *RedirectError. CACertPEM
//     replaces the system roots. Streamed downloads (CSV) have no overall
//     time limit, but SPS may not stay silent longer than RequestTimeout
//     (stall.go).
package sps
