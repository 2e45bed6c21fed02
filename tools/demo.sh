#!/usr/bin/env bash
# `make demo`: build the provider and the mock SPS, start the mock with TLS and
# seeded sample sessions on a free loopback port, run a real terraform
# apply / plan / destroy on examples/demo against it, and clean up.
# Nothing touches ~/.terraformrc: Terraform gets a generated CLI config with
# dev_overrides in a temp dir, so no `terraform init` and no registry.
# TERRAFORM picks the CLI (default: terraform on PATH), for example
# TERRAFORM=$(../shared/clis/install tofu-1.12.6) for OpenTofu; the CLI
# config serves the provider on both registry hosts.
set -euo pipefail
tfbin=${TERRAFORM:-terraform}
tfname=$(basename "$tfbin")
command -v "$tfbin" >/dev/null 2>&1 || { echo "demo: CLI \"$tfbin\" not found (set TERRAFORM=/path/to/terraform or tofu)" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# tf LOG WHAT ARGS...: run terraform with its output in LOG; on failure show
# the whole log and stop the demo, saying WHAT went wrong.
tf() {
  local log=$1 what=$2 rc=0
  shift 2
  "$tfbin" "$@" -no-color >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    cat "$log"
    echo "$what (exit code $rc)" >&2
    exit 1
  fi
}
start=$(date +%s)

work=$(mktemp -d "${TMPDIR:-/tmp}/sps-demo.XXXXXX")
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
trap cleanup EXIT

step "Building the provider and the mock SPS"
mkdir -p bin
go build -trimpath -ldflags "-X main.version=demo" -o bin/terraform-provider-sps .
go build -trimpath -o bin/mocksps ./tools/mocksps

step "Starting the mock SPS (TLS, 3000 generated sessions, seed 42) on a free loopback port"
start_mock -sessions 3000 -seed 42 -ca-out "$work/ca.pem" \
  -user admin:demo-password:admin
echo "mock SPS listening on $url (CA certificate in $work/ca.pem)"

step "Pointing Terraform at the local build (dev_overrides in a temp CLI config)"
use_local_provider
export TF_VAR_report_day="$(date -u +%F)"
export SPS_URL="$url" SPS_USERNAME=admin SPS_PASSWORD=demo-password SPS_CA_CERT="$work/ca.pem"
cp -r examples/demo "$work/tf"
cd "$work/tf"
echo "provider: url=$SPS_URL, ca_cert_pem from the mock, TLS verified (no insecure flag)"
echo "CLI: $("$tfbin" version | head -1)"

step "$tfname apply: two VNC settings policies, VNC options, and the audit reports"
tf "$work/apply.log" "$tfname apply failed" apply -auto-approve
grep -E ': (Creating|Creation complete|Reading|Read complete)|^Apply complete' "$work/apply.log" || true

step "Compliance summary ($tfname output)"
"$tfbin" output -raw compliance_summary

step "$tfname plan -detailed-exitcode: a second plan must be empty (idempotent)"
tf "$work/plan.log" "plan is not empty" plan -detailed-exitcode
grep -E 'No changes' "$work/plan.log" || true

step "What the mock SPS has committed (its /_mock/state control endpoint, outside the SPS API)"
curl -sS --cacert "$work/ca.pem" "$url/_mock/state" >"$work/state.json"
grep -o '"name":"[^"]*"' "$work/state.json" | sed 's/"name":/  settings policy /'
grep -o '"options":{.*}},"options_shape\|"options":{[^}]*}[^}]*}[^}]*}[^}]*}' "$work/state.json" | head -1 | sed 's/^/  /'
grep -o '"lock_holder":"[^"]*","open_transactions":[0-9]*' "$work/state.json" | sed 's/^/  /'
curl -sS --cacert "$work/ca.pem" "$url/_mock/counters" | grep -o '"commits":[0-9]*' | sed 's/^/  commits so far: /;s/"commits"://'

step "$tfname destroy"
"$tfbin" destroy -auto-approve -no-color 2>&1 | grep -E '^(Destroy complete|Warning: VNC)' || true

step "Stopping the mock SPS and cleaning up"
cd "$root"
echo "demo finished in $(( $(date +%s) - start ))s"
