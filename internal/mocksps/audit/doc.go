// Package audit is the mock SPS's session database: the audited sessions
// SPS records, searchable the way /api/audit/sessions documents it. This
// comment states what the mock does where the vendor pages leave a choice,
// and what it does not emulate; the code next to each endpoint has the rest.
//
// # Data
//
// A Store holds session documents, loaded from JSON (LoadFile, Load) and/or
// generated (Generate), combined with Merge. A file maps session keys to
// documents in the vendor examples' shape, or uses the extended shape
// {"sessions": {...}, "events": {key: [...]}, "alerts", "channels",
// "indexing", "trail_downloads"}. Documents may lack any field; values are
// echoed as stored (dates as ISO 8601, date-only or epoch numbers).
// Generated sessions (package gen) are derived from (seed, index) alone and
// re-derived on request, so 100,000 of them stay small.
//
// # Rooms
//
// This package is the store (store.go) and the HTTP handlers. Beside it:
//
//   - jsondoc: what the rooms share: a document streamed as events (Sink),
//     the canonical JSON writer, SPS's time format, and Source, the
//     sessions a store serves. A stored session is a position in its
//     Source, generated (gen.Sessions) or loaded (loaded, load.go); nothing
//     asks which.
//   - gen: the generator, a Source.
//   - index: the search index built from a Source: columns, bitmaps, the
//     query language's evaluation, sort order and value counts.
//   - query: the query language's parser.
//
// Imports go one way: this package imports gen, index and jsondoc; gen and
// index import jsondoc (index also query), and nothing imports back.
//
// Every change of the sessions (Merge, RemoveSessions, CloseSession) builds
// a new state of the database (sessions and index) and publishes it; a
// request reads the state of its moment.
//
// # Endpoints (Store.Handler)
//
//	GET /api/audit                                   index
//	GET /api/audit/sessions                          search: q, content, fields, sort, start, end, limit, offset, format=csv, snapshot
//	GET /api/audit/sessions/_snapshot                a snapshot of the database (AdvancedSearch, SPS 7.x/8.x)
//	GET /api/audit/sessions/_count                   {"count": n}: q, content, start, end, snapshot (AdvancedSearch)
//	GET /api/audit/sessions/stats                    field (required), sub_fields, size, q, content, start, end
//	GET /api/audit/sessions/histogram                bin_size (or bin-size), start, end, time_zone, field, size, q
//	GET /api/audit/sessions/<id>                     one document
//	GET /api/audit/sessions/<id>/alerts|events|trail_downloads    paged
//	GET /api/audit/sessions/<id>/channels[/<key>]    paged list of {key, meta, body}; one channel
//	GET /api/audit/sessions/<id>/indexing            also .../indexer and .../indexers (the docs use all three)
//	GET /api/audit/sessions/<id>/content?q=          events matching a content search; no q gives no items
//	GET /api/audit/sessions/<id>/audit_trail         trail bytes (.zat; ?format=srs for .srs); listed afterwards in trail_downloads with from_api true
//
// The handler does no authentication (the mock core does, then calls it).
// <id> is the session key, the REST form of the key or of
// recording.session_id (every character other than a letter, digit, '_' or
// '-' becomes '-'), or the logged form URL-escaped; unknown ids answer 404
// NotFound. Parameter names may carry a leading '?', as the vendor's stats
// example writes them.
//
// # Choices where the vendor pages are ambiguous
//
//   - Fields: a name resolves to a list of element paths tried in order per
//     session, so documents of different SPS generations answer to both the
//     legacy flat names and the nested paths (the aliases table in index/fields.go).
//     Known fields are the documented elements, the aliases and any path a
//     loaded session has; array elements add no path segment.
//
//   - Query language (package query): terms compare case-insensitively with
//     the whole value; numbers also compare numerically; a date-only value
//     matches its day. NOT matches sessions lacking the field. Errors answer
//     400 InvalidQuery on search, InvalidQueryValue on stats and histogram,
//     as their pages document, with the position and token in details.
//
//   - start/end select sessions overlapping the period (a running session
//     always qualifies). The page's text says "started after"/"ended before",
//     but its worked stats example only adds up with the overlap reading.
//     A session without end_time is running unless "active" is false.
//
//   - Search: limit defaults to and is capped at 500; offsets above 10000 are
//     ignored and no page reaches past the 10000th result. fields=* or a list
//     fills "body" under the names requested; sort keys put sessions without
//     the field last; the default order is newest start_time first.
//     trail_download_link is computed (an absolute link, "" without a
//     trail). format=csv uses the documented column names, one row per list
//     value, every cell quoted, CRLF line ends.
//
//   - content searches event text; bare words match words, phrases and
//     values with punctuation match substrings; a leading * answers 400.
//
//   - Stats: the top size (default 10) values by session count, ties by
//     value; with content, only the first 3000 sessions count, as
//     documented. The three worked examples reproduce exactly
//     (testdata/golden).
//
//   - Histogram: calendar buckets in time_zone (default Etc/UTC; weeks start
//     on Monday). More than MaxHistogramBuckets (the mock's own limit) answers
//     400 TooMuchBucketsInResult; any content parameter 400
//     NotSupportedContentOption. meta.size is a number (the table says
//     integer; one sample shows "10").
//
//   - Advanced search (snapshot.go): a snapshot is the database's state at
//     its moment; searches with snapshot=<id> page past 10000 results by
//     meta.next (limit and offset links, with the snapshot and the query);
//     each query extends the snapshot's 5 minutes; an unknown, expired or
//     another caller's snapshot answers 404 NotFound with
//     details.parameter "snapshot"; CSV, stats and histogram refuse
//     snapshot (400). The README's session database table has the why.
//
// # Not emulated
//
//   - Relevance: content results carry a stand-in rank; nothing is ranked.
//   - Lucene beyond the documented subset: boosts, fuzzy and proximity
//     search, regular expressions, +/- prefix operators, analyzers (no
//     stemming or stop words); a purely negative sub-query keeps its set
//     meaning instead of Lucene's "matches nothing".
//   - 500 SearchUnavailable happens only through the faults package's
//     search_unavailable kind.
//   - Audit trails are synthetic bytes with a recognizable header, not
//     playable .zat/.srs files.
//   - Per-user search restrictions (SPS can limit what an auditor sees).
package audit
