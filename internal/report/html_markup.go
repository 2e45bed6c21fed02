// Package report renders SPS data for people: the text bar chart, and the
// HTML tables, SVG charts and self-contained HTML page of the compliance
// report. It is plain Go (no Terraform types); the provider functions in
// internal/functions convert their arguments and call it. Every value comes
// from SPS and is treated as hostile: see the trust model below.
package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The HTML report functions (html_escape, html_table, html_report and the
// svg_* charts) build their markup through encoding/xml's encoder rather
// than by string concatenation: it escapes every text and attribute value
// and refuses a closing tag that does not match, so a value from SPS (a
// username such as `<script>`, a window title with `]]>`) can only ever be
// text. What they emit is XHTML-compatible: it parses as XML and as HTML.
//
// Trust model: the text arguments of every function are raw text and are
// escaped. Only html_report takes markup (its sections), and it accepts a
// section only if it is well-formed and uses nothing but the elements and
// attributes the provider's own functions emit (checkFragment): no script,
// no style attribute, no link, no entity other than XML's five. So a
// fragment the functions made passes through unchanged (never escaped
// twice), and raw text passed by mistake is refused rather than rendered.

const (
	svgNamespace   = "http://www.w3.org/2000/svg"
	xhtmlNamespace = "http://www.w3.org/1999/xhtml"
)

// cleanText makes s safe to carry as XML 1.0 text: invalid UTF-8 and
// control characters XML forbids (or HTML reports as errors: C0 other than
// tab, newline and carriage return; DEL and C1) become U+FFFD. So do the
// bidirectional embedding, override and isolate controls (U+202A..U+202E,
// U+2066..U+2069): obeyed, they would make a browser or a PDF show a value
// reversed ("\u202Etoor" reads as "root"), which in an audit report is a
// spoofed value; right-to-left letters themselves are kept.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return '\uFFFD'
		}
		return r
	}, s)
}

// EscapeHTML is html_escape: cleanText, then encoding/xml's escaping of
// `& < > " '` (and of tab, newline and carriage return as character
// references, which both XML and HTML read back as the same characters).
func EscapeHTML(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(cleanText(s))) // a strings.Builder never fails
	return b.String()
}

// truncateRunes shortens s to at most n runes, ending with "…" when it cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// markup writes elements through an xml.Encoder into a buffer.
type markup struct {
	buf bytes.Buffer
	enc *xml.Encoder
	err error
}

func newMarkup() *markup {
	m := &markup{}
	m.enc = xml.NewEncoder(&m.buf)
	return m
}

func (m *markup) token(t xml.Token) {
	if m.err == nil {
		m.err = m.enc.EncodeToken(t)
	}
}

// open starts element name with attribute name/value pairs.
func (m *markup) open(name string, attrs ...string) {
	start := xml.StartElement{Name: xml.Name{Local: name}}
	for i := 0; i+1 < len(attrs); i += 2 {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: cleanText(attrs[i+1])})
	}
	m.token(start)
}

func (m *markup) close(name string) { m.token(xml.EndElement{Name: xml.Name{Local: name}}) }

func (m *markup) text(s string) { m.token(xml.CharData(cleanText(s))) }

// elem writes <name attrs>text</name>.
func (m *markup) elem(name, text string, attrs ...string) {
	m.open(name, attrs...)
	m.text(text)
	m.close(name)
}

// raw appends markup that checkFragment accepted (or the report's own
// constant parts) as it is.
func (m *markup) raw(s string) {
	if m.err == nil {
		m.err = m.enc.Flush()
	}
	m.buf.WriteString(s)
}

func (m *markup) String() (string, error) {
	if m.err == nil {
		m.err = m.enc.Flush()
	}
	if m.err != nil {
		return "", fmt.Errorf("rendering markup: %w. This is a bug in the provider; please report it", m.err)
	}
	return m.buf.String(), nil
}

// fragmentElements are the elements the provider's functions emit, and so
// the only ones html_report accepts in a section.
var fragmentElements = map[string]bool{
	"figure": true, "figcaption": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true,
	"td": true, "p": true, "span": true, "div": true, "h2": true, "h3": true, "strong": true, "em": true,
	"code": true, "ul": true, "li": true, "svg": true, "g": true, "rect": true, "line": true, "polyline": true,
	"text": true, "title": true, "desc": true, "circle": true,
}

// fragmentAttributes are the attributes they emit, besides data-*. None of
// them can load anything or run code (no href, src, style or on*).
var fragmentAttributes = map[string]bool{
	"class": true, "xmlns": true, "viewBox": true, "width": true, "height": true, "x": true, "y": true,
	"x1": true, "x2": true, "y1": true, "y2": true, "rx": true, "points": true, "fill": true, "stroke": true,
	"stroke-width": true, "stroke-dasharray": true, "text-anchor": true, "dominant-baseline": true,
	"font-size": true, "font-weight": true, "font-style": true, "font-family": true, "role": true, "aria-label": true,
	"colspan": true, "scope": true, "lang": true, "dir": true, "cx": true, "cy": true, "r": true,
}

// checkFragment reports why s is not markup html_report may embed: it must
// be well-formed XML made of the elements and attributes above.
func checkFragment(s string) error {
	dec := xml.NewDecoder(strings.NewReader("<root>" + s + "</root>"))
	dec.Strict = true
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("it is not well-formed markup (%w)", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				continue
			}
			if t.Name.Space != "" && t.Name.Space != svgNamespace {
				return fmt.Errorf("element <%s> is in namespace %q", t.Name.Local, t.Name.Space)
			}
			if !fragmentElements[t.Name.Local] {
				return fmt.Errorf("element <%s> is not one the provider's functions emit", t.Name.Local)
			}
			for _, a := range t.Attr {
				allowed := fragmentAttributes[a.Name.Local] || strings.HasPrefix(a.Name.Local, "data-")
				if a.Name.Space != "" || !allowed {
					return fmt.Errorf("attribute %q of <%s> is not one the provider's functions emit", a.Name.Local, t.Name.Local)
				}
				if a.Name.Local == "xmlns" && a.Value != svgNamespace {
					return fmt.Errorf("namespace %q is not allowed", a.Value)
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 1 && strings.TrimSpace(string(t)) != "" {
				return errors.New("it has text outside any element (pass raw text through html_escape() inside a fragment, or use html_table)")
			}
		case xml.ProcInst, xml.Directive:
			return errors.New("it holds a processing instruction or directive")
		}
	}
}
