package configobject

import "regexp"

// ReadOnlyRule is an endpoint SPS's REST API serves but does not let
// anyone change, as the vendor's reference states it.
type ReadOnlyRule struct {
	Pattern *regexp.Regexp // matches the normalised path
	Reason  string         // why, for the plan-time error
	Source  string         // where the reference says so
}

// ReadOnlyRules is every documented read-only endpoint. A write to one is
// refused at plan time with Reason; SPS's own refusal of such a write (it
// has the last word, and may know endpoints this list does not) is worded
// by the diagnostics the same way.
var ReadOnlyRules = []ReadOnlyRule{
	{
		Pattern: regexp.MustCompile(`^(telnet|vnc|http|ica|mssql)/connections$`),
		Reason: "SPS's REST API serves the connection policies of every protocol but SSH and RDP read-only, and " +
			"with only the fields common to all protocols: change them on the SPS web interface (over REST, only " +
			"ssh/connections and rdp/connections can be changed)",
		Source: "REST API reference, connection policies (read-only caution); shared/spec/reference/01-connection-policies.md",
	},
	{
		Pattern: regexp.MustCompile(`^aaa/acls$`),
		Reason: "SPS does not let the privileges (ACLs) of usergroups be edited over REST: change them on the SPS " +
			"web interface (the usergroups themselves, aaa/local_database/groups, can be changed)",
		Source: "REST API reference, ACLs; shared/spec/reference/06-aaa-users-groups-acls.md",
	},
}

// ReadOnly returns the rule that makes rel (a normalised path) read-only.
func ReadOnly(rel string) (ReadOnlyRule, bool) {
	for _, r := range ReadOnlyRules {
		if r.Pattern.MatchString(rel) {
			return r, true
		}
	}
	return ReadOnlyRule{}, false
}
