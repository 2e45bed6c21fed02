#!/usr/bin/env bash
# `make report`: build the provider and the mock SPS, start the mock with TLS,
# 3000 generated sessions (seed 42) and four recorded sessions with hostile
# values (markup, a right-to-left override, control characters, a very long
# value: tools/reportcheck/hostile.go), apply
# examples/compliance-report against it, and write its `report_html` output
# to REPORT_DIR/report.html (default bin/report). Prints the file's path.
# Nothing touches ~/.terraformrc: Terraform gets a generated CLI config with
# dev_overrides in a temp dir, so no `terraform init` and no registry.
set -euo pipefail
tfbin=${TERRAFORM:-terraform}
command -v "$tfbin" >/dev/null 2>&1 || { echo "report: CLI \"$tfbin\" not found (set TERRAFORM=/path/to/terraform)" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out_dir=${REPORT_DIR:-$root/bin/report}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/sps-report.XXXXXX")
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
trap cleanup EXIT

echo "report: building the provider and the mock SPS"
mkdir -p bin
go build -trimpath -ldflags "-X main.version=report" -o bin/terraform-provider-sps .
go build -trimpath -o bin/mocksps ./tools/mocksps

# The last complete day (UTC): the example's default report end.
day=$(date -u -d yesterday +%F)
# Recorded sessions with values an attacker controls in SPS (markup, a
# script, `]]>`, a right-to-left override, control characters, a value of
# 1,100 characters), written by tools/reportcheck, which also holds what
# make report-check expects the page and its PDF to show of them.
go run ./tools/reportcheck -write-sessions "$work/hostile.json" -day "$day"

echo "report: starting the mock SPS (TLS, 3000 generated sessions, seed 42, four hostile ones)"
start_mock -sessions 3000 -seed 42 -sessions-file "$work/hostile.json" -ca-out "$work/ca.pem" \
  -user auditor:report-password:auditor

use_local_provider
export SPS_PASSWORD=report-password SPS_CA_CERT="$work/ca.pem"
cp -r examples/compliance-report "$work/tf"
cd "$work/tf"

echo "report: $tfbin apply examples/compliance-report ($("$tfbin" version | head -1))"
if ! "$tfbin" apply -auto-approve -no-color -var "sps_url=$url" -var sps_username=auditor -var "report_end=$day" >"$work/apply.log" 2>&1; then
  cat "$work/apply.log"
  echo "report: terraform apply failed" >&2
  exit 1
fi
"$tfbin" output -raw report_html >"$out_dir/report.html"
echo "report: written to $out_dir/report.html ($(wc -c <"$out_dir/report.html") bytes); open it in a browser"
