#!/usr/bin/env bash
# Several hubs on one PostgreSQL (issue 29): throughput with 8 workers over 1, 2 and 3 `baton serve` processes beside
# the raw PostgreSQL SKIP LOCKED peer on the same server, the cross-hub handoff, and failover after a hub's SIGKILL.
# Installs PostgreSQL when it is missing, builds bench/Baton.Compare in Release and (unless --hub-baton PATH names a
# build) publishes the Native AOT `baton` the hubs run, as scripts/install.sh installs it; then runs the harness with
# the rows and workloads of the runs on PostgreSQL and prints its markdown report. Any other Baton.Compare option may
# follow and overrides the defaults here (the last of a repeated option wins).
#
#   bench/scale.sh                                # 5 rounds, 20,000 tasks per run, 2,000 handoffs, 5 failovers, grace 5 s
#   bench/scale.sh --rounds 3 --tasks 10000 --samples 500 --failovers 3      # a quicker look
#   bench/scale.sh --hub-baton src/Baton.Cli/bin/Release/net10.0/baton       # the JIT build as the hubs
#   bench/scale.sh --out docs/latest-scale.md
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

build_aot=true
for arg in "$@"; do
  case "$arg" in
    --hub-baton | -h | --help) build_aot=false ;;
  esac
done

need=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v setpriv >/dev/null || need+=(util-linux)
if [ "$build_aot" = true ]; then
  command -v clang >/dev/null || need+=(clang)
  [ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "dotnet SDK missing: this needs the .NET 10 SDK on PATH" >&2; exit 1; }
dotnet build bench/Baton.Compare/Baton.Compare.csproj -c Release -v quiet -nologo >&2

hub=()
if [ "$build_aot" = true ]; then
  aot_dir="$PWD/artifacts/baton-aot"
  aot_log="$PWD/artifacts/baton-aot.log"
  rid=linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
  mkdir -p artifacts
  echo "publishing the Native AOT baton to $aot_dir (log: $aot_log)" >&2
  if dotnet publish src/Baton.Cli -c Release -r "$rid" -p:PublishAot=true -o "$aot_dir" >"$aot_log" 2>&1; then
    hub=(--hub-baton "$aot_dir/baton")
  else
    echo "note: the Native AOT publish failed ($(grep -m1 -E 'error' "$aot_log" | cut -c1-200)); the hubs run the JIT build" >&2
  fi
fi

harness=""
stop_harness() {
  # SIGTERM asks the harness to stop its servers in order (a background job ignores SIGINT); then wait for it.
  if [ -n "$harness" ] && kill -0 "$harness" 2>/dev/null; then
    kill -TERM "$harness" 2>/dev/null || true
    wait "$harness" 2>/dev/null || true
  fi
}
trap stop_harness EXIT
trap 'exit 130' INT TERM

echo "load before the run: $(uptime)" >&2
dotnet bench/Baton.Compare/bin/Release/net10.0/Baton.Compare.dll \
  --only postgres,baton-pg-1hub,baton-pg-2hubs,baton-pg-3hubs,failover --consumers 8 --rounds 5 --tasks 20000 --samples 2000 \
  --no-cli --no-resources --no-scale "${hub[@]}" "$@" &
harness=$!
status=0
wait "$harness" || status=$?
harness=""
exit "$status"
