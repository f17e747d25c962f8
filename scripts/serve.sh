#!/usr/bin/env bash
# README command 1: set up the toolchain (idempotent), build the page, serve it.
#   bash scripts/serve.sh        -> http://127.0.0.1:8000  (Ctrl-C to stop)
# BLR_PORT overrides the port.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${BLR_PORT:-8000}"

bash scripts/setup.sh
bash scripts/build-web.sh

echo "serve: BLR Playground at http://127.0.0.1:${PORT}/  (serving www/, Ctrl-C to stop)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory www
