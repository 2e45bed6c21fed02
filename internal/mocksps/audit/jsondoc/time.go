package jsondoc

import "time"

// Layout is the timestamp format SPS uses in responses
// (2018-01-15T12:00:00.000Z, or with an offset outside UTC).
const Layout = "2006-01-02T15:04:05.000Z07:00"

// FormatMillis formats UNIX milliseconds as 2006-01-02T15:04:05.000Z. Hand-written
// because the generator formats several timestamps per session and
// time.Format dominated the build.
func FormatMillis(ms int64) string {
	t := time.UnixMilli(ms).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	if y < 0 || y > 9999 {
		return t.Format(Layout)
	}
	var b [24]byte
	put := func(at, v, width int) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, int(mo), 2)
	b[7] = '-'
	put(8, d, 2)
	b[10] = 'T'
	put(11, h, 2)
	b[13] = ':'
	put(14, mi, 2)
	b[16] = ':'
	put(17, s, 2)
	b[19] = '.'
	put(20, int(((ms%1000)+1000)%1000), 3)
	b[23] = 'Z'
	return string(b[:])
}

// ParseMillis reads the exact layout SPS and the generator write,
// 2006-01-02T15:04:05.000Z, into UNIX milliseconds, without the generality (and cost) of time.Parse.
func ParseMillis(s string) (int64, bool) {
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
