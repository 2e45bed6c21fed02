#!/usr/bin/env bash
# `make test-example-ssh-gateway`: examples/ssh-gateway against the mock SPS,
# as a team would run it: apply, drift made on the appliance (through the
# mock's /_mock/config, as another administrator on the web interface would
# make it), a plan that shows the drift, an apply that undoes it, an empty
# plan, and a destroy in dependency order. Each step is checked on the
# mock. TERRAFORM picks the CLI (default: terraform on PATH); the provider
# and the mock come from bin/ (the make target builds them).
set -euo pipefail
tfbin=${TERRAFORM:-terraform}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/sps-ssh-gateway.XXXXXX")
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
trap cleanup EXIT

fail() {
  echo "ssh-gateway: $*" >&2
  exit 1
}
# tf LOG ARGS...: the CLI with its output in LOG, shown when it fails.
tf() {
  local log=$1 rc=0
  shift
  "$tfbin" "$@" -no-color >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then cat "$log"; fail "$tfbin $1 failed (exit $rc)"; fi
  return "$rc"
}
mock() { curl -sS --fail-with-body --cacert "$work/ca.pem" "$@"; }
# object LIST NAME: the committed object of LIST named NAME ({key, body}), or nothing.
object() { mock "$url/_mock/config/$1" | jq -c --arg n "$2" '.items[] | select(.body.name == $n)'; }

start_mock -ca-out "$work/ca.pem" -user admin:gateway-password:admin
use_local_provider
export SPS_URL="$url" SPS_USERNAME=admin SPS_PASSWORD=gateway-password SPS_CA_CERT="$work/ca.pem"
cp -r examples/ssh-gateway "$work/tf"
cd "$work/tf"
echo "ssh-gateway: $("$tfbin" version | head -1), mock on $url"

tf "$work/apply.log" apply -auto-approve -input=false
for o in policies/time_policies:office-hours ssh/channel_policies:audited ssh/settings_policies:strict \
  aaa/local_database/groups:gateway-admins aaa/local_database/groups:gateway-auditors ssh/connections:ssh-gateway; do
  [ -n "$(object "${o%%:*}" "${o#*:}")" ] || fail "after apply, the mock has no ${o%%:*} object named ${o#*:}"
done
gw=$(object ssh/connections ssh-gateway)
key=$(jq -r .key <<<"$gw")
[ "$(jq -c .body.access_control <<<"$gw")" = '[{"authorizer":"gateway-auditors","permission":"audit","subject":{"group":"gateway-admins"}}]' ] ||
  fail "the connection policy's access_control on the mock: $(jq -c .body.access_control <<<"$gw")"
echo "ssh-gateway: applied (connection policy $key and the five objects it uses)"

# Drift: another administrator opens port 2222 and adds a field the
# configuration does not declare.
jq -c '.body.network.ports = [22, 2222] | .body.log_audit_trail_downloads = true | .body' <<<"$gw" >"$work/drift.json"
mock -X PUT --data @"$work/drift.json" "$url/_mock/config/ssh/connections/$key" >/dev/null
rc=0
tf "$work/drift.log" plan -detailed-exitcode -input=false || rc=$?
[ "$rc" -eq 2 ] || { cat "$work/drift.log"; fail "the plan after the drift exited $rc, want 2 (changes)"; }
grep -q '2222' "$work/drift.log" || { cat "$work/drift.log"; fail "the plan does not show the drifted port"; }
grep -q '1 to change' "$work/drift.log" || { cat "$work/drift.log"; fail "the plan does not change exactly the connection policy"; }
echo "ssh-gateway: drift on the appliance shows in the plan (1 to change)"

tf "$work/reapply.log" apply -auto-approve -input=false
gw=$(object ssh/connections ssh-gateway)
[ "$(jq -c .body.network.ports <<<"$gw")" = '[22]' ] || fail "the re-apply left ports $(jq -c .body.network.ports <<<"$gw")"
[ "$(jq -c .body.log_audit_trail_downloads <<<"$gw")" = 'true' ] || fail "the re-apply dropped the field the configuration does not declare"
rc=0
tf "$work/plan.log" plan -detailed-exitcode -input=false || rc=$?
[ "$rc" -eq 0 ] || { cat "$work/plan.log"; fail "the plan after the re-apply exited $rc, want 0 (no changes)"; }
echo "ssh-gateway: re-applied (port 2222 closed, the undeclared field kept), then no changes"

tf "$work/destroy.log" destroy -auto-approve -input=false
for o in policies/time_policies:office-hours ssh/channel_policies:audited ssh/settings_policies:strict \
  aaa/local_database/groups:gateway-admins aaa/local_database/groups:gateway-auditors ssh/connections:ssh-gateway; do
  [ -z "$(object "${o%%:*}" "${o#*:}")" ] || fail "after destroy, the mock still has ${o%%:*} ${o#*:}"
done
# The connection policy goes first: the objects it uses are destroyed after it.
first=$(grep -n 'Destruction complete' "$work/destroy.log" | head -1)
[[ "$first" == *sps_config_object.gateway:* ]] || { cat "$work/destroy.log"; fail "the first object destroyed was not the connection policy: $first"; }
echo "ssh-gateway: destroyed, connection policy first"
echo "ssh-gateway: ok in $(($(date +%s) - start))s"
