# Shell helpers shared by the make scripts that run Terraform against a mock
# SPS (demo.sh, report.sh). Source it after `set -euo pipefail`, with `work`
# set to a temp dir and `root` to the repository.

mock_pid=""

# cleanup stops the mock (if started) and removes $work; scripts trap it on EXIT.
cleanup() {
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}

# start_mock ARGS...: starts bin/mocksps on a free loopback port with ARGS
# and its log in $work/mock.log, and sets url once it listens.
start_mock() {
  bin/mocksps -addr 127.0.0.1:0 "$@" >"$work/mock.log" 2>&1 &
  mock_pid=$!
  url=""
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^mocksps listening on \(.*\)$/\1/p' "$work/mock.log" | head -1)
    [ -n "$url" ] && return 0
    kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log"; echo "mock SPS exited early" >&2; exit 1; }
    sleep 0.1
  done
  cat "$work/mock.log"
  echo "mock SPS did not start" >&2
  exit 1
}

# use_local_provider points Terraform at the build in $root/bin through a
# generated CLI config with dev_overrides (both registry hosts, so OpenTofu
# too): no `terraform init`, no registry, and ~/.terraformrc is not read.
use_local_provider() {
  cat >"$work/dev.tfrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/terraform-sps/sps" = "$root/bin"
    "registry.opentofu.org/terraform-sps/sps" = "$root/bin"
  }
  direct {}
}
RC
  export TF_CLI_CONFIG_FILE="$work/dev.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
}
