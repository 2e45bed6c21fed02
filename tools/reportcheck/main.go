// Command reportcheck checks what headless Chromium made of the HTML report
// (`make report-check`): the screenshot is not blank and the rendered DOM
// has every section, with hostile values from SPS shown as text, never as
// elements.
//
//	reportcheck -png report.png -dom report.dom.html
package main

import (
	"flag"
	"fmt"
	"image/png"
	"os"
	"strings"

	"golang.org/x/net/html"
)

func main() {
	pngPath := flag.String("png", "", "screenshot taken by chromium --screenshot")
	domPath := flag.String("dom", "", "DOM printed by chromium --dump-dom")
	flag.Parse()
	var failures []string
	if err := checkScreenshot(*pngPath); err != nil {
		failures = append(failures, err.Error())
	}
	failures = append(failures, checkDOM(*domPath)...)
	if len(failures) > 0 {
		for _, f := range failures {
			fmt.Fprintln(os.Stderr, "report-check:", f)
		}
		os.Exit(1)
	}
	fmt.Println("report-check: screenshot and rendered page look right")
}

// checkScreenshot fails on a blank or nearly blank render: a broken page
// (an XML error, a style sheet that hid everything) paints almost nothing.
func checkScreenshot(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("screenshot %s: %w", path, err)
	}
	b := img.Bounds()
	inked, colored := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r < 235 || g < 235 || bl < 235 {
				inked++
			}
			// The charts' blue bars: a render without the SVGs has none.
			if bl > 150 && r < 120 && bl-r > 60 {
				colored++
			}
		}
	}
	total := b.Dx() * b.Dy()
	fmt.Printf("report-check: screenshot %dx%d, %.1f%% of pixels not white, %d chart-blue pixels\n",
		b.Dx(), b.Dy(), 100*float64(inked)/float64(total), colored)
	if total == 0 || float64(inked)/float64(total) < 0.02 {
		return fmt.Errorf("screenshot %s is (nearly) blank: %d of %d pixels not white", path, inked, total)
	}
	if colored < 2000 {
		return fmt.Errorf("screenshot %s shows no chart bars (%d chart-blue pixels)", path, colored)
	}
	return nil
}

// checkDOM checks the page as the browser built it.
func checkDOM(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return []string{err.Error()}
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		return []string{fmt.Sprintf("DOM %s: %v", path, err)}
	}
	counts := map[string]int{}
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			counts[n.Data]++
			for _, a := range n.Attr {
				switch a.Key {
				case "data-chart":
					counts["chart:"+a.Val]++
				case "class":
					if a.Val == "table" {
						counts["table-figure"]++
					}
				}
			}
		}
		if n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "style") {
			text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	var fails []string
	want := map[string]int{"h1": 1, "chart:histogram": 2, "chart:stats": 2, "table-figure": 2, "svg": 4}
	for k, n := range want {
		if counts[k] != n {
			fails = append(fails, fmt.Sprintf("rendered page has %d %s, want %d", counts[k], k, n))
		}
	}
	for _, bad := range []string{"script", "img", "iframe", "b"} {
		if counts[bad] > 0 {
			fails = append(fails, fmt.Sprintf("rendered page has a <%s> element: a hostile value became markup", bad))
		}
	}
	t := text.String()
	for _, s := range []string{"Refused sessions per protocol", "Sessions per day", "Alerts in the", "Period", "Appliance", "Generated",
		"<script>alert('x')</script>", `"><img src=x onerror=alert(1)> 管理者`, "<b>PatternMatcherRule</b>"} {
		if !strings.Contains(t, s) {
			fails = append(fails, fmt.Sprintf("rendered page does not show the text %q", s))
		}
	}
	return fails
}
