#!/usr/bin/env bash
# Checks the packages as a user gets them: packs them (scripts/pack.sh) into a scratch feed, installs the tool
# from that feed alone with `dotnet tool install --tool-path`, runs `baton --version`, `baton demo` and
# `baton demo --local` from the installed tool, and builds and runs the worker example of
# src/Baton.Client/README.md against the Baton.Client package (it connects to a hub that is not there and must
# say so with exit 6). Nothing outside a temporary folder is touched; the feed is the only package source, so
# no network is needed. With --aot the tool is the RID-specific Native AOT one (see scripts/pack.sh).
#   scripts/check-packages.sh [--aot]
# tests/Baton.Cli.Tests/Packaging/ToolPackageTests.cs checks the tool the same way inside the test suite, from
# the build the suite has just made.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ms() { date +%s%3N; }

t0=$(ms)
scripts/pack.sh "$@" "$tmp/feed" >/dev/null
t1=$(ms)
cat >"$tmp/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="baton" value="$tmp/feed" />
  </packageSources>
</configuration>
XML
# Its own package folder too, so nothing is taken from (or left in) ~/.nuget/packages.
export NUGET_PACKAGES="$tmp/nuget"
dotnet tool install --tool-path "$tmp/tools" --configfile "$tmp/nuget.config" baton
t2=$(ms)
baton="$tmp/tools/baton"
"$baton" --version
t3=$(ms)
mkdir "$tmp/work"
(cd "$tmp/work" && "$baton" demo && "$baton" demo --local)
t4=$(ms)

# The client package: the README's worker example, built against the packed Baton.Client and Baton.Core.
app="$tmp/client"
mkdir -p "$app"
cat >"$app/client.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Baton.Client" Version="*" />
  </ItemGroup>
</Project>
XML
# The first csharp block of the README, pointed at a port where no hub listens.
awk '/^```csharp/{n++; if (n==1) {on=1; next}} /^```/{if (on) exit} on' src/Baton.Client/README.md \
  | sed 's#http://127.0.0.1:7411#http://127.0.0.1:9#' >"$app/Program.cs"
(cd "$app" && dotnet build --configfile "$tmp/nuget.config" -v quiet --nologo >/dev/null)
set +e
"$app/bin/Debug/net10.0/client" 2>"$tmp/client.err"
code=$?
set -e
t5=$(ms)
grep -qi unreachable "$tmp/client.err" \
  || { echo "client example: unexpected output:"; cat "$tmp/client.err"; exit 1; }
[ "$code" = 6 ] || { echo "client example: exit $code, expected 6"; cat "$tmp/client.err"; exit 1; }

echo "packages ok: pack $((t1 - t0)) ms, tool install $((t2 - t1)) ms, baton --version $((t3 - t2)) ms, two demos $((t4 - t3)) ms, client example $((t5 - t4)) ms"
