#!/usr/bin/env bash
# The integration job: start mocksps, run tests/integration/create.tftest.hcl,
# change the appliance behind Terraform's back through /_mock, run
# tests/integration/drift.tftest.hcl. `terraform test` can only talk to SPS
# through the provider, so the pipeline makes the drift between the two
# files. Run it after `terraform init` from the module's folder:
#
#   MOCKSPS=/path/to/mocksps TERRAFORM=terraform ci/integration-test.sh
set -euo pipefail
tf=${TERRAFORM:-terraform}
mocksps=${MOCKSPS:-mocksps}
cd "$(dirname "$0")/.."

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# TLS on a free loopback port, a CI account, and 500 sessions generated
# from a fixed seed and time, so every run sees the same compliance data.
"$mocksps" -addr 127.0.0.1:0 -ca-out "$work/ca.pem" -user ci:ci-password:admin \
  -sessions 500 -seed 7 -now 2026-01-31T12:00:00Z >"$work/mock.log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^mocksps listening on //p' "$work/mock.log")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/mock.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/mock.log" >&2; echo "mocksps did not start" >&2; exit 1; }
export SPS_URL=$url SPS_USERNAME=ci SPS_PASSWORD=ci-password SPS_CA_CERT=$work/ca.pem

"$tf" test -test-directory=tests/integration -filter=tests/integration/create.tftest.hcl -no-color

# Drift: the built-in default policy (key -30211) gets a 3600 s idle timeout.
curl -sSf --cacert "$work/ca.pem" -X PUT "$url/_mock/config/vnc/settings_policies/-30211" --data \
  '{"name":"default","timeout":3600,"preconnect_channel_check":false,"inactivity_timeout":{"enabled":false},
    "client_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},
    "server_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"}}' >/dev/null

"$tf" test -test-directory=tests/integration -filter=tests/integration/drift.tftest.hcl -no-color
