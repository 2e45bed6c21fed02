#!/usr/bin/env bash
# `make report-check`: render bin/report/report.html (made by `make report`)
# in headless Chromium, take a screenshot and dump the DOM, and check both
# with tools/reportcheck (not blank, every section, hostile values as text).
# Installs Chromium from Debian's packages when /usr/bin/chromium is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${REPORT_DIR:-$root/bin/report}
page="$dir/report.html"
[ -s "$page" ] || { echo "report-check: $page missing: run make report" >&2; exit 1; }
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  # fonts-noto-cjk: the sample data has a Japanese username, and a
  # minimal system has no font for it.
  echo "report-check: $chromium missing; installing Debian's chromium and fonts-noto-cjk packages"
  if [ "$(id -u)" -ne 0 ]; then echo "report-check: installing needs root (or set CHROMIUM=/path/to/chromium)" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
profile=$(mktemp -d "${TMPDIR:-/tmp}/sps-report-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT
# No network, no background services, a fresh profile: the page must render
# from the file alone. --no-sandbox because CI runs as root.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars "--user-data-dir=$profile")
rm -f "$dir/report.png" "$dir/report.dom.html"
"$chromium" "${flags[@]}" --window-size=1280,2000 "--screenshot=$dir/report.png" "file://$page" >"$profile/shot.log" 2>&1 || {
  cat "$profile/shot.log"; echo "report-check: chromium --screenshot failed" >&2; exit 1; }
"$chromium" "${flags[@]}" --dump-dom "file://$page" >"$dir/report.dom.html" 2>"$profile/dom.log" || {
  cat "$profile/dom.log"; echo "report-check: chromium --dump-dom failed" >&2; exit 1; }
go run ./tools/reportcheck -png "$dir/report.png" -dom "$dir/report.dom.html"
echo "report-check: screenshot $dir/report.png"
