package main

import (
	"fmt"
	"image/png"
	"os"
)

// checkScreenshot fails on a blank or nearly blank render (a broken page,
// an XML error or a style sheet that hid everything, paints almost
// nothing), on a render without chart bars, and on charts that do not use
// the page's width.
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
	left, right := b.Max.X, b.Min.X // the extent of the chart-blue pixels
	for y := b.Min.Y; y < b.Max.Y; y++ {
		rowBlue, rowLeft, rowRight := 0, b.Max.X, b.Min.X
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r < 235 || g < 235 || bl < 235 {
				inked++
			}
			// The charts' blue bars: a render without the SVGs has none.
			if bl > 150 && r < 120 && bl-r > 60 {
				colored++
				rowBlue++
				rowLeft, rowRight = min(rowLeft, x), max(rowRight, x)
			}
		}
		// A solid blue row is the header's rule, not a chart.
		if rowBlue > 0 && float64(rowBlue) < 0.95*float64(rowRight-rowLeft+1) {
			left, right = min(left, rowLeft), max(right, rowRight)
		}
	}
	total := b.Dx() * b.Dy()
	fmt.Printf("report-check: screenshot %dx%d, %.1f%% of pixels not white, %d chart-blue pixels spanning x %d..%d\n",
		b.Dx(), b.Dy(), 100*float64(inked)/float64(total), colored, left, right)
	if total == 0 || float64(inked)/float64(total) < 0.02 {
		return fmt.Errorf("screenshot %s is (nearly) blank: %d of %d pixels not white", path, inked, total)
	}
	if colored < 2000 {
		return fmt.Errorf("screenshot %s shows no chart bars (%d chart-blue pixels)", path, colored)
	}
	// The page's content is at most 1020 pixels wide (1100 less padding);
	// charts drawn at a fixed 760 of it left a quarter of the page empty.
	if content := min(b.Dx(), 1100) - 80; float64(right-left) < 0.8*float64(content) {
		return fmt.Errorf("screenshot %s: the charts span %d of the page's %d pixels; they should use its width", path, right-left, content)
	}
	return nil
}
