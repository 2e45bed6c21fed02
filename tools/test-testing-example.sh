#!/usr/bin/env bash
# `make test-example-testing`: runs examples/testing-your-configuration as a
# team would, on every CLI of the matrix: Terraform 1.11.4 (PATH), 1.15.9 and
# 1.16.4 and OpenTofu 1.12.6 (../shared/clis); EXAMPLE_CLIS="terraform
# tofu-1.12.6" runs fewer. For each, a copy
# of the folder, `terraform init` installing the provider's linux/amd64
# release archive from a filesystem mirror (the registry's place in a
# user's copy), `terraform test` (the mock_provider suite), then the
# example's own ci/integration-test.sh against mocksps from the same release.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
CLIS=${CLIS:-$(cd .. && pwd)/shared/clis}
work=$(mktemp -d "${TMPDIR:-/tmp}/sps-testing-example.XXXXXX")
trap 'rm -rf "$work"' EXIT
version=0.1.0

go run ./tools/release -version "$version" -out "$work/dist" -platforms linux/amd64 >/dev/null
mkdir -p "$work/bin"
unzip -q -o "$work/dist/mocksps_${version}_linux_amd64.zip" mocksps -d "$work/bin"
for host in registry.terraform.io registry.opentofu.org; do
  mkdir -p "$work/mirror/$host/terraform-sps/sps"
  cp "$work/dist/terraform-provider-sps_${version}_linux_amd64.zip" "$work/mirror/$host/terraform-sps/sps/"
done
cat >"$work/cli.tfrc" <<RC
provider_installation {
  filesystem_mirror {
    path = "$work/mirror"
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

total=$(date +%s)
for cli in ${EXAMPLE_CLIS:-terraform terraform-1.15.9 terraform-1.16.4 tofu-1.12.6}; do
  if [ "$cli" = terraform ]; then bin=$(command -v terraform); else bin=$("$CLIS/install" "$cli"); fi
  start=$(date +%s)
  echo "== $cli: $("$bin" version | head -1)"
  copy="$work/$cli/testing-your-configuration"
  mkdir -p "$(dirname "$copy")"
  cp -r examples/testing-your-configuration "$copy"
  (
    cd "$copy"
    "$bin" init -input=false -no-color >"$work/$cli-init.log" 2>&1 || { cat "$work/$cli-init.log"; exit 1; }
    "$bin" test -no-color
    MOCKSPS="$work/bin/mocksps" TERRAFORM="$bin" ci/integration-test.sh
  )
  echo "== $cli: both suites passed in $(( $(date +%s) - start ))s"
done
echo "== every CLI passed both suites in $(( $(date +%s) - total ))s"
