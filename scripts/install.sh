#!/usr/bin/env bash
# Publishes `baton` and puts it on the PATH. Native AOT where it builds (a `baton` call then starts
# in about 13 ms instead of ~0.4 s on the .NET runtime, which matters: agents call it hundreds of
# times a plan); otherwise a framework-dependent build with a small launcher script.
#   scripts/install.sh [PREFIX]     (default PREFIX: /usr/local when root, else ~/.local)
#
# Native AOT needs a C toolchain: clang and the zlib headers (Debian/Ubuntu: apt-get install clang
# zlib1g-dev; the linker is binutils' ld, which comes with clang). When they are missing the script
# installs them with apt-get if it can (root, or sudo), else says so and falls back.
# Layout: PREFIX/lib/baton/ holds the binary and the SQLite library beside it (libe_sqlite3.so);
# PREFIX/bin/baton is a symbolic link to it.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
prefix=${1:-$([ "$(id -u)" = 0 ] && echo /usr/local || echo "$HOME/.local")}
[ -n "$prefix" ] || { echo "usage: scripts/install.sh [PREFIX]" >&2; exit 2; }
out=$(mktemp -d)
# The publish folder holds a large debug-symbol file (baton.dbg); the build log stays for a failure.
trap 'rm -rf "$out/aot"' EXIT
rid=linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
lib="$prefix/lib/baton"
mkdir -p "$prefix/bin" "$lib"

# Native AOT prerequisites.
missing=()
command -v clang >/dev/null || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null && sudo_cmd=(sudo); }
  if [ "$(id -u)" = 0 ] || [ ${#sudo_cmd[@]} -gt 0 ]; then
    echo "installing the Native AOT toolchain: ${missing[*]}" >&2
    if "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; then
      missing=()
    fi
  fi
fi

aot=false
if [ ${#missing[@]} -gt 0 ]; then
  echo "Native AOT needs ${missing[*]} (apt-get install ${missing[*]}); installing the framework-dependent build" >&2
else
  echo "publishing Native AOT (a few minutes)..." >&2
  if dotnet publish src/Baton.Cli -c Release -r "$rid" -p:PublishAot=true -o "$out/aot" >"$out/aot.log" 2>&1; then
    aot=true
  else
    echo "Native AOT publish failed (see $out/aot.log); installing the framework-dependent build" >&2
  fi
fi

rm -f "$prefix/bin/baton"
if [ "$aot" = true ]; then
  rm -rf "$lib" && mkdir -p "$lib"
  install -m 0755 "$out/aot/baton" "$lib/baton"
  # The SQLite native library is loaded from beside the binary (the link is resolved first).
  find "$out/aot" -maxdepth 1 -name '*.so' -exec install -m 0644 {} "$lib/" \;
  ln -s "$lib/baton" "$prefix/bin/baton"
  echo "installed Native AOT baton to $lib (linked from $prefix/bin/baton)"
else
  rm -rf "$lib" && mkdir -p "$lib"
  dotnet publish src/Baton.Cli -c Release -o "$lib" >/dev/null
  printf '#!/bin/sh\nexec dotnet "%s/baton.dll" "$@"\n' "$lib" >"$prefix/bin/baton"
  chmod 0755 "$prefix/bin/baton"
  echo "installed baton to $prefix/bin/baton (runs on the .NET runtime)"
fi
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to your PATH" ;; esac
