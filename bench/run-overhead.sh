#!/usr/bin/env bash
# `baton run`'s own overhead (issue 27): a fresh git repository per row with N independent tasks (default 12),
# each with one `file_exists` acceptance check, and a scripted agent that sleeps (default 1 s) and writes its
# task's file. Runs `baton run --workers W` for each W (default 1, 3, 6) and prints, as a Markdown table:
#   wall      the `baton run` process from start to exit (hub start, import, worktrees, every task, summary);
#   run       the run's own `wall_ms` (from the import to the summary);
#   ideal     ceil(tasks / workers) x sleep: the agents' own time, with no overhead at all;
#   per task  (wall - ideal) / ceil(tasks / workers): what each task on the longest worker's queue cost
#             beyond its agent (the fixed start-up cost is spread over those tasks too).
# Every row also checks that all tasks are done and that main holds every task's file. With --repeat N, each
# worker count runs N times (fresh repository each time) and a median row follows the N rows. The machine's load
# average is printed first: on a shared machine the figures move with it.
#
# The binary timed is the Native AOT `baton`, published (incrementally) to artifacts/baton-aot/ unless
# --baton PATH names one; when the publish fails (it needs clang and zlib1g-dev), the JIT build in
# src/Baton.Cli/bin/Release is timed instead, with a note: its start-up adds about 0.4 s per baton process.
# BATON_RUN_TRACE=1 (or --trace) makes `baton run` print per-phase timings for each task to stderr; this
# script then sums them per phase.
#
#   bench/run-overhead.sh [--baton PATH] [--tasks N] [--sleep SECONDS] [--workers "1 3 6"] [--repeat N] [--trace]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

baton="" tasks=12 sleep_s=1 workers="1 3 6" repeat=1 trace=false
while [ $# -gt 0 ]; do
  case "$1" in
    --baton) baton=$(realpath "$2"); shift 2 ;;
    --tasks) tasks=$2; shift 2 ;;
    --sleep) sleep_s=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --trace) trace=true; shift ;;
    -h | --help) sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$tasks" =~ ^[1-9][0-9]*$ ]] || { echo "--tasks must be a positive whole number, not '$tasks'" >&2; exit 2; }
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "--repeat must be a positive whole number, not '$repeat'" >&2; exit 2; }
[[ "$sleep_s" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "--sleep must be a number of seconds, not '$sleep_s'" >&2; exit 2; }
for w in $workers; do
  [[ "$w" =~ ^[1-9][0-9]*$ ]] || { echo "--workers must list positive whole numbers, not '$w'" >&2; exit 2; }
done
command -v git >/dev/null || { echo "git is needed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed (to read the run's JSON summary)" >&2; exit 1; }

note=""
if [ -z "$baton" ]; then
  rid=linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
  mkdir -p artifacts
  echo "publishing the Native AOT baton to artifacts/baton-aot (log: artifacts/baton-aot.log)" >&2
  if dotnet publish src/Baton.Cli -c Release -r "$rid" -p:PublishAot=true -o artifacts/baton-aot >artifacts/baton-aot.log 2>&1; then
    baton=$PWD/artifacts/baton-aot/baton
  else
    note="Native AOT publish failed ($(grep -m1 -E 'error' artifacts/baton-aot.log | cut -c1-160)); timing the JIT build, which starts ~0.4 s slower per baton process"
    echo "note: $note" >&2
    dotnet build src/Baton.Cli -c Release -v quiet -nologo >&2
    baton=$PWD/src/Baton.Cli/bin/Release/net10.0/baton
  fi
fi
[ -x "$baton" ] || { echo "no baton at $baton" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The plan and the agent live outside the repository: the run must not see them as uncommitted work.
python3 - "$tasks" >"$work/plan.json" <<'EOF'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"tasks": [{"id": f"t{i:02d}", "title": f"Write out/t{i:02d}.txt", "files": [f"out/t{i:02d}.txt"],
    "acceptance": [{"check": "file_exists", "path": f"out/t{i:02d}.txt"}]} for i in range(1, n + 1)]}))
