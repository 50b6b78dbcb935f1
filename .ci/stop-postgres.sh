#!/usr/bin/env bash
set -uo pipefail
dir="$1"
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
run=(); [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
"${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
rm -rf "$dir"
