#!/usr/bin/env bash
# Packs Baton's NuGet packages into OUT (default artifacts/packages):
#   baton         the `baton` command as a .NET tool. By default framework-dependent: one package that runs
#                 wherever the .NET 10 runtime with ASP.NET Core is, with the SQLite library for every platform.
#   Baton.Client  the .NET client for a hub (README and XML docs inside), and Baton.Core, which it depends on.
# With --aot the tool is packed as a RID-specific tool (.NET SDK 10) instead: a pointer package `baton` that
# names this machine's RID and `any`, a Native AOT `baton.<rid>` (one binary and libe_sqlite3.so; a call starts
# in ~13 ms instead of ~0.4 s) and a framework-dependent `baton.any` for other platforms; `dotnet tool install`
# picks the one for its machine. Native AOT needs clang and zlib1g-dev (scripts/install.sh installs them) and
# takes several minutes.
#   scripts/pack.sh [--aot] [OUT]
# Then: dotnet tool install -g baton --add-source OUT      (or --tool-path DIR instead of -g)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
aot=false
if [ "${1:-}" = --aot ]; then aot=true; shift; fi
out=$(realpath -m "${1:-artifacts/packages}")
mkdir -p "$out"
# A pointer package and a plain one share the name baton.VERSION.nupkg: start from none.
rm -f "$out"/baton.*nupkg

dotnet pack src/Baton.Core -c Release -o "$out" --nologo -v quiet
dotnet pack src/Baton.Client -c Release -o "$out" --nologo -v quiet
if [ "$aot" = false ]; then
  dotnet pack src/Baton.Cli -c Release -o "$out" --nologo -v quiet
else
  rid=linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
  command -v clang >/dev/null && [ -e /usr/include/zlib.h ] \
    || { echo "Native AOT needs clang and zlib1g-dev (apt-get install clang zlib1g-dev)" >&2; exit 1; }
  echo "packing the Native AOT tool for $rid (several minutes)..." >&2
  # The pointer package, then each RID's own: Native AOT compiles for the machine it runs on only.
  dotnet pack src/Baton.Cli -c Release -o "$out" --nologo -v quiet -p:BatonAotToolRids="$rid"
  dotnet pack src/Baton.Cli -c Release -o "$out" --nologo -v quiet -p:BatonAotToolRids="$rid" -r "$rid"
  dotnet pack src/Baton.Cli -c Release -o "$out" --nologo -v quiet -p:BatonAotToolRids="$rid" -r any
fi
ls -l "$out"/*.nupkg
