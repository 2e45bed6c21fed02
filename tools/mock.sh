#!/usr/bin/env bash
# `make mock`: run the mock SPS in the foreground with sample sessions, after
# printing the provider block to paste into a configuration.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
addr=${MOCK_ADDR:-127.0.0.1:8443}
ca="$root/bin/mocksps-ca.pem"
cat <<TXT
Mock SPS starting on https://$addr with 5000 generated sessions (seed 1).
Users: admin/admin (admin), auditor/auditor (read-only). Ctrl-C stops it.

Paste into your configuration:

  provider "sps" {
    url         = "https://$addr"
    username    = "admin"
    password    = "admin"
    ca_cert_pem = file("$ca")
  }

TXT
exec "$root/bin/mocksps" -addr "$addr" -sessions 5000 -seed 1 -ca-out "$ca" \
  -user admin:admin:admin -user auditor:auditor:auditor
