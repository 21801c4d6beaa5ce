#!/usr/bin/env bash
# Issue 3 benchmarks (docs/BENCHMARKS.md, "Platform overhead and SSE capacity"): `overhead` on SQLite and PostgreSQL
# at 1 and 32 concurrent conversations, then `sse-streams` up to 5,000 streams on SQLite. About 8-10 minutes on 2 cores.
# Output: bench/results/<UTC timestamp>-issue3.txt. Usage: bench/run-issue3.sh [--no-postgres] [--no-sse] [--pg-port N]
# Like run-all.sh, it waits (at most 60 s per run here) for other processes to use < 15% of the CPU before each run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
postgres=1; sse=1; pg_port=55492
while [ $# -gt 0 ]; do
  case "$1" in
    --no-postgres) postgres=0 ;;
    --no-sse) sse=0 ;;
    --pg-port) pg_port="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p bench/results
log="bench/results/$(date -u +%Y%m%dT%H%M%SZ)-issue3.txt"

busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
wait_quiet() {
  local waited=0
  while [ $waited -lt 60 ]; do
    local a b; a=$(busy_ticks); sleep 3; b=$(busy_ticks)
    if [ $((b - a)) -lt $(( $(nproc) * 300 * 15 / 100 )) ]; then return 0; fi
    waited=$((waited + 3))
  done
  echo "  (machine still busy after 60 s; running anyway)"
}

dotnet build -c Release bench/SalesMate.Bench -v q -nologo | tail -2
bench=(dotnet bench/SalesMate.Bench/bin/Release/net10.0/SalesMate.Bench.dll)
run() { wait_quiet; echo; echo "\$ dotnet run -c Release --project bench/SalesMate.Bench -- $*"; "${bench[@]}" "$@"; }

{
  echo "machine: $(nproc) cores, $(free -m | awk '/^Mem:/{print $2}') MiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
  echo "os: $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r); dotnet sdk $(dotnet --version); ulimit -n $(ulimit -n) (hard $(ulimit -Hn))"
  echo "salesmate.dll built $(date -u -r src/SalesMate/bin/Release/net10.0/salesmate.dll +%FT%TZ)"
  run overhead --db sqlite --clients 1,32
  if [ $postgres = 1 ]; then
    bench/pg-throwaway.sh start "$pg_port"
    trap 'bench/pg-throwaway.sh stop "$pg_port"' EXIT
    run overhead --db postgres --clients 1,32 --pg "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
    bench/pg-throwaway.sh stop "$pg_port"; trap - EXIT
  fi
  if [ $sse = 1 ]; then
    run sse-streams --streams 5000 --step 1000
  fi
} 2>&1 | tee "$log"
echo "written: $log"
