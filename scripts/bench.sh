#!/usr/bin/env bash
# The benchmark suite, one command, from a clean clone: writes BENCHMARKS.md.
#   1. scripts/setup.sh (idempotent toolchain: wasm target, wasm-bindgen, Chromium, npm packages)
#   2. builds, all with the cargo feature `bench` (the benchmark workloads, which the shipped
#      www/pkg leaves out): wasm with simd128 (www/pkg-bench, BLR_BENCH=1), wasm without
#      (www/pkg-bench-nosimd, BLR_BENCH=1 BLR_NOSIMD=1), native release example
#      (examples/bench_native.rs) for baseline x86-64, and the same example built with
#      `-C target-cpu=native` (target-native/: this machine's limit, e.g. AVX-512 and FMA)
#   3. NumPy: the system python3's if it has one, else a venv in target/bench-venv with
#      bench/requirements.txt (pinned)
#   4. browser: bench/run-browser.mjs serves www/ on a loopback port and runs www/bench.html
#      in headless Chromium (wasm simd128, wasm scalar, JavaScript, full frame)
#   5. native: target/release/examples/bench_native, then target-native/…/bench_native;
#   6. NumPy: bench/numpy_bench.py
#   7. bench/report.mjs checks every checksum against native Rust (a mismatch fails the run)
#      and writes BENCHMARKS.md with medians, ratios, targets and the machine.
# Raw JSON goes to target/bench/. Environment: BENCH_REPS (default 15), BENCH_FRAMES (30).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

. scripts/env.sh bench

START=$SECONDS
LOADAVG="$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
REPS="${BENCH_REPS:-15}"
FRAMES="${BENCH_FRAMES:-30}"
OUT="target/bench"
LOG="$OUT/build.log"

die() {
    echo "bench: ERROR: $*" >&2
    exit 1
}
step() { echo "bench: [$((SECONDS - START)) s] $*"; }
# quiet CMD...: runs CMD with its output in $LOG; on failure shows the tail.
quiet() {
    if ! "$@" >>"$LOG" 2>&1; then
        echo "bench: ERROR: failed: $*" >&2
        tail -n 40 "$LOG" >&2
        exit 1
    fi
}

mkdir -p "$OUT"
: >"$LOG"

step "setup (scripts/setup.sh)"
bash scripts/setup.sh

step "build: wasm simd128 -> www/pkg-bench"
quiet env BLR_BENCH=1 bash scripts/build-web.sh
step "build: wasm scalar -> www/pkg-bench-nosimd"
quiet env BLR_BENCH=1 BLR_NOSIMD=1 bash scripts/build-web.sh
step "build: native example (cargo build --release --features bench --example bench_native)"
quiet cargo build --release --features bench --example bench_native
# The same example for this CPU: RUSTFLAGS for this one command only (scripts/env.sh cleared
# the environment's), in a target directory of its own so the baseline build stays cached.
NATIVE_CPU_FLAGS="-C target-cpu=native"
step "build: native example for this CPU (RUSTFLAGS='$NATIVE_CPU_FLAGS', target-native/)"
quiet env RUSTFLAGS="$NATIVE_CPU_FLAGS" CARGO_TARGET_DIR=target-native \
    cargo build --release --features bench --example bench_native

PYTHON=""
VENV="target/bench-venv"
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import numpy' 2>/dev/null; then
    PYTHON="$VENV/bin/python"
elif command -v python3 >/dev/null 2>&1 && python3 -c 'import numpy' 2>/dev/null; then
    PYTHON="python3"
else
    command -v python3 >/dev/null 2>&1 || die "python3 not found"
    step "numpy missing: creating $VENV and installing bench/requirements.txt"
    rm -rf "$VENV"
    quiet python3 -m venv "$VENV"
    quiet "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
    PYTHON="$VENV/bin/python"
fi

step "browser: www/bench.html in headless Chromium (reps=$REPS, frames=$FRAMES)"
node bench/run-browser.mjs "$OUT/browser.json" "reps=$REPS&frames=$FRAMES"

step "native: examples/bench_native"
BENCH_REPS="$REPS" target/release/examples/bench_native >"$OUT/native.json"
step "native, target-cpu=native: examples/bench_native"
BENCH_REPS="$REPS" target-native/release/examples/bench_native >"$OUT/native-cpu.json"

step "numpy: bench/numpy_bench.py ($("$PYTHON" -c 'import numpy; print(numpy.__version__)'))"
BENCH_REPS="$REPS" "$PYTHON" bench/numpy_bench.py >"$OUT/numpy.json"

cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
family=$(grep -m1 '^cpu family' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
# What target-cpu=native means here: LLVM's name for the CPU and its vector features.
native_cpu=$(rustc --print target-cpus $NATIVE_CPU_FLAGS 2>/dev/null | sed -n 's/.*currently \([^ )]*\).*/\1/p' | head -n1)
native_features=$(rustc --print cfg $NATIVE_CPU_FLAGS 2>/dev/null |
    sed -n 's/^target_feature="\(sse4.2\|avx\|avx2\|fma\|avx512f\|avx512vl\)"$/\1/p' | paste -sd, -)
CPU="${cpu:-unknown}${family:+ (cpu family $family)}" \
NATIVE_CPU="${native_cpu:-unknown}" \
NATIVE_FEATURES="${native_features:-none}" \
CORES="$(nproc 2>/dev/null || echo '?')" \
OS="$(uname -sr)" \
CHROMIUM="$(chromium --version 2>/dev/null | head -n1 || echo unknown)" \
RUSTC="$(rustc --version)" \
NODE="$(node --version)" \
DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" \
ELAPSED="$((SECONDS - START))" \
LOADAVG="$LOADAVG" \
node -e '
    const e = process.env;
    const meta = { cpu: e.CPU, cores: e.CORES, os: e.OS, chromium: e.CHROMIUM, rustc: e.RUSTC,
                   node: e.NODE, date: e.DATE, elapsed_s: Number(e.ELAPSED),
                   loadavg: e.LOADAVG, native_cpu: e.NATIVE_CPU,
                   native_features: e.NATIVE_FEATURES };
    require("fs").writeFileSync(process.argv[1], JSON.stringify(meta, null, 1) + "\n");
' "$OUT/meta.json"

step "report: checksums and BENCHMARKS.md"
node bench/report.mjs "$OUT" BENCHMARKS.md
step "done: BENCHMARKS.md (raw JSON in $OUT/)"
