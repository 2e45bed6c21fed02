// Package query parses the SPS session-search query language: the Lucene-like
// syntax accepted by the ?q= parameter of /api/audit/sessions, its stats and
// histogram siblings, the per-session events filter and the content search.
//
// Supported syntax:
//
//	field:value                 a term; values compare case-insensitively
//	field:"a phrase"            a quoted phrase (no wildcards inside)
//	field:\"a phrase\"          the vendor docs' escaped-quote spelling of the same
//	field:(a b)                 value group: a OR b (AND / OR / NOT allowed inside)
//	field:ab*  field:?dmin      * (any run) and ? (one character) wildcards
//	field:[a TO b] field:{a TO b}   inclusive / exclusive ranges, * = unbounded,
//	                            mixed brackets ([a TO b}) allowed
//	x AND y, x OR y, x AND NOT y, NOT x, (x), && and || as synonyms
//	\c                          backslash escapes any character
//
// Precedence is NOT over AND over OR; two clauses side by side with no operator
// are ORed (Lucene's default operator). Keywords must be upper case. A colon
// inside a value needs no escape (times such as 2017-01-25T10:00 and IPv6
// addresses are common values); only the first colon of a clause separates the
// field name. Nesting of parentheses and NOT is limited (Options.MaxDepth) so a
// hostile query cannot exhaust the stack.
//
// The parser only builds the tree; evaluating it against documents is the
// caller's job (the audit store evaluates against its inverted index, the
// events endpoint against single event objects).
package query
