#!/usr/bin/env bash
# Builds the web page's WebAssembly module into www/pkg (run scripts/setup.sh first).
#   cargo build (wasm32, release, SIMD from .cargo/config.toml)
#   -> wasm-bindgen --target web -> wasm-opt -O3 (npm binaryen) -> check SIMD -> report size.
# The benchmark page (www/bench.html, scripts/bench.sh) needs modules built with the cargo
# feature `bench` (src/bench.rs, src/web_bench.rs), which the shipped www/pkg leaves out:
#   BLR_BENCH=1              -> www/pkg-bench          (simd128, with the benchmark exports)
#   BLR_BENCH=1 BLR_NOSIMD=1 -> www/pkg-bench-nosimd   (scalar comparison; target dir target-nosimd)
#   BLR_NOSIMD=1             -> www/pkg-nosimd         (the shipped module without SIMD)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

case ":$PATH:" in
    *":${CARGO_HOME:-$HOME/.cargo}/bin:"*) ;;
    *) PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"; export PATH ;;
esac

die() {
    echo "build-web: ERROR: $*" >&2
    exit 1
}

CRATE="blr_playground"

FEATURES=()
SUFFIX=""
if [ "${BLR_BENCH:-0}" = "1" ]; then
    FEATURES=(--features bench)
    SUFFIX="-bench"
fi

if [ "${BLR_NOSIMD:-0}" = "1" ]; then
    # An empty RUSTFLAGS replaces the simd128 flag from .cargo/config.toml.
    export RUSTFLAGS=""
    unset CARGO_ENCODED_RUSTFLAGS
    export CARGO_TARGET_DIR="target-nosimd"
    OUT="www/pkg$SUFFIX-nosimd"
    SIMD=0
    echo "build-web: building WITHOUT SIMD (BLR_NOSIMD=1) into $OUT"
else
    # Any RUSTFLAGS in the environment (even empty) REPLACES the target's rustflags from
    # .cargo/config.toml, which would silently drop +simd128.
    if [ -n "${RUSTFLAGS+set}" ] || [ -n "${CARGO_ENCODED_RUSTFLAGS+set}" ]; then
        echo "build-web: warning: ignoring RUSTFLAGS='${RUSTFLAGS:-}' from the environment (it would replace the simd128 flag in .cargo/config.toml)" >&2
        unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
    fi
    OUT="www/pkg$SUFFIX"
    SIMD=1
fi
[ -z "$SUFFIX" ] || echo "build-web: with the benchmark exports (BLR_BENCH=1, --features bench) into $OUT"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
RAW="$TARGET_DIR/wasm32-unknown-unknown/release/$CRATE.wasm"

for tool in cargo wasm-bindgen wasm-objdump gzip node; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found; run scripts/setup.sh"
done
[ -x node_modules/.bin/wasm-opt ] || die "node_modules/.bin/wasm-opt not found; run scripts/setup.sh (npm package binaryen)"

echo "build-web: cargo build --release --lib --target wasm32-unknown-unknown ${FEATURES[*]}"
cargo build --release --lib --target wasm32-unknown-unknown "${FEATURES[@]}"
[ -f "$RAW" ] || die "cargo did not produce $RAW"

echo "build-web: wasm-bindgen -> $OUT"
rm -rf "$OUT"
wasm-bindgen --target web --out-dir "$OUT" \
    --remove-name-section --remove-producers-section "$RAW"

WASM="$OUT/${CRATE}_bg.wasm"
JS="$OUT/$CRATE.js"
[ -f "$WASM" ] && [ -f "$JS" ] || die "wasm-bindgen did not produce $WASM and $JS"
# The benchmark exports (src/web_bench.rs) are in the module exactly when asked for.
if grep -q 'bench_simd' "$JS"; then
    [ -n "$SUFFIX" ] || die "$OUT carries the benchmark exports (bench_simd); the shipped page must not (feature bench on?)"
else
    [ -z "$SUFFIX" ] || die "$OUT lacks the benchmark exports (bench_simd) although built with --features bench"
fi

# wasm-opt from the npm package binaryen (what `npx wasm-opt` runs; called directly so npx can
# never fall back to a download). Debian's binaryen is too old to parse this output.
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
echo "build-web: wasm-opt -O3 ($("$WASM_OPT" --version))"
before=$(wc -c <"$WASM")
if [ "$SIMD" = "1" ]; then
    "$WASM_OPT" -O3 --enable-simd "$WASM" -o "$WASM"
else
    "$WASM_OPT" -O3 "$WASM" -o "$WASM"
fi
after=$(wc -c <"$WASM")

# Did SIMD land (or, for the scalar build, stay out)?
simd_count=$(wasm-objdump -d "$WASM" | grep -cE 'v128|f32x4|f64x2' || true)
if [ "$SIMD" = "1" ]; then
    [ "$simd_count" -gt 0 ] || die "no SIMD instructions in $WASM (wasm-objdump found 0 v128/f32x4/f64x2). Is RUSTFLAGS set, or .cargo/config.toml missing +simd128?"
    echo "build-web: SIMD instructions: $simd_count"
else
    [ "$simd_count" -eq 0 ] || die "scalar build contains $simd_count SIMD instructions"
    echo "build-web: SIMD instructions: 0 (scalar build, as intended)"
fi

kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
gz_wasm=$(gzip -9 -c "$WASM" | wc -c)
gz_js=$(gzip -9 -c "$JS" | wc -c)
echo "build-web: wasm-opt $(kb "$before") KB -> $(kb "$after") KB raw"
echo "build-web: gzipped size: wasm $(kb "$gz_wasm") KB + js $(kb "$gz_js") KB = $(kb $((gz_wasm + gz_js))) KB"
echo "build-web: done -> $OUT"
