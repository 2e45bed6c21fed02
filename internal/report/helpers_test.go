package report

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// hostileTexts are values an attacker controls in SPS (a username, a
// command, a window title, an alert's matched content) and feeds through
// every text argument of the report functions.
var hostileTexts = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`' onmouseover='alert(1)`,
	`]]><![CDATA[<b>x</b>`,
	`&amp; &lt; &#60; &nbsp; &bogus;`,
	"bell\a esc\x1b[31m nul-free \x7f c1\u0085 tab\tnl\ncr\r",
	"ユーザー名 ελληνικά עברית 👩‍💻",
	"\u202Etoor\u202C \u2067admin\u2069 \u202Bx\u202C",
	strings.Repeat("W", 5000),
	`<!-- comment --><?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>&e;`,
	"invalid utf-8 \xff\xfe end",
}

// parsedDoc is what the XML and HTML parsers saw in a piece of markup.
type parsedDoc struct {
	text     string          // every text node, concatenated
	attrs    []string        // every attribute value
	elements map[string]bool // every element name
}

// parseXML parses markup (a fragment or a document) strictly as XML and
// fails the test when it is not well-formed.
func parseXML(t *testing.T, markup string) parsedDoc {
	t.Helper()
	body := strings.TrimPrefix(markup, "<!DOCTYPE html>\n")
	dec := xml.NewDecoder(strings.NewReader("<root>" + body + "</root>"))
	dec.Strict = true
	d := parsedDoc{elements: map[string]bool{}}
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%.2000s", err, markup)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			d.elements[tk.Name.Local] = true
			for _, a := range tk.Attr {
				d.attrs = append(d.attrs, a.Value)
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || a.Name.Local == "src" || a.Name.Local == "href" {
					t.Errorf("attribute %s=%q in output", a.Name.Local, a.Value)
				}
			}
		case xml.CharData:
			text.Write(tk)
		case xml.Comment, xml.ProcInst, xml.Directive:
			t.Errorf("unexpected %T in output: %q", tok, tok)
		}
	}
	d.text = text.String()
	return d
}

// parseHTML parses markup as a browser would (golang.org/x/net/html) and
// returns the element names and text nodes it found.
func parseHTML(t *testing.T, markup string) parsedDoc {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(markup), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if strings.HasPrefix(markup, "<!DOCTYPE") {
		var doc *html.Node
		doc, err = html.Parse(strings.NewReader(markup))
		nodes = []*html.Node{doc}
	}
	if err != nil {
		t.Fatalf("html parse: %v", err)
	}
	d := parsedDoc{elements: map[string]bool{}}
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			d.elements[n.Data] = true
			for _, a := range n.Attr {
				d.attrs = append(d.attrs, a.Val)
			}
		case html.TextNode:
			if n.Parent == nil || n.Parent.Data != "style" {
				text.WriteString(n.Data)
			}
		case html.CommentNode:
			t.Errorf("comment in output: %q", n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	d.text = text.String()
	return d
}

// textShown is how a hostile text must read in the output: cleaned of
// characters XML forbids, with line ends normalised as parsers do.
func textShown(s string) string {
	s = cleanText(s)
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// assertSafe parses out as XML and as HTML and checks that no element the
// functions do not emit appeared and that want is shown as text.
func assertSafe(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, d := range []parsedDoc{parseXML(t, out), parseHTML(t, out)} {
		for _, bad := range []string{"script", "img", "iframe", "object", "b", "a", "link"} {
			if d.elements[bad] {
				t.Errorf("output has a <%s> element:\n%.3000s", bad, out)
			}
		}
		for _, w := range wants {
			w = textShown(w)
			found := strings.Contains(strings.ReplaceAll(d.text, "\r", "\n"), w)
			for _, a := range d.attrs {
				found = found || strings.Contains(strings.ReplaceAll(a, "\r", "\n"), w)
			}
			if !found {
				t.Errorf("%.80q is not shown as text", w)
			}
		}
	}
}
