#!/usr/bin/env bash
# Publishes `baton` and puts it on the PATH. Native AOT where it builds (a `baton` call then starts
# in milliseconds, which matters: agents call it hundreds of times a plan); otherwise a framework-
# dependent build with a small launcher script.
#   scripts/install.sh [PREFIX]     (default PREFIX: /usr/local when root, else ~/.local)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-$([ "$(id -u)" = 0 ] && echo /usr/local || echo "$HOME/.local")}
out=$(mktemp -d)
rid=linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
mkdir -p "$prefix/bin" "$prefix/lib/baton"
if dotnet publish src/Baton.Cli -c Release -r "$rid" -p:PublishAot=true -o "$out/aot" >"$out/aot.log" 2>&1; then
  install -m 0755 "$out/aot/baton" "$prefix/bin/baton"
  # The SQLite native library ships beside the binary when it is not linked in.
  find "$out/aot" -maxdepth 1 -name '*.so' -exec install -m 0644 {} "$prefix/bin/" \;
  echo "installed Native AOT baton to $prefix/bin/baton"
else
  echo "Native AOT publish failed (see $out/aot.log); installing the framework-dependent build" >&2
  dotnet publish src/Baton.Cli -c Release -o "$prefix/lib/baton" >/dev/null
  printf '#!/bin/sh\nexec dotnet "%s/lib/baton/baton.dll" "$@"\n' "$prefix" >"$prefix/bin/baton"
  chmod 0755 "$prefix/bin/baton"
  echo "installed baton to $prefix/bin/baton (runs on the .NET runtime)"
fi
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to your PATH" ;; esac
