#!/usr/bin/env bash
# Runs SalesMate on http://localhost:8080 (or $PORT) with SQLite and the keyless local assistant.
# Builds when needed, applies migrations and seeds the demo catalog on first run. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run.sh: the .NET 10 SDK is required (https://dot.net)." >&2
  exit 1
fi

# PDF uploads are read with poppler's pdftotext; install it when missing and we may (other formats work without it).
if ! command -v pdftotext >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing poppler-utils (pdftotext) for PDF uploads..."
    apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null || echo "run.sh: could not install poppler-utils; PDF uploads will fail with a clear error." >&2
  else
    echo "run.sh: pdftotext (poppler-utils) is not installed: PDF uploads will fail until it is." >&2
  fi
fi

# The build installs the web UI's libraries with npm (src/SalesMate/ClientApp/package-lock.json); Node is not needed to run.
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing Node.js and npm (used at build time for the web UI's libraries)..."
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "run.sh: npm is required to build the web UI (install Node.js 20+ and npm)." >&2
    exit 1
  fi
fi

# The live voice socket uses local engines by default: pocketsphinx (libpocketsphinx3, loaded into the process, + the
# en-US model) for speech to text, espeak-ng for text to speech, ffmpeg to convert browser audio (WebM/Opus). Without
# them the socket says which package is missing.
if ! ls /usr/lib/*/libpocketsphinx.so.3 /usr/lib/libpocketsphinx.so.3 2>/dev/null | grep -q . || ! command -v espeak-ng >/dev/null 2>&1 || ! command -v ffmpeg >/dev/null 2>&1 \
   || [ ! -f /usr/share/pocketsphinx/model/en-us/en-us.lm.bin ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing the local voice engines (libpocketsphinx3, pocketsphinx-en-us, espeak-ng, ffmpeg)..."
    apt-get update -qq && apt-get install -y -qq libpocketsphinx3 pocketsphinx-en-us espeak-ng ffmpeg >/dev/null \
      || echo "run.sh: could not install the voice engines; the voice socket will report the missing package." >&2
  else
    echo "run.sh: libpocketsphinx3, pocketsphinx-en-us, espeak-ng or ffmpeg is missing: voice chat reports which until installed." >&2
  fi
fi

# ReadyToRun (precompiled) halves cold start; incremental, so an unchanged tree publishes in about two seconds.
dotnet publish src/SalesMate -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/salesmate -nologo -v quiet -clp:ErrorsOnly
export PORT="${PORT:-8080}"
echo "SalesMate: http://localhost:${PORT}  (chat; admin console at /admin; widget at /widget.js; API under /api/v1; Ctrl+C to stop)"
exec dotnet artifacts/salesmate/salesmate.dll serve --urls "http://0.0.0.0:${PORT}" "$@"
