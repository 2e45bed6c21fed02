#!/usr/bin/env bash
# Runs every `func FuzzXxx` in the module for a short time each (go test -fuzz
# takes one target per run). Committed corpora under testdata/fuzz always run
# as plain tests in `make test`; this adds fresh coverage-guided inputs.
set -euo pipefail
# The budget is a count of executions (200000x), not a duration: Go 1.26's
# fuzz coordinator can fail a duration-limited run with a bare "context
# deadline exceeded" and no crasher when the deadline races a busy worker
# (golang/go#75804, fixed in Go 1.27). A count never races a deadline.
fuzztime=${1:-200000x}
cd "$(dirname "$0")/.."
n=0
while IFS=: read -r file fn; do
  pkg="./$(dirname "$file")"
  echo "fuzz $pkg $fn ($fuzztime)"
  go test -run '^$' -fuzz "^${fn}\$" -fuzztime "$fuzztime" "$pkg"
  n=$((n + 1))
done < <(git ls-files '*_test.go' | xargs grep -oE '^func Fuzz[A-Za-z0-9_]+' | sed 's/func //' | sort -u)
echo "fuzz: $n targets run"
