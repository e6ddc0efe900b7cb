#!/usr/bin/env bash
# One command for the side-by-side comparison (issue 7): installs what is missing (Debian packages
# beanstalkd, redis-server, postgresql, hyperfine, and clang zlib1g-dev for Native AOT; npm packages
# backlog.md and task-master-ai), builds bench/Baton.Compare in Release and, unless --cli baton=PATH
# names one, the Native AOT `baton` for the CLI rows, runs it and prints its markdown table. The harness starts
# every server on 127.0.0.1 with its data under a temporary folder and stops each one it started,
# also on failure; this script stops the harness itself if the script is interrupted.
#
#   bench/compare.sh [--tasks N] [--samples N] [--only LIST] [--cli baton=PATH] [--no-cli] [--out FILE] ...
#   bench/compare.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

# The Baton CLI rows time the Native AOT `baton`, as scripts/install.sh installs it. Without
# `--cli baton=PATH` this script publishes one to artifacts/baton-aot/ (which needs clang and zlib1g-dev).
build_aot=true prev=""
for arg in "$@"; do
  case "$arg" in
    --cli | --no-cli | -h | --help) build_aot=false ;;
  esac
  if [ "$prev" = --only ] && [[ ",$arg," != *,baton-cli,* ]]; then build_aot=false; fi
  prev=$arg
done

need=()
if [ "$build_aot" = true ]; then
  command -v clang >/dev/null || need+=(clang)
  [ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
fi
command -v beanstalkd >/dev/null || need+=(beanstalkd)
command -v redis-server >/dev/null || need+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v setpriv >/dev/null || need+=(util-linux)
command -v git >/dev/null || need+=(git)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The npm peers are optional: a row the harness cannot time says why instead of failing the run.
npm_need=()
command -v backlog >/dev/null || npm_need+=(backlog.md)
command -v task-master >/dev/null || npm_need+=(task-master-ai)
if [ ${#npm_need[@]} -gt 0 ]; then
  if command -v npm >/dev/null; then
    echo "installing (npm): ${npm_need[*]}" >&2
    "${sudo_cmd[@]}" npm install -g --no-fund --no-audit "${npm_need[@]}" >&2 || echo "note: npm install failed; those CLI rows will say unavailable" >&2
  else
    echo "note: npm not found; the backlog and task-master rows will say unavailable" >&2
  fi
fi

command -v dotnet >/dev/null || { echo "dotnet SDK missing: this needs the .NET 10 SDK on PATH" >&2; exit 1; }
dotnet build bench/Baton.Compare/Baton.Compare.csproj -c Release -v quiet -nologo >&2

# Incremental: minutes the first time, seconds when nothing changed. When the publish fails, the Baton
# CLI rows say why (BATON_CLI_UNAVAILABLE) instead of timing an older binary.
extra=()
if [ "$build_aot" = true ]; then
  aot_dir="$PWD/artifacts/baton-aot"
  aot_log="$PWD/artifacts/baton-aot.log"
  rid=linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
  mkdir -p artifacts
  echo "publishing the Native AOT baton to $aot_dir (log: $aot_log)" >&2
  if ! dotnet publish src/Baton.Cli -c Release -r "$rid" -p:PublishAot=true -o "$aot_dir" >"$aot_log" 2>&1; then
    export BATON_CLI_UNAVAILABLE="Native AOT publish failed: $(grep -m1 -E 'error' "$aot_log" | cut -c1-200) (log: $aot_log)"
    echo "note: $BATON_CLI_UNAVAILABLE" >&2
  fi
  extra=(--cli "baton=$aot_dir/baton")
fi

harness=""
stop_harness() {
  # The harness runs as a background job, which ignores SIGINT: on Ctrl+C or any other end of this
  # script, SIGTERM asks it to stop its servers in order, and the script waits for it.
  if [ -n "$harness" ] && kill -0 "$harness" 2>/dev/null; then
    kill -TERM "$harness" 2>/dev/null || true
    wait "$harness" 2>/dev/null || true
  fi
}
trap stop_harness EXIT
trap 'exit 130' INT TERM

# The resources workload holds 10,000 idle worker sockets in the harness and as many in the hub it starts
# (which inherits this limit): raise the soft open-files limit to the hard one. The .NET runtime does the
# same at start-up, so the hard limit is what counts; the report says when it kept connections out.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "load before the run: $(uptime)" >&2
dotnet bench/Baton.Compare/bin/Release/net10.0/Baton.Compare.dll "${extra[@]}" "$@" &
harness=$!
status=0
wait "$harness" || status=$?
harness=""
exit "$status"
