#!/usr/bin/env bash
# Runs the whole benchmark set of docs/BENCHMARKS.md (about 4-6 minutes on 2 cores) and writes the output to
# bench/results/<UTC timestamp>.txt. Usage: bench/run-all.sh [--no-postgres] [--pg-port N]
# Before each run it waits (at most 120 s) until other processes use < 15% of the CPU, because concurrent builds
# on a 2-core machine inflate the percentiles; each result line also reports how busy the machine was.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
postgres=1; pg_port=55491
while [ $# -gt 0 ]; do
  case "$1" in
    --no-postgres) postgres=0 ;;
    --pg-port) pg_port="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p bench/results
log="bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt"

busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
wait_quiet() {
  local waited=0
  while [ $waited -lt 120 ]; do
    local a b; a=$(busy_ticks); sleep 3; b=$(busy_ticks)
    # ticks are 1/100 s; 2 cores x 3 s = 600 ticks; < 15% busy = < 90 ticks
    if [ $((b - a)) -lt $(( $(nproc) * 300 * 15 / 100 )) ]; then return 0; fi
    waited=$((waited + 3))
  done
  echo "  (machine still busy after 120 s; running anyway)"
}

dotnet build -c Release bench/SalesMate.Bench -v q -nologo | tail -2
bench=(dotnet bench/SalesMate.Bench/bin/Release/net10.0/SalesMate.Bench.dll)
run() { wait_quiet; echo; echo "\$ dotnet run -c Release --project bench/SalesMate.Bench -- $*"; "${bench[@]}" "$@"; }

{
  echo "machine: $(nproc) cores, $(free -m | awk '/^Mem:/{print $2}') MiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
  echo "os: $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r); dotnet sdk $(dotnet --version)"
  echo "salesmate.dll built $(date -u -r src/SalesMate/bin/Release/net10.0/salesmate.dll +%FT%TZ)"
  for i in 1 2 3; do run turns --db sqlite --clients 1 --turns 2000; done
  run turns --db sqlite --clients 32 --turns 60
  if [ $postgres = 1 ]; then
    bench/pg-throwaway.sh start "$pg_port"
    trap 'bench/pg-throwaway.sh stop "$pg_port"' EXIT
    pg="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
    run turns --db postgres --clients 1 --turns 2000 --pg "$pg"
    run turns --db postgres --clients 32 --turns 60 --pg "$pg"
  fi
  run search --products 127 --queries 5000
  run search --products 50000 --queries 5000
  run startup --runs 5
} 2>&1 | tee "$log"
echo "written: $log"
