#!/usr/bin/env bash
# Makes main-6875483.db: a store written by main at 6875483 (the last build before numbered schema migrations),
# with tasks done (its checks passed), leased (on its second attempt, after a failed one), escalated (blocked),
# ready and pending, their reports, events and three workers. SqliteMigrationTests opens a copy with the build
# under test. Run from the repository root; it builds 6875483 in a worktree under /tmp.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build=/tmp/baton-6875483-src
work="$(mktemp -d)"
git worktree add --detach "$build" 6875483 >/dev/null 2>&1 || true
dotnet build "$build/src/Baton.Cli/Baton.Cli.csproj" -c Release >/dev/null
B="$build/src/Baton.Cli/bin/Release/net10.0/baton"
cd "$work" && git init -q && "$B" init --agent claude >/dev/null
cp "$here/main-6875483.plan.json" plan.json
"$B" task import plan.json
"$B" claim --worker w1 >/dev/null                      # done-1 (priority 9)
echo hello world > greeting.txt
"$B" report done-1 --worker w1 --outcome done --summary "wrote the greeting" --files greeting.txt --context-score 5
"$B" claim --worker w2 --lease 1h >/dev/null           # leased-1, attempt 1
"$B" heartbeat --worker w2 --task leased-1 --note "half way"
"$B" report leased-1 --worker w2 --outcome failed --summary "could not parse" --notes "the parser is missing"
"$B" claim --worker w3 --lease 1h >/dev/null           # leased-1, attempt 2: stays leased
"$B" heartbeat --worker w3 --task leased-1 --note "second try"
"$B" claim --worker w1 >/dev/null                      # blocked-1
"$B" report blocked-1 --worker w1 --outcome blocked --summary "which database?" --notes "postgres or sqlite"
# ready-1 needs the label docs; pending-1 waits on blocked-1. The last connection's close checkpoints the WAL.
sqlite3 .baton/baton.db "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
test ! -s .baton/baton.db-wal
cp .baton/baton.db "$here/main-6875483.db"
echo "wrote $here/main-6875483.db"
