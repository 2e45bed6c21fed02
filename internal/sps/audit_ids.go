package sps

import (
	"strings"
	"unicode"
)

// SessionRESTID converts a recorded session's identifier into the form the
// REST API expects in a path.
//
// SPS logs sessions as svc/<hash>/<connection-policy>:<n>[/<protocol>], but
// the REST API addresses them with every separator replaced by a hyphen:
// svc/fNLgRmAyf5EtycgUYnKc1B/ssh_demo2:2 becomes
// svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2. Letters, digits, '_' and '-' are
// kept; anything else (also whitespace) becomes '-'. The conversion is
// idempotent, so an id already in REST form comes back unchanged, which lets
// callers accept either form without knowing which one they were given.
func SessionRESTID(id string) string {
	id = strings.TrimSpace(id)
	var b strings.Builder
	b.Grow(len(id))
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// queryReserved lists the characters the session query language (a Lucene
// dialect) gives a meaning to. A value containing any of them must escape
// them with a backslash to be matched literally.
const queryReserved = `\+-!():^[]"{}~*?|&/`

// QuoteQueryValue makes s safe to use as the value in a field:value term of
// the session query language (the q parameter of /api/audit/sessions, its
// stats and histogram, and of a session's events).
//
// Every reserved character is backslash-escaped, so wildcards and range
// brackets in s match literally. A value containing whitespace or a double
// quote, an empty value, and a value that would otherwise read as an
// operator (AND, OR, NOT, TO) is wrapped in double quotes, as the query
// language requires for a phrase such as server_username:"Windows User".
func QuoteQueryValue(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	needQuotes := s == ""
	for _, r := range s {
		switch {
		case strings.ContainsRune(queryReserved, r):
			// A quote also forces quoting: an unquoted \"x\" reads as
			// the phrase x in the vendor's own examples.
			needQuotes = needQuotes || r == '"'
			b.WriteByte('\\')
			b.WriteRune(r)
		case unicode.IsSpace(r):
			needQuotes = true
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	switch s {
	case "AND", "OR", "NOT", "TO":
		needQuotes = true
	}
	if needQuotes {
		return `"` + b.String() + `"`
	}
	return b.String()
}
