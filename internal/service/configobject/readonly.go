package configobject

import "github.com/terraform-sps/terraform-provider-sps/internal/sps/catalog"

// ReadOnlyRule is why SPS's REST API serves an endpoint but takes no
// writes there, as the vendor's reference states it. The rules are the
// catalog's (catalog.Family.ReadOnly), written once as data there.
type ReadOnlyRule struct {
	Reason string // in the reference's words, for the plan-time error
	Source string // where the reference says so
}

// ReadOnly returns the rule that makes rel (a normalised path) read-only.
// A write there is refused at plan time with the rule's reason; SPS's own
// refusal of such a write (SPS has the last word, and may know endpoints
// the catalog does not) is worded the same way by the diagnostics.
func ReadOnly(rel string) (ReadOnlyRule, bool) {
	f, ok := catalog.Lookup(rel)
	if !ok || !f.ReadOnly {
		return ReadOnlyRule{}, false
	}
	return ReadOnlyRule{Reason: f.ReadOnlyReason, Source: f.ReadOnlySource.String()}, true
}
