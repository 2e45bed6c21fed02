#!/usr/bin/env bash
# `make bench`: build the benchmark program (tools/bench) and run it once.
# It measures, side by side with a baseline, group commit in a real
# terraform apply, the requests of a refresh, concurrent session paging and
# the mock's search/stats/histogram speed, reports at scale and the generic
# objects (refresh requests, mixed-apply commits, a plan against a no-op
# provider), and prints one line per figure:
#   BENCH <name> <value> <unit> (baseline <value>, ratio <x>)
# Extra flags for the program go in BENCH_ARGS, e.g.
#   BENCH_ARGS='-only search,mock' make bench
# Nothing touches ~/.terraformrc: Terraform gets a generated CLI config with
# dev_overrides in a temp dir. Exit code 1 when a figure misses its goal.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

command -v go >/dev/null || { echo "bench: go is not on PATH" >&2; exit 1; }
command -v terraform >/dev/null || { echo "bench: the terraform CLI is not on PATH (needed for the apply and refresh figures)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sps-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/bench" ./tools/bench
# shellcheck disable=SC2086 # BENCH_ARGS is a list of flags
"$work/bench" -root "$root" ${BENCH_ARGS:-}
