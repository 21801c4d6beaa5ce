#!/usr/bin/env bash
# Throw-away PostgreSQL cluster for the `turns --db postgres` benchmark.
#   bench/pg-throwaway.sh start [port]   -> initdb + start under /tmp/salesmate-bench-pg-<port>, trust auth, loopback only
#   bench/pg-throwaway.sh stop  [port]   -> stop it and delete the directory
# Connection string for the harness: "Host=127.0.0.1;Port=<port>;Username=postgres;Database=postgres"
# initdb refuses to run as root, so when run as root the cluster is owned by the `postgres` user.
set -euo pipefail
cmd="${1:-}"; port="${2:-55491}"
bin=/usr/lib/postgresql/15/bin
dir="/tmp/salesmate-bench-pg-${port}"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    if [ -e "$dir" ]; then echo "$dir already exists; run: $0 stop $port" >&2; exit 1; fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is already in use; pick another" >&2; exit 1; fi
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    # Durable defaults (fsync/synchronous_commit on) so the numbers mean what production would see;
    # only the memory and connection settings are sized for this box.
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
    echo "started: Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$dir"
    echo "stopped and removed $dir"
    ;;
  *) echo "usage: $0 start|stop [port]" >&2; exit 2 ;;
esac
