#!/usr/bin/env bash
# CPU profile of a .NET benchmark's measured phase with Linux perf (cpu-clock, call graphs via frame pointers, JIT symbols
# via DOTNET_PerfMapEnabled). Starts the command, waits until its output contains MARKER (e.g. "warm-up:"), then records
# SECONDS of samples. Summarise with: python3 bench/tools/perf-attr.py OUTDIR/perf.data
# usage: bench/tools/perf-after.sh OUTDIR MARKER SECONDS -- command...
set -u
out=$1; marker=$2; secs=$3; shift 4
mkdir -p "$out"
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 "$@" > "$out/run.txt" 2>&1 &
bg=$!
while kill -0 $bg 2>/dev/null && ! grep -q "$marker" "$out/run.txt"; do sleep 0.5; done
pid=$(pgrep -P $bg | head -1); [ -z "$pid" ] && pid=$bg
perf record -e cpu-clock -F 999 -g -p $pid -o "$out/perf.data" -- sleep "$secs" > "$out/perf.log" 2>&1
wait $bg
