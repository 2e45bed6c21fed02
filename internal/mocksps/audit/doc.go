// Package audit is the mock SPS's session database: the audited sessions
// SPS records, searchable the way /api/audit/sessions documents it.
//
// # Data
//
// A Store holds session documents, loaded from a JSON file (LoadFile, Load)
// and/or generated (Generate), combined with Merge. A file maps session keys
// to documents in the vendor examples' shape, or uses the extended shape
// {"sessions": {...}, "events": {key: [...]}, "alerts": {...},
// "channels": {...}, "indexing": {...}, "trail_downloads": {...}}.
// Documents may lack any field. Values are echoed as stored (object keys
// sorted): dates may be ISO 8601 strings, date-only strings or epoch numbers,
// as in the vendor's examples.
//
// Generate(n, seed, now) derives every session from (seed, index) alone, so
// the data is reproducible, and keeps nothing per session except the search
// index; documents, events, alerts, channels, indexing details and trail
// downloads are re-derived on request. Sessions cover SSH, RDP, VNC, TELNET,
// HTTP and ICA (protocol values in upper case, as the vendor's samples;
// queries match any case); every other session id carries the /<protocol>
// part the search page documents (svc/<hash>/<policy>:<n>/ssh);
// INDEXING_FAILED sessions keep the events of the part indexed before the
// failure; every documented session verdict (ACCEPT,
// ACCEPT-TERMINATED, AUTH-FAIL, DENY, FAIL, GW-AUTH-FAIL, KEY-ERROR,
// USER-MAPPING-FAIL), index status and SSH/RDP channel type; they spread
// over the 60 days before now, denser on weekdays and in working hours, and
// some are still active (no end_time). 100,000 sessions take about 1.5 s.
//
// # Endpoints (Store.Handler)
//
//	GET /api/audit                                   index
//	GET /api/audit/sessions                          search: q, content, fields, sort, start, end, limit, offset, format=csv
//	GET /api/audit/sessions/stats                    field (required), sub_fields, size, q, content, start, end
//	GET /api/audit/sessions/histogram                bin_size (or bin-size), start, end, time_zone, field, size, q
//	GET /api/audit/sessions/<id>                     one document
//	GET /api/audit/sessions/<id>/alerts              paged; sorted by record_id
//	GET /api/audit/sessions/<id>/events              paged; own q on channels_id, content, record_id, time, type (and action)
//	GET /api/audit/sessions/<id>/channels[/<key>]    paged list of {key, meta, body}; one channel
//	GET /api/audit/sessions/<id>/indexing            also .../indexer and .../indexers (the docs use all three)
//	GET /api/audit/sessions/<id>/trail_downloads     paged
//	GET /api/audit/sessions/<id>/content?q=          events matching a content search; no q gives no items
//	GET /api/audit/sessions/<id>/audit_trail         trail bytes (.zat; ?format=srs for .srs); listed afterwards in trail_downloads with from_api true
//
// The handler does no authentication (the mock core does, then calls it);
// meta.remaining_seconds comes from httpapi.CallerFrom. It accepts paths
// with or without the /api/audit prefix. <id> is the session key, the REST
// form of the key or of recording.session_id (svc/X/name:2 becomes
// svc-X-name-2: every character other than a letter, digit, '_' or '-' turns
// into '-'), or the logged form URL-escaped. Unknown ids answer 404
// NotFound. Parameter names may carry a leading '?' (the vendor's stats
// example writes &?sub_fields=protocol&?size=1).
//
// # Query language (package query)
//
// field:value, AND, OR, NOT / AND NOT, parentheses, value groups
// field:(a b), wildcards * and ?, ranges [a TO b] {a TO b} (mixed brackets,
// * for open ends), backslash escapes, quoted phrases, and the docs'
// escaped-quote phrase field:\"Windows User\". Precedence is NOT, AND, OR;
// clauses side by side are ORed (Lucene's default operator); "a NOT b" means
// a AND NOT b. Terms compare case-insensitively against the whole value
// (verdict:accept matches ACCEPT, not ACCEPT-TERMINATED); numbers also
// compare numerically; on date fields a date-only value matches its day and
// range bounds may be ISO dates, date-only (an inclusive upper bound covers
// its day) or epoch seconds. NOT matches sessions lacking the field. Parse
// errors, unknown fields, bad range dates and parentheses nested deeper than
// query.DefaultMaxDepth answer 400 InvalidQuery (InvalidQueryValue on stats
// and histogram, as their pages document) with the position and token in
// the message and in details.
//
// Known fields are the documented elements, the aliases below, and any
// element path some loaded session has. Array elements add no path segment
// (analytics.interesting_events is multi-valued). Link objects ({"href"})
// are not searchable.
//
// # Aliases
//
// The search page documents legacy flat names; other examples use the
// document's element paths. A field name resolves to a list of paths, tried
// in order per session (so documents of different SPS generations answer to
// both spellings); see the aliases table in fields.go:
//
//	name, psm.gateway_username, user.gateway_username, user.name
//	                          -> user.gateway_username | user.name | name | psm.gateway_username
//	server_username           -> user.server_username | server_username | psm.server_username
//	client.address            -> client.ip | client.address
//	server.address            -> server.ip | server.address
//	target.address            -> recording.target.ip | target.ip | target.address | psm.target.address
//	target.port               -> recording.target.port | target.port | psm.target.port
//	server_local.address, psm.server_local.address
//	                          -> recording.server_local.ip | ... | psm.server_local.address
//	server_local.port, psm.server_local.port -> recording.server_local.port | ...
//	connection_policy, psm.connection_policy -> recording.connection_policy | ...
//	channel_policy            -> recording.channel_policy | channel_policy | psm.channel_policy
//	auth_method               -> recording.auth_method | auth_method | psm.auth_method
//	session_id                -> recording.session_id | session_id | psm.session_id
//	archived                  -> recording.archived | archived | psm.archived
//	content_reference_id      -> recording.content_reference_id | ... | psm.content_reference_id
//	verdict                   -> verdict | recording.verdict | psm.verdict
//	psm.<x>                   -> recording.<x> | psm.<x>        (generic rule)
//	recording.<x>             -> recording.<x> | psm.<x>        (generic rule)
//
// # Search
//
// fields: a comma list or *; each field appears in "body" under the name
// requested (dots nest: fields=client.ip gives {"client": {"ip": ...}}),
// keys in alphabetical order, null when missing; meta.fields echoes the
// request. trail_download_link is computed (an absolute link to the audit
// trail, "" without one). Without fields, items have no body.
//
// sort: comma list, '-' for descending; a session without the field sorts
// last either way; ties keep the default order, which is newest start_time
// first, sessions without a start last, then key descending (digit runs
// compared as numbers). Text sorts by bytes (upper case first).
//
// start and end select sessions overlapping the period: not ended before
// start (running sessions always qualify) and started by end. The docs word
// it as "started after" / "ended before", but their worked stats example
// (content=login&start=2017-01-02&end=2017-01-03 counting Charlie and
// Delta) only adds up with the overlap reading. Accepted forms: ISO 8601
// with or without offset and seconds (2017-01-25T10:00), date-only (as end:
// the whole day) and epoch seconds; an unescaped '+' of an offset that
// arrived as a space is read back as '+'. A session without end_time counts
// as running unless "active" is false.
//
// limit defaults to and is capped at 500 (DefaultLimit); offsets above
// 10000 (MaxOffset) are ignored (treated as 0) and no page reaches past the
// 10000th result; match_count is the full count. meta.first/last/next/
// previous are full query links (null when there is no such page).
//
// format=csv: a header ("Key", then each field's documented column name
// such as "End time", "Gateway username", "Server IP", "Client port",
// "Recording Session ID", "Analytics Interesting events", "Similar
// Sessions", "Audit trail download link"; other fields use their name), in
// the requested order; one row per session, or one per value of a list
// field (rows multiply across several list fields; an empty list gives
// one empty cell); every cell quoted; CRLF line ends; paged like JSON.
//
// content: searches the events' text (commands with their prompt, window
// titles, screen text) with the query language; bare words search content.
// A word matches a word of the text (wildcards allowed); a phrase or a value
// with punctuation (24hrs.txt) matches as a substring. An expression
// starting with * answers 400. content is also a field inside q.
//
// # Stats
//
// Items are the top size (default 10) values of field by session count,
// ties by value (numbers numerically); a session with a list counts once per
// value. meta.others is the summed count of the values not shown, and so is
// each item's "others" for its nested sub_fields buckets (only the first
// sub field counts). Values keep their stored JSON type and case. With
// content, only the first 3000 sessions (StatsContentCap) in default order
// count. The three worked examples reproduce exactly (testdata/golden).
//
// # Histogram
//
// Buckets cover start..end (defaults: one month before now, and now) in
// calendar units of bin_size (second … year, default month; weeks start on
// Monday) in time_zone (IANA name, default Etc/UTC); ids are bucket starts
// in ISO 8601 with the zone's offset. start_count counts sessions starting
// in a bucket, active_count sessions running at any time in it. Sessions
// are selected like start/end above, then by q, and, with field, to those
// having one of the field's top size values. More than 1000 buckets
// (MaxHistogramBuckets, the mock's own limit; SPS does not document one)
// answers 400 TooMuchBucketsInResult; any content parameter 400
// NotSupportedContentOption; other bad values 400 InvalidQueryValue.
// meta.size is a number (the table says integer; one sample shows "10"). A
// 4-day window 2018-02-12T14:40..2018-02-16T14:40 gives 5 day buckets and 1
// week bucket, as documented.
//
// # Not emulated
//
//   - Advanced search on snapshots (/api/audit/sessions/_snapshot), and so
//     paging past 10000 results.
//   - Relevance: content results carry a stand-in rank; nothing is ranked.
//   - Lucene beyond the documented subset: boosts (^), fuzzy and proximity
//     (~), regular expressions (/.../), +/- prefix operators, field
//     grouping with AND as default operator, analyzers (no stemming or
//     stop words; words are runs of letters, digits and '_'), pure negative
//     sub-queries keep their set meaning instead of Lucene's "matches
//     nothing".
//   - 500 SearchUnavailable happens only through the faults package's
//     search_unavailable kind.
//   - Audit trails are synthetic bytes with a recognizable header, not
//     playable .zat/.srs files.
//   - Per-user search restrictions (SPS can limit what an auditor sees).
//
// # Performance
//
// Every leaf element is an inverted-index column (distinct values, per
// session values, compressed postings; nearly-unique columns skip
// interning). Queries combine bitmaps; sorting and stats use per-field value
// ranks built on first use; documents are read field by field without
// decoding. Search, stats and histogram over 100,000 generated sessions
// answer within a few tens of milliseconds on two cores (see the
// Benchmark*100k benchmarks).
package audit
