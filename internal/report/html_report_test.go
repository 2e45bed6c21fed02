package report

import (
	"strings"
	"testing"
)

func TestHTMLReportRefusesUntrustedSections(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		`<script>alert(1)</script>`,
		`plain text with <b>markup</b>`,
		`just text`,
		`<p onclick="x()">hi</p>`,
		`<p style="background:url(http://evil/)">hi</p>`,
		`<p>unclosed`,
		`<p>&nbsp;</p>`,
		`<svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil/x.png"/></svg>`,
		`<div xmlns="urn:other">x</div>`,
		`<!DOCTYPE x><p>x</p>`,
	} {
		if _, arg, err := HTMLReport("t", nil, []string{s}); err == nil || arg != 2 {
			t.Errorf("section %q accepted (arg %d, err %v)", s, arg, err)
		}
	}
}

// TestHTMLTableDashesAndNotes: a blank or empty cell shows a dash (never a
// cell an auditor could take for a lost value), and notes follow the table.
func TestHTMLTableDashesAndNotes(t *testing.T) {
	t.Parallel()
	out, _, err := HTMLTable("t", []string{"a", "b", "c"}, [][]string{{"", " \t", "x"}}, []string{"The newest 1 of 9 are listed."})
	if err != nil {
		t.Fatal(err)
	}
	d := parseHTML(t, out)
	if strings.Count(out, ">"+EmptyCell+"<") != 2 || !strings.Contains(d.text, "x") {
		t.Errorf("blank cells do not show a dash:\n%s", out)
	}
	if !strings.Contains(out, `<p class="note">The newest 1 of 9 are listed.</p></figure>`) {
		t.Errorf("the note is not under the table:\n%s", out)
	}
}

// TestFormatTime: every form SPS writes reads the same way, with the zone.
func TestFormatTime(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, zone, want string }{
		{"2026-12-06T22:02:57.000Z", "UTC", "2026-12-06 22:02:57 UTC"},
		{"2026-12-06T22:02:57Z", "Europe/Berlin", "2026-12-06 23:02:57 UTC+01:00"},
		{"2026-07-06T22:02:57+02:00", "UTC", "2026-07-06 20:02:57 UTC"},
		{"2026-12-06T10:00:42.000000", "UTC", "2026-12-06 10:00:42 UTC"},
		{"2017-04-25T13:26:39.144356", "America/New_York", "2017-04-25 13:26:39 UTC-04:00"},
		{"2026-12-06 10:00:42", "UTC", "2026-12-06 10:00:42 UTC"},
		{"2026-12-06", "Asia/Tokyo", "2026-12-06 00:00:00 UTC+09:00"},
		{"", "UTC", ""},
		{"  ", "UTC", ""},
	} {
		got, _, err := FormatTime(c.in, c.zone)
		if err != nil || got != c.want {
			t.Errorf("FormatTime(%q, %q) = %q, %v; want %q", c.in, c.zone, got, err, c.want)
		}
	}
	for _, c := range []struct {
		in, zone string
		arg      int64
	}{
		{"yesterday", "UTC", 0}, {"1733522577", "UTC", 0}, {"2026-13-01", "UTC", 0},
		{"2026-12-06", "", 1}, {"2026-12-06", "Local", 1}, {"2026-12-06", "../../etc/passwd", 1}, {"2026-12-06", "CEST", 1},
	} {
		if got, arg, err := FormatTime(c.in, c.zone); err == nil || arg != c.arg {
			t.Errorf("FormatTime(%q, %q) = %q, argument %d, %v; want an error about argument %d", c.in, c.zone, got, arg, err, c.arg)
		}
	}
}
