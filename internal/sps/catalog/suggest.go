package catalog

import (
	"unicode/utf8"

	"github.com/agext/levenshtein"
)

// maxSuggestRunes bounds the names compared: a longer key is no misspelled
// field name, and comparing it costs time on hostile input.
const maxSuggestRunes = 64

// suggest returns the documented name closest to got when it is near
// enough to be a misspelling (one edit for short names, two for longer
// ones), "" otherwise. Ties go to the first name in sorted order.
func suggest(got string, names []string) string {
	if utf8.RuneCountInString(got) > maxSuggestRunes {
		return ""
	}
	best, bestDistance := "", 0
	for _, name := range names {
		limit := min(2, max(1, utf8.RuneCountInString(name)/3))
		d := levenshtein.Distance(got, name, nil)
		if d == 0 || d > limit {
			continue
		}
		if best == "" || d < bestDistance {
			best, bestDistance = name, d
		}
	}
	return best
}
