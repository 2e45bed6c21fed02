#!/usr/bin/env bash
# Checks that every example directory is valid Terraform, using the locally
# built provider through dev_overrides (no registry, no `terraform init`).
# Usage: [TERRAFORM=/path/to/terraform-or-tofu] tools/validate-examples.sh <dir holding terraform-provider-sps>
set -euo pipefail
tf=${TERRAFORM:-terraform}
bindir=${1:?usage: validate-examples.sh BINDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/dev.tfrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/terraform-sps/sps" = "$bindir"
    "registry.opentofu.org/terraform-sps/sps" = "$bindir"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/dev.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

"$tf" fmt -check -recursive "$root/examples"

# import blocks by identity need a CLI with resource identity (Terraform and
# OpenTofu 1.12+); older ones skip those example files.
version=$("$tf" version -json | sed -n 's/.*"terraform_version": *"\([0-9]*\)\.\([0-9]*\)\..*/\1 \2/p')
identity=yes query=yes
read -r major minor <<<"$version"
if [ "${major:-0}" -lt 1 ] || { [ "${major:-0}" -eq 1 ] && [ "${minor:-0}" -lt 12 ]; }; then identity=no; fi
# list blocks (*.tfquery.hcl) need `terraform validate -query`: Terraform 1.14+, not OpenTofu.
if "$tf" version | grep -q OpenTofu || [ "${major:-0}" -lt 1 ] || { [ "${major:-0}" -eq 1 ] && [ "${minor:-0}" -lt 14 ]; }; then query=no; fi

count=0
failed=0
skipped=0
# check DIR LABEL SKIP: validate a copy of DIR's .tf files without the file
# named SKIP. The two import examples of a resource (by ID, by identity)
# import the same address, so each is validated without the other.
check() {
  local dir=$1 label=$2 skip=$3 copy
  # Module blocks need `terraform init`, which dev_overrides cannot serve
  # offline; such examples are run with the released provider instead
  # (examples/testing-your-configuration: make test-example-testing).
  if grep -qs '^module ' "$dir"/*.tf; then
    echo "skipped: $label (module blocks need terraform init; make test-example-testing runs it)"
    skipped=$((skipped + 1))
    return
  fi
  copy="$work/$(echo "$label" | tr '/' '_')"
  mkdir -p "$copy"
  cp "$dir"/*.tf "$copy"/ 2>/dev/null || true
  # A CLI without `validate -query` validates an example's .tf files alone.
  if [ "$query" = yes ]; then cp "$dir"/*.tfquery.hcl "$copy"/ 2>/dev/null || true; fi
  rm -f "$copy/$skip"
  # Snippets for single resources leave out required_providers (the docs show
  # them that way); give them the provider's source address so the override applies.
  if ! grep -qs 'required_providers' "$copy"/*.tf; then
    printf 'terraform {\n  required_providers {\n    sps = { source = "terraform-sps/sps" }\n  }\n}\n' >"$copy/zz_versions.tf"
  fi
  local flags=(-no-color)
  if ls "$copy"/*.tfquery.hcl >/dev/null 2>&1; then flags+=(-query); fi
  if out=$(cd "$copy" && "$tf" validate "${flags[@]}" 2>&1); then
    count=$((count + 1))
  else
    echo "INVALID: $label"
    echo "$out"
    failed=$((failed + 1))
  fi
}
while IFS= read -r dir; do
  rel=${dir#"$root"/}
  check "$dir" "$rel" import-by-identity.tf
  if [ -f "$dir/import-by-identity.tf" ] && [ "$identity" = yes ]; then
    check "$dir" "$rel/import-by-identity" import-by-string-id.tf
  fi
done < <(find "$root/examples" -name '*.tf' -printf '%h\n' | sort -u)
if [ "$query" = yes ]; then
  while IFS= read -r dir; do
    check "$dir" "${dir#"$root"/}" none
  done < <(find "$root/examples" -name '*.tfquery.hcl' -printf '%h\n' | sort -u)
fi

echo "examples: $count valid, $failed invalid, $skipped skipped ($("$tf" version | head -1))"
[ "$failed" -eq 0 ]
