package audit

import (
	"context"
	"fmt"
	"regexp"
	"time"
	_ "time/tzdata" // zone database compiled in: time_zone is checked the same way on machines without /usr/share/zoneinfo

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// auditDateLayouts are the ISO 8601 forms the audit API's start and end
// parameters accept: a date, a date-time to the hour, minute, second or
// fraction, with or without a zone offset, with 'T' or a space.
var auditDateLayouts = []string{
	"2006-01-02",
	"2006-01-02T15",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05Z07:00",
}

// parseAuditDate reports whether s is one of auditDateLayouts. Fractional
// seconds are accepted after the seconds by time.Parse itself.
func parseAuditDate(s string) (time.Time, bool) {
	for _, l := range auditDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// stringCheck is a plan-time validator for one string attribute, so a typo
// fails before any request instead of as an SPS error after login. check
// sees every known, non-null value and returns the summary and detail of
// the error, or an empty summary when the value is fine.
type stringCheck struct {
	description string
	check       func(s string) (summary, detail string)
}

var _ validator.String = stringCheck{}

func (v stringCheck) Description(context.Context) string { return v.description }

func (v stringCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if summary, detail := v.check(req.ConfigValue.ValueString()); summary != "" {
		resp.Diagnostics.AddAttributeError(req.Path, summary, detail)
	}
}

// isoDateValidator checks start/end values against auditDateLayouts.
func isoDateValidator() stringCheck {
	const desc = "must be an ISO 8601 date or date-time, such as 2024-05-01, 2024-05-01T10:00 or 2024-05-01T10:00:00+02:00"
	return stringCheck{description: desc, check: func(s string) (string, string) {
		if _, ok := parseAuditDate(s); ok {
			return "", ""
		}
		return "Invalid date", fmt.Sprintf("%q is not a date SPS understands: the value %s.", s, desc)
	}}
}

// timeZoneValidator checks time_zone against the IANA zone database.
func timeZoneValidator() stringCheck {
	const desc = "must be an IANA time zone name such as UTC, Etc/UTC or Europe/Budapest"
	return stringCheck{description: desc, check: func(s string) (string, string) {
		// LoadLocation("") and "Local" mean the machine's zone, which says
		// nothing about the appliance: refuse them.
		if s == "" || s == "Local" {
			return "Invalid time zone", fmt.Sprintf("%q is not a time zone name: the value %s.", s, desc)
		}
		if _, err := time.LoadLocation(s); err != nil {
			return "Unknown time zone", fmt.Sprintf("%q is not in the time zone database: the value %s.", s, desc)
		}
		return "", ""
	}}
}

// sortEntryPattern is one sort key: a field name (dotted for nested
// elements), optionally prefixed with '-' for descending order.
var sortEntryPattern = regexp.MustCompile(`^-?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// fieldNamePattern is a session field name as used by stats, histogram
// and the CSV export.
var fieldNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// sortEntryHelp explains the sort syntax in validator messages.
const sortEntryHelp = "a session field name such as start_time or user.name, prefixed with - for descending order (-duration)"

// contentValidator enforces SPS's one documented rule for content search
// expressions: they must not begin with the * wildcard.
func contentValidator() stringCheck {
	return stringCheck{description: "must not start with the * wildcard", check: func(s string) (string, string) {
		if len(s) > 0 && s[0] == '*' {
			return "Invalid content search",
				fmt.Sprintf("%q starts with *, which SPS's content search does not allow. Put a word before the wildcard (exam*), or drop it.", s)
		}
		return "", ""
	}}
}
