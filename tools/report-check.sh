#!/usr/bin/env bash
# `make report-check`: render bin/report/report.html (made by `make report`)
# in headless Chromium: a screenshot, the DOM, and the page printed to PDF
# as "Print to PDF" would (A4, the page's own print style sheet); then check
# them with tools/reportcheck (not blank, charts as wide as the page, every
# section, hostile values as text, axis titles, headings in words, times
# with their zone, dashes in empty cells; numbered PDF pages, no heading
# alone at a page's foot, table headers repeated). The PDF's page count and
# text come from poppler's pdfinfo and pdftotext; pdftoppm also writes each
# page as a PNG (report-page-N.png) to look at.
# Why poppler and not a Go PDF library: of the modules the proxy serves us,
# fpdf only writes PDFs, go-pdfium needs the PDFium library (or a large
# WebAssembly build), and pdfcpu is served only as an unapproved copy and
# extracts content streams, not text laid out in reading order. Chromium is
# already a Debian package here; poppler-utils is one more from the same
# place, and pdftotext -layout keeps table rows on one line, which the
# checks of page breaks and repeated headers read.
# Installs Debian's chromium, fonts-noto-cjk and poppler-utils when missing
# (as root: apt-get install chromium fonts-noto-cjk poppler-utils).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${REPORT_DIR:-$root/bin/report}
page="$dir/report.html"
[ -s "$page" ] || { echo "report-check: $page missing: run make report" >&2; exit 1; }
chromium=${CHROMIUM:-/usr/bin/chromium}
missing=()
[ -x "$chromium" ] || missing+=(chromium fonts-noto-cjk)
for tool in pdfinfo pdftotext pdftoppm; do
  command -v "$tool" >/dev/null 2>&1 || { missing+=(poppler-utils); break; }
done
if [ ${#missing[@]} -gt 0 ]; then
  # fonts-noto-cjk: the sample data has a Japanese username, and a
  # minimal system has no font for it.
  echo "report-check: installing Debian's ${missing[*]} packages"
  if [ "$(id -u)" -ne 0 ]; then echo "report-check: installing needs root (or set CHROMIUM=/path/to/chromium and put poppler-utils on PATH)" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
profile=$(mktemp -d "${TMPDIR:-/tmp}/sps-report-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT
# No network, no background services, a fresh profile: the page must render
# from the file alone. --no-sandbox because CI runs as root.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars "--user-data-dir=$profile")
rm -f "$dir/report.png" "$dir/report.dom.html" "$dir/report.pdf" "$dir/report.txt" "$dir/report.raw.txt" "$dir"/report-page-*.png
"$chromium" "${flags[@]}" --window-size=1280,2000 "--screenshot=$dir/report.png" "file://$page" >"$profile/shot.log" 2>&1 || {
  cat "$profile/shot.log"; echo "report-check: chromium --screenshot failed" >&2; exit 1; }
"$chromium" "${flags[@]}" --dump-dom "file://$page" >"$dir/report.dom.html" 2>"$profile/dom.log" || {
  cat "$profile/dom.log"; echo "report-check: chromium --dump-dom failed" >&2; exit 1; }
# Chromium's own header and footer (date, file URL) are off, as a user
# would print it; the page numbers come from the report's @page rules.
"$chromium" "${flags[@]}" --no-pdf-header-footer "--print-to-pdf=$dir/report.pdf" "file://$page" >"$profile/pdf.log" 2>&1 || {
  cat "$profile/pdf.log"; echo "report-check: chromium --print-to-pdf failed" >&2; exit 1; }
pages=$(pdfinfo "$dir/report.pdf" | sed -n 's/^Pages: *//p')
pdftotext -layout "$dir/report.pdf" "$dir/report.txt"
pdftotext -raw "$dir/report.pdf" "$dir/report.raw.txt"
pdftoppm -png -r 50 "$dir/report.pdf" "$dir/report-page"
cd "$root"
go run ./tools/reportcheck -png "$dir/report.png" -dom "$dir/report.dom.html" -pdf-text "$dir/report.txt" -pdf-raw "$dir/report.raw.txt" -pdf-pages "${pages:-0}"
echo "report-check: screenshot $dir/report.png, PDF $dir/report.pdf ($pages pages; page images $dir/report-page-*.png)"