EOF
cat >"$work/agent.sh" <<EOF
#!/bin/sh
sleep $sleep_s
mkdir -p out
echo "written by \$BATON_WORKER" > "out/\$BATON_TASK_ID.txt"
EOF
chmod +x "$work/agent.sh"

now() { date +%s.%N; }

echo "baton: $baton; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| workers | tasks | wall | run (wall_ms) | ideal | overhead per task |"
echo "|---:|---:|---:|---:|---:|---:|"
for w in $workers; do
  : >"$work/rows"
  for r in $(seq "$repeat"); do
    repo="$work/repo-$w-$r"
    mkdir -p "$repo"
    git -C "$repo" init --quiet --initial-branch=main
    git -C "$repo" config user.name bench
    git -C "$repo" config user.email bench@baton.invalid
    git -C "$repo" config commit.gpgsign false
    echo "# run-overhead" >"$repo/README.md"
    git -C "$repo" add README.md
    git -C "$repo" commit --quiet -m initial
    trace_env=()
    [ "$trace" = true ] && trace_env=(BATON_RUN_TRACE=1)
    start=$(now)
    (cd "$repo" && env -u BATON_SERVER -u BATON_STORE -u BATON_TOKEN -u BATON_WORKER "${trace_env[@]}" \
      "$baton" run --agent "$work/agent.sh" --workers "$w" --plan "$work/plan.json" --json >"$work/out.json" 2>"$work/err.txt") \
      || { echo "baton run with $w worker(s) failed:" >&2; cat "$work/err.txt" "$work/out.json" >&2; exit 1; }
    end=$(now)
    files=$(git -C "$repo" ls-tree --name-only main out/ | wc -l)
    [ "$files" -eq "$tasks" ] || { echo "main has $files of $tasks task files after the run with $w worker(s)" >&2; exit 1; }
    python3 - "$start" "$end" "$w" "$tasks" "$sleep_s" "$work/out.json" "$work/rows" <<'EOF'
import json, math, sys
start, end, w, n, s, out, rows = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
summary = json.load(open(out))
assert summary["complete"] and summary["counts"].get("done") == n, summary
wall, steps = end - start, math.ceil(n / w)
ideal = steps * s
print(f"| {w} | {n} | {wall:.2f} s | {summary['wall_ms'] / 1000:.2f} s | {ideal:.2f} s | {(wall - ideal) / steps * 1000:.0f} ms |")
with open(rows, "a") as f:
    f.write(f"{wall} {summary['wall_ms'] / 1000}\n")
EOF
    if [ "$trace" = true ]; then
      python3 - "$work/err.txt" <<'EOF' >&2
import re, sys, collections
sums, counts = collections.defaultdict(float), collections.Counter()
for line in open(sys.argv[1]):
    m = re.match(r"\[trace\] (\S+) (\S+) (\S+) ([0-9.]+) ms", line)
    if m:
        sums[m.group(3)] += float(m.group(4)); counts[m.group(3)] += 1
print("  phase totals: " + ", ".join(f"{k} {sums[k]:.0f} ms/{counts[k]}" for k in sums))
EOF
    fi
    rm -rf "$repo"
  done
  if [ "$repeat" -gt 1 ]; then
    python3 - "$w" "$tasks" "$sleep_s" "$repeat" "$work/rows" <<'EOF'
import math, statistics, sys
w, n, s, k, rows = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
walls, runs = zip(*[map(float, line.split()) for line in open(rows)])
wall, run, steps = statistics.median(walls), statistics.median(runs), math.ceil(n / w)
ideal = steps * s
print(f"| **{w}, median of {k}** | {n} | **{wall:.2f} s** | {run:.2f} s | {ideal:.2f} s | **{(wall - ideal) / steps * 1000:.0f} ms** |")
EOF
  fi
done
[ -z "$note" ] || echo "note: $note"
