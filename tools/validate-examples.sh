#!/usr/bin/env bash
# Checks that every example directory is valid Terraform, using the locally
# built provider through dev_overrides (no registry, no `terraform init`).
# Usage: tools/validate-examples.sh <dir holding terraform-provider-sps>
set -euo pipefail
bindir=${1:?usage: validate-examples.sh BINDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/dev.tfrc" <<RC
provider_installation {
  dev_overrides {
    "terraform-sps/sps" = "$bindir"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/dev.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

terraform fmt -check -recursive "$root/examples"

count=0
failed=0
while IFS= read -r dir; do
  rel=${dir#"$root"/}
  copy="$work/$(echo "$rel" | tr '/' '_')"
  mkdir -p "$copy"
  cp "$dir"/*.tf "$copy"/
  # Snippets for single resources leave out required_providers (the docs show
  # them that way); give them the provider's source address so the override applies.
  if ! grep -qs 'required_providers' "$copy"/*.tf; then
    printf 'terraform {\n  required_providers {\n    sps = { source = "terraform-sps/sps" }\n  }\n}\n' >"$copy/zz_versions.tf"
  fi
  if out=$(cd "$copy" && terraform validate -no-color 2>&1); then
    count=$((count + 1))
  else
    echo "INVALID: $rel"
    echo "$out"
    failed=$((failed + 1))
  fi
done < <(find "$root/examples" -name '*.tf' -printf '%h\n' | sort -u)

echo "examples: $count valid, $failed invalid"
[ "$failed" -eq 0 ]
