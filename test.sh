#!/usr/bin/env bash
# Runs every test: unit, and integration over real HTTP (Kestrel) on SQLite and on a throw-away PostgreSQL.
# Installs PostgreSQL when missing (Debian apt; needs root), starts it on a free port, removes it afterwards.
set -euo pipefail
cd "$(dirname "$0")"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
  echo "test.sh: installing PostgreSQL..."
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: PostgreSQL is missing and installing it needs root (apt-get install postgresql)." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
PGBIN="$(pg_bin)"

# The OpenAI-compatible API is also tested with the official `openai` npm client, and the pgvector store with PGlite
# (PostgreSQL + pgvector in WASM); both are installed by the tests from their lock files. The build itself runs
# `npm ci` for the web UI's libraries (src/SalesMate/ClientApp).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "test.sh: installing Node.js and npm..."
  [ "$(id -u)" -eq 0 ] || { echo "test.sh: Node.js is missing and installing it needs root (apt-get install nodejs npm)." >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nodejs npm >/dev/null
fi

# PDF ingestion runs poppler's pdftotext; tests write PDFs with PDFsharp, which needs a TrueType font (DejaVu).
# The browser tests drive Debian's Chromium headless through Playwright (never `playwright install`).
if ! command -v pdftotext >/dev/null 2>&1 || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing poppler-utils, fonts-dejavu-core and chromium..."
  [ "$(id -u)" -eq 0 ] || { echo "test.sh: pdftotext, the DejaVu fonts or Chromium are missing and installing them needs root (apt-get install poppler-utils fonts-dejavu-core chromium)." >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq poppler-utils fonts-dejavu-core chromium >/dev/null
fi

# Voice tests run the local engines: espeak-ng speaks, sox resamples, pocketsphinx transcribes (libpocketsphinx3 in the
# process; the pocketsphinx_continuous command is the reference it is compared with), ffmpeg converts.
if ! command -v pocketsphinx_continuous >/dev/null 2>&1 || ! command -v espeak-ng >/dev/null 2>&1 || ! command -v sox >/dev/null 2>&1 \
   || ! command -v ffmpeg >/dev/null 2>&1 || [ ! -f /usr/share/pocketsphinx/model/en-us/en-us.lm.bin ] \
   || ! ls /usr/lib/*/libpocketsphinx.so.3 /usr/lib/libpocketsphinx.so.3 2>/dev/null | grep -q .; then
  echo "test.sh: installing libpocketsphinx3, pocketsphinx, pocketsphinx-en-us, espeak-ng, sox and ffmpeg..."
  [ "$(id -u)" -eq 0 ] || { echo "test.sh: the voice engines are missing and installing them needs root (apt-get install libpocketsphinx3 pocketsphinx pocketsphinx-en-us espeak-ng sox ffmpeg)." >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq libpocketsphinx3 pocketsphinx pocketsphinx-en-us espeak-ng sox ffmpeg >/dev/null
fi

PGROOT="$(mktemp -d /tmp/salesmate-pg.XXXXXX)"
as_pg() {
  # initdb refuses to run as root, so the cluster belongs to the postgres user when we are root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres "$PGROOT"; fi

PGPORT=""
for candidate in $(seq 55432 55499); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/${candidate}") 2>/dev/null; then PGPORT="$candidate"; break; fi
done
[ -n "$PGPORT" ] || { echo "test.sh: no free port for PostgreSQL" >&2; exit 1; }

cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap cleanup EXIT

as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export SALESMATE_TEST_POSTGRES="Host=127.0.0.1;Port=${PGPORT};Username=postgres;Database=postgres;Pooling=true"
echo "test.sh: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on port $PGPORT"

LOG="$PGROOT/dotnet-test.log"
set +e
dotnet test tests/SalesMate.Tests -c Release -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -E '^\s+Passed: [0-9]+' "$LOG" | tail -n 1 | grep -oE '[0-9]+' || true)
failed=$(grep -E '^\s+Failed: [0-9]+' "$LOG" | tail -n 1 | grep -oE '[0-9]+' || true)
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
