#!/usr/bin/env bash
# What-if for the start-up target: publish a ReadyToRun build of the CURRENT src/SalesMate into a temp folder
# (from a copy of the sources, so src/ and its obj/ are untouched) and run `startup` against it and the plain build.
# Usage: bench/startup-r2r-whatif.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d /tmp/salesmate-r2r-XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cp "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/global.json" "$work/"
cp -r "$root/src/SalesMate" "$work/src/"
rm -rf "$work/src/SalesMate/bin" "$work/src/SalesMate/obj"
dotnet publish "$work/src/SalesMate/SalesMate.csproj" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -p:UseAppHost=false -o "$work/out" -v q -nologo | tail -1
cd "$root"
dotnet build -c Release bench/SalesMate.Bench -v q -nologo | tail -1
bench=(dotnet bench/SalesMate.Bench/bin/Release/net10.0/SalesMate.Bench.dll)
echo "== plain build (src/SalesMate/bin/Release)"; "${bench[@]}" startup --runs "$runs" | grep RESULT
echo "== ReadyToRun publish";                      "${bench[@]}" startup --runs "$runs" --dll "$work/out/salesmate.dll" | grep RESULT
