package report

import (
	"fmt"
	"strings"
	"time"
)

// timeLayouts are the forms SPS writes times in: sessions and histogram
// buckets as RFC 3339 with milliseconds and "Z", events and alerts without
// a zone ("2017-04-25T13:26:39.144356"), and dates alone.
var timeLayouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC3339Nano, true},
	{"2006-01-02T15:04:05.999999999", false},
	{"2006-01-02 15:04:05.999999999", false},
	{time.DateOnly, false},
}

// FormatTime is format_time: value in one readable form, "2006-01-02
// 15:04:05" and the zone ("UTC", or the offset from it: "UTC+01:00"), in
// the time zone zone (an IANA name such as "Europe/Berlin", or "UTC").
// A value with an offset is converted; a value without one (SPS gives
// alert and event times that way, and its documentation does not say in
// which zone) is read as a time in zone. An empty value stays empty, so a
// table shows its dash. Seconds are the finest unit shown.
func FormatTime(value, zone string) (string, int64, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || strings.EqualFold(zone, "local") {
		return "", 1, fmt.Errorf("time zone %q: want an IANA time zone name such as UTC or Europe/Berlin", zone)
	}
	v := strings.TrimSpace(value)
	if v == "" {
		return "", 0, nil
	}
	for _, l := range timeLayouts {
		var t time.Time
		if l.zoned {
			t, err = time.Parse(l.layout, v)
		} else {
			t, err = time.ParseInLocation(l.layout, v, loc)
		}
		if err == nil {
			t = t.In(loc)
			return t.Format("2006-01-02 15:04:05") + " " + zoneName(t), 0, nil
		}
	}
	return "", 0, fmt.Errorf("%q is not a time SPS writes: want RFC 3339 (2026-12-06T22:02:57.000Z), "+
		"a date-time without a zone (2026-12-06T22:02:57.144356) or a date (2026-12-06)", truncateRunes(cleanText(v), 80))
}
