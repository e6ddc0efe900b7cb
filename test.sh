#!/usr/bin/env bash
# Runs the whole test suite and closes with one line "N passed, N failed" (summed over the test
# projects from the test runner's own summaries). Then checks formatting (whitespace and import order, as
# `dotnet format` would fix them): a file out of format counts as one more failure. A test that runs 10 minutes
# is taken as hung: the blame collector names it, and the run fails instead of waiting forever. Exit code: non-zero when
# anything failed. Arguments go to `dotnet test` (e.g. --filter ...); a filtered run skips the format check.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log=$(mktemp)
dotnet test Baton.slnx -c Release --blame-hang-timeout 10m --blame-hang-dump-type none "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report: count that as a failure.
  failed=1
fi
if [ $# -eq 0 ]; then
  if ! dotnet format whitespace Baton.slnx --verify-no-changes --no-restore \
     || ! dotnet format style Baton.slnx --verify-no-changes --severity warn --no-restore; then
    echo "formatting: the files above are out of format; run: dotnet format whitespace Baton.slnx && dotnet format style Baton.slnx --severity warn"
    failed=$((failed + 1))
    status=1
  fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
