package index

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// TimeForm says how precise a parsed date was written, so a date-only upper
// bound can cover the whole day.
type TimeForm uint8

const (
	FormInstant  TimeForm = iota // a full timestamp or an epoch number
	FormDateOnly                 // 2017-01-25
)

// zonedLayouts carry their own offset; fractional seconds are accepted by
// time.Parse after the seconds field even when the layout omits them.
var zonedLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04Z07:00",
}

// localLayouts have no offset and are read in the caller's zone (UTC unless
// the histogram's time_zone says otherwise).
var localLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02T15",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
}

// ParseTime reads the date forms found in SPS documents and accepted by the
// start/end parameters: ISO 8601 with or without offset, fractional seconds
// and seconds, the minute form 2017-01-25T10:00, date-only 2017-01-25, and
// UNIX epoch numbers (seconds; values of 1e11 and more are milliseconds, as
// in indexer statistics).
func ParseTime(s string, loc *time.Location) (time.Time, TimeForm, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, 0, false
	}
	if c := s[0]; c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9' && !looksLikeDate(s)) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return time.Time{}, 0, false
		}
		t, ok := epochTime(f)
		return t, FormInstant, ok
	}
	if len(s) == 10 {
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return time.Time{}, 0, false
		}
		return t, FormDateOnly, true
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, FormInstant, true
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, FormInstant, true
		}
	}
	return time.Time{}, 0, false
}

// looksLikeDate distinguishes 2017-01-25... from a plain number.
func looksLikeDate(s string) bool {
	return len(s) >= 10 && s[4] == '-' && s[7] == '-'
}

// epochTime converts UNIX seconds (or milliseconds, from 1e11 up) to a time,
// refusing values outside what int64 nanoseconds can hold.
func epochTime(f float64) (time.Time, bool) {
	if math.Abs(f) >= 1e11 {
		f /= 1000
	}
	if math.Abs(f) > 9e9 { // beyond year 2255 either way: not a timestamp
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
}

// NoTime marks a missing time in int64 columns.
const NoTime = math.MinInt64

// MaxTime stands for "still running" when a session has no end.
const MaxTime = math.MaxInt64
