#!/usr/bin/env bash
# `make demo`: build the provider and the mock SPS, start the mock with TLS and
# seeded sample sessions on a free loopback port, run a real terraform
# apply / plan / destroy on examples/demo against it, say what each step
# showed and what to try next, and clean up.
# Nothing touches ~/.terraformrc: Terraform gets a generated CLI config with
# dev_overrides in a temp dir, so no `terraform init` and no registry.
# TERRAFORM picks the CLI (default: terraform on PATH), for example
# TERRAFORM=$(../shared/clis/install tofu-1.12.6) for OpenTofu; the CLI
# config serves the provider on both registry hosts.
set -euo pipefail
tfbin=${TERRAFORM:-terraform}
tfname=$(basename "$tfbin")
command -v "$tfbin" >/dev/null 2>&1 || { echo "demo: CLI \"$tfbin\" not found (set TERRAFORM=/path/to/terraform or tofu)" >&2; exit 1; }
command -v go >/dev/null 2>&1 || { echo "demo: go not found on PATH (the demo builds the provider from this clone)" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bold="" plain=""
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }
say() { fmt -w 100 <<<"$*" | sed 's/^/    /'; }

# tf LOG WHAT ARGS...: run the CLI with its output in LOG; on failure show
# the whole log and stop the demo, saying WHAT went wrong.
tf() {
  local log=$1 what=$2 rc=0
  shift 2
  "$tfbin" "$@" -no-color >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    cat "$log"
    echo "demo: $what (exit code $rc)" >&2
    exit 1
  fi
}
start=$(date +%s)

work=$(mktemp -d "${TMPDIR:-/tmp}/sps-demo.XXXXXX")
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
trap cleanup EXIT

cat <<TXT
This demo drives terraform-provider-sps against a mock of SPS, on this machine only.

SPS (One Identity Safeguard for Privileged Sessions) is an appliance that sits between administrators
and the servers they manage: it proxies their SSH, RDP, VNC and other sessions, records them, and keeps
a searchable database of who connected where and what happened. The provider does two things with it:
it manages SPS's configuration from Terraform (here: VNC settings), and it reads that session database
for compliance reports. mocksps, the mock that ships with the provider, answers the same REST API.
TXT

step "Building the provider and the mock SPS"
say "The first run compiles both with all their dependencies: about a minute or two on a laptop, more on a
busy machine. Later runs reuse Go's build cache and take seconds."
t0=$(date +%s)
mkdir -p bin
go build -trimpath -ldflags "-X main.version=demo" -o bin/terraform-provider-sps .
go build -trimpath -o bin/mocksps ./tools/mocksps
echo "    built in $(( $(date +%s) - t0 ))s"

step "Starting the mock SPS"
start_mock -sessions 3000 -seed 42 -ca-out "$work/ca.pem" -user admin:demo-password:admin
say "Listening on $url with TLS (a certificate made at startup, which Terraform verifies), one admin
account, and 3000 recorded sessions of the last 60 days generated from seed 42."

step "Pointing $tfname at the local build"
use_local_provider
export TF_VAR_report_day="$(date -u +%F)"
export SPS_URL="$url" SPS_USERNAME=admin SPS_PASSWORD=demo-password SPS_CA_CERT="$work/ca.pem"
cp -r examples/demo "$work/tf"
cd "$work/tf"
say "$("$tfbin" version | head -1). A CLI configuration with dev_overrides in a temp dir makes it use
bin/terraform-provider-sps without 'init' or a registry (it warns that overrides are in effect; that is
expected). The provider reads its connection from SPS_URL, SPS_USERNAME, SPS_PASSWORD and SPS_CA_CERT."

step "$tfname apply examples/demo"
say "Two VNC settings policies (strict-vnc, lab-vnc) and the global VNC options, written in one SPS
transaction; then five reads of the session database for the summary below."
tf "$work/apply.log" "$tfname apply failed" apply -auto-approve
grep -E ': Creation complete|^Apply complete' "$work/apply.log" | sed 's/^/    /' || true
commits=$(curl -sS --cacert "$work/ca.pem" "$url/_mock/counters" | sed -n 's/.*"commits": *\([0-9]*\).*/\1/p')
if [ "$commits" = 1 ]; then
  say "SPS committed the three changes in one transaction: the provider groups the changes Terraform makes at
the same time into one commit."
else
  say "SPS committed ${commits:-?} transactions for the three changes (the provider groups the changes
Terraform makes at the same time into one commit, when they reach it together)."
fi

step "What the apply produced ($tfname output compliance_summary)"
"$tfbin" output -raw compliance_summary | sed 's/^/    /'

step "$tfname plan: nothing left to do"
tf "$work/plan.log" "the second plan is not empty" plan -detailed-exitcode
grep -E '^No changes' "$work/plan.log" | sed 's/^/    /' || true
say "The provider read every object back from SPS and found it as configured: the apply converged."

step "$tfname destroy"
say "Deletes the two policies. sps_vnc_options is different: SPS always has VNC options, and resetting them
would cut live VNC connections, so destroying it only stops Terraform managing them. $tfname says so in a
warning, 'VNC options left unchanged on SPS'; that warning is expected."
tf "$work/destroy.log" "$tfname destroy failed" destroy -auto-approve
grep -E '^(Destroy complete|Warning: VNC options left unchanged)' "$work/destroy.log" | sed 's/^/    /' || true

step "Stopping the mock SPS and cleaning up"
cd "$root"
echo "    demo finished in $(( $(date +%s) - start ))s"

step "What to try next"
cat <<TXT
    make mock                     run the mock yourself (it prints a provider block to paste), then apply
                                  examples/demo or examples/resources/* against it and change things
    make report                   the compliance report an auditor reads: one printable HTML page
                                  (examples/compliance-report), written to bin/report/report.html
    examples/compliance-checks    rules as check blocks that fail a pipeline
    docs/guides/                  testing your own configuration, the mock SPS, adopting an appliance
    README.md                     installing the provider, and pointing it at a real SPS
    make demo TERRAFORM=tofu      the same demo with OpenTofu (or any Terraform binary)
TXT
