#!/usr/bin/env bash
# The long soak (outside CI; the README names it): the property tests with BLR_SOAK_CASES cases
# each instead of CI's few hundred or thousand: random scenes of every family, estimator,
# Hessian, landscape, ρ, τ and length through the executor (never a panic, every record finite
# or an honest stop), random URL hashes through the lenient parser, and arbitrary strings
# through the formula parser. Default 100000 cases per property; about ten minutes here.
# Then the page soak (tests/soak/page.soak.mjs): 10⁶ steps at full speed in headless Chromium,
# asserting flat wasm memory, a bounded JS heap and a steady frame time (BLR_SOAK_STEPS).
#   bash scripts/soak.sh            # or BLR_SOAK_CASES=20000 BLR_SOAK_STEPS=100000 bash scripts/soak.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/env.sh soak
export BLR_SOAK_CASES="${BLR_SOAK_CASES:-100000}"
start=$SECONDS
cargo test --release --test properties --test landscape -- --test-threads 2
echo "soak: ${BLR_SOAK_CASES} cases per property passed in $((SECONDS - start)) s"

[ -f www/pkg/blr_playground_bg.wasm ] || bash scripts/build-web.sh
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory www >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
sleep 1
start=$SECONDS
BLR_BASE_URL="http://127.0.0.1:$PORT/" node --test tests/soak/page.soak.mjs
echo "soak: page soak (${BLR_SOAK_STEPS:-1000000} steps per scene) passed in $((SECONDS - start)) s"
