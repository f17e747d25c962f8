#!/usr/bin/env bash
# README command 2: set up the toolchain (idempotent) and run EVERY test; fails on any failure.
#   1. scripts/setup.sh                      (installs what is missing)
#   2. cargo fmt --check
#   3. cargo clippy --all-targets -- -D warnings
#   4. cargo test --release                  (native: unit, oracle, property, CLI tests)
#   5. scripts/build-web.sh                  (wasm build + SIMD check + size)
#   6. wasm tests: tests/wasm*.rs run by wasm-bindgen-test-runner (Node or headless Chromium)
#   7. e2e tests: tests/e2e/*.test.mjs with node --test against a local static server
#      (BLR_BASE_URL points at it)
# Works non-interactively (CI=true, no TTY). Used by .ci/run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

. scripts/env.sh test

START=$SECONDS
STEP="start"
DONE=()
SERVER_PID=""
SERVER_LOG=""

cleanup() {
    local rc=$?
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    [ -n "$SERVER_LOG" ] && rm -f "$SERVER_LOG"
    if [ "$rc" -ne 0 ]; then
        echo
        echo "test: FAILED at step: $STEP (exit $rc) after $((SECONDS - START)) s; passed before it: ${DONE[*]:-none}"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() {
    STEP="$1"
    STEP_START=$SECONDS
    echo
    echo "=== test: $STEP"
}
passed() {
    echo "=== test: $STEP passed ($((SECONDS - STEP_START)) s)"
    DONE+=("$1")
}

step "setup"
bash scripts/setup.sh
passed "setup"

step "cargo fmt --check"
cargo fmt --check
passed "fmt"

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings
passed "clippy"

step "cargo test --release"
cargo test --release
passed "native-tests"

step "build-web"
bash scripts/build-web.sh
passed "web-build"

step "wasm tests"
shopt -s nullglob
wasm_tests=()
for f in tests/wasm*.rs; do
    wasm_tests+=(--test "$(basename "$f" .rs)")
done
if [ "${#wasm_tests[@]}" -eq 0 ]; then
    echo "test: no tests/wasm*.rs yet; skipping wasm tests"
    DONE+=("wasm-tests(none)")
else
    echo "test: cargo test --target wasm32-unknown-unknown ${wasm_tests[*]}"
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
        cargo test --target wasm32-unknown-unknown "${wasm_tests[@]}"
    passed "wasm-tests($((${#wasm_tests[@]} / 2)))"
fi

step "e2e tests"
e2e_tests=(tests/e2e/*.test.mjs)
if [ "${#e2e_tests[@]}" -eq 0 ]; then
    echo "test: no tests/e2e/*.test.mjs yet; skipping e2e tests"
    DONE+=("e2e(none)")
else
    port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
    PORT="${BLR_E2E_PORT:-8765}"
    if ! port_free "$PORT"; then
        PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    fi
    SERVER_LOG="$(mktemp -t blr-e2e-server.XXXXXX)"
    python3 -m http.server "$PORT" --bind 127.0.0.1 --directory www >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        if ! port_free "$PORT"; then break; fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SERVER_LOG" >&2; echo "test: static server died" >&2; exit 1; }
        sleep 0.1
    done
    port_free "$PORT" && { echo "test: static server did not start on port $PORT" >&2; exit 1; }
    export BLR_BASE_URL="http://127.0.0.1:$PORT/"
    echo "test: serving www/ at $BLR_BASE_URL; node --test ${e2e_tests[*]}"
    node --test "${e2e_tests[@]}"
    passed "e2e(${#e2e_tests[@]} files)"
fi

echo
echo "test: ALL PASSED in $((SECONDS - START)) s: ${DONE[*]}"
