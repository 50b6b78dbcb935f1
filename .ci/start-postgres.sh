#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server (Debian's) on 127.0.0.1:$PGPORT in $1 and
# prints its URL. The cluster lives in a temp dir and is removed by stop-postgres.sh.
set -euo pipefail
dir="$1"
# A free loopback port unless PGPORT is given: another cluster may hold the usual one.
port="${PGPORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
mkdir -p "$dir"
run=(); [ "$(id -u)" -eq 0 ] && { chown postgres "$dir"; run=(runuser -u postgres --); }
"${run[@]}" "$bindir/initdb" -D "$dir/data" -U semantest --auth=trust -E UTF8 >/dev/null
"${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
echo "postgres://semantest@127.0.0.1:$port/postgres"
