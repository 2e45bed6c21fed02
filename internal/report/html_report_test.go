package report

import "testing"

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
