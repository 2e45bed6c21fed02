package report

// What the external tests (package report_test) read of the package's
// test helpers.

// HostileTexts is hostileTexts, the values an attacker controls in SPS.
var HostileTexts = hostileTexts

// AssertSafe is assertSafe: out parses as XML and as HTML, with no element
// the functions do not emit, and shows each of wants as text.
var AssertSafe = assertSafe
