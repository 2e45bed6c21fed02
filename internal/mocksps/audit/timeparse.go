package audit

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// timeForm says how precise a parsed date was written, so a date-only upper
// bound can cover the whole day.
type timeForm uint8

const (
	formInstant  timeForm = iota // a full timestamp or an epoch number
	formDateOnly                 // 2017-01-25
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

// parseTime reads the date forms found in SPS documents and accepted by the
// start/end parameters: ISO 8601 with or without offset, fractional seconds
// and seconds, the minute form 2017-01-25T10:00, date-only 2017-01-25, and
// UNIX epoch numbers (seconds; values of 1e11 and more are milliseconds, as
// in indexer statistics).
func parseTime(s string, loc *time.Location) (time.Time, timeForm, bool) {
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
		return t, formInstant, ok
	}
	if len(s) == 10 {
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return time.Time{}, 0, false
		}
		return t, formDateOnly, true
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, formInstant, true
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, formInstant, true
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

// noTime marks a missing time in int64 columns.
const noTime = math.MinInt64

// maxTime stands for "still running" when a session has no end.
const maxTime = math.MaxInt64

// isoMillis is the timestamp format SPS uses in responses
// (2018-01-15T12:00:00.000Z, or with an offset outside UTC).
const isoMillis = "2006-01-02T15:04:05.000Z07:00"

// parseISOFast reads the exact layout SPS and the generator write,
// 2006-01-02T15:04:05.000Z, into UNIX milliseconds, without the generality (and cost) of time.Parse.
func parseISOFast(s string) (int64, bool) {
	if len(s) != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z' {
		return 0, false
	}
	num := func(a, b int) (int, bool) {
		v := 0
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	var f [7]int
	spans := [7][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}, {20, 23}}
	for i, sp := range spans {
		v, ok := num(sp[0], sp[1])
		if !ok {
			return 0, false
		}
		f[i] = v
	}
	if f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 59 {
		return 0, false
	}
	t := time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], f[6]*1e6, time.UTC)
	if t.Day() != f[2] {
		return 0, false // normalised (e.g. February 30): not a valid date
	}
	return t.UnixMilli(), true
}
