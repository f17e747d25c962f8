#!/usr/bin/env bash
# Builds the web page's WebAssembly modules into www/pkg (run scripts/setup.sh first). Two
# modules from the one crate (Cargo.toml's features; www/README.md, "Two modules"):
#   blr_playground_bg.wasm         feature `page`: the Playground, all the first paint loads;
#   blr_playground_export_bg.wasm  feature `export`: Replay, GifEncoder, WebmMuxer, fetched by
#                                  the page the first time the user saves something.
# Each: cargo build (wasm32, release, SIMD from .cargo/config.toml) -> wasm-bindgen --target
# web -> wasm-opt -O3 (npm binaryen) -> check SIMD -> report its gzipped size; then the
# first-paint total, which for the shipped www/pkg is checked against the size budget
# (BLR_BUDGET_KB, default 270; README.md, "Size budget"): a build over it fails.
# The benchmark page (www/bench.html, scripts/bench.sh) needs modules built with the cargo
# feature `bench` (src/bench.rs, src/web_bench.rs), which the shipped www/pkg leaves out:
#   BLR_BENCH=1              -> www/pkg-bench          (simd128, with the benchmark exports)
#   BLR_BENCH=1 BLR_NOSIMD=1 -> www/pkg-bench-nosimd   (scalar comparison; target dir target-nosimd)
#   BLR_NOSIMD=1             -> www/pkg-nosimd         (the shipped modules without SIMD)
# The benchmark builds make only the first-paint module (bench.html needs nothing else).
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

kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
gz() { gzip -9 -c "$1" | wc -c; }

# build_module FEATURE-ARGS... -- OUT_NAME: one module into $OUT/$OUT_NAME{.js,_bg.wasm};
# sets GZ_TOTAL (wasm + glue, gzipped bytes).
build_module() {
    local args=() name
    while [ "$1" != "--" ]; do args+=("$1"); shift; done
    name="$2"
    echo "build-web: [$name] cargo build --release --lib --target wasm32-unknown-unknown ${args[*]}"
    cargo build --release --lib --target wasm32-unknown-unknown "${args[@]}"
    [ -f "$RAW" ] || die "cargo did not produce $RAW"

    echo "build-web: [$name] wasm-bindgen -> $OUT"
    wasm-bindgen --target web --out-dir "$OUT" --out-name "$name" \
        --remove-name-section --remove-producers-section "$RAW"
    local wasm="$OUT/${name}_bg.wasm" js="$OUT/$name.js"
    [ -f "$wasm" ] && [ -f "$js" ] || die "wasm-bindgen did not produce $wasm and $js"

    echo "build-web: [$name] wasm-opt -O3 ($("$WASM_OPT" --version))"
    local before after simd_count
    before=$(wc -c <"$wasm")
    if [ "$SIMD" = "1" ]; then
        "$WASM_OPT" -O3 --enable-simd "$wasm" -o "$wasm"
    else
        "$WASM_OPT" -O3 "$wasm" -o "$wasm"
    fi
    after=$(wc -c <"$wasm")

    # Did SIMD land (or, for the scalar build, stay out)?
    simd_count=$(wasm-objdump -d "$wasm" | grep -cE 'v128|f32x4|f64x2' || true)
    if [ "$SIMD" = "1" ]; then
        [ "$simd_count" -gt 0 ] || die "no SIMD instructions in $wasm (wasm-objdump found 0 v128/f32x4/f64x2). Is RUSTFLAGS set, or .cargo/config.toml missing +simd128?"
        echo "build-web: [$name] SIMD instructions: $simd_count"
    else
        [ "$simd_count" -eq 0 ] || die "scalar build $wasm contains $simd_count SIMD instructions"
        echo "build-web: [$name] SIMD instructions: 0 (scalar build, as intended)"
    fi
    local gz_wasm gz_js
    gz_wasm=$(gz "$wasm")
    gz_js=$(gz "$js")
    GZ_TOTAL=$((gz_wasm + gz_js))
    echo "build-web: [$name] wasm-opt $(kb "$before") KB -> $(kb "$after") KB raw; gzipped: wasm $(kb "$gz_wasm") KB + js $(kb "$gz_js") KB = $(kb "$GZ_TOTAL") KB"
}

# wasm-opt from the npm package binaryen (what `npx wasm-opt` runs; called directly so npx can
# never fall back to a download). Debian's binaryen is too old to parse this output.
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
rm -rf "$OUT"

build_module "${FEATURES[@]}" -- "$CRATE"
JS="$OUT/$CRATE.js"
# The benchmark exports (src/web_bench.rs) are in the module exactly when asked for.
if grep -q 'bench_simd' "$JS"; then
    [ -n "$SUFFIX" ] || die "$OUT carries the benchmark exports (bench_simd); the shipped page must not (feature bench on?)"
else
    [ -z "$SUFFIX" ] || die "$OUT lacks the benchmark exports (bench_simd) although built with --features bench"
fi
# What the downloads need stays out of the first paint (src/web_export.rs).
! grep -qE 'GifEncoder|WebmMuxer|Replay|trajectory_' "$JS" || die "$JS carries the export module's bindings"
FIRST=$GZ_TOTAL

if [ -z "$SUFFIX" ]; then
    build_module --no-default-features --features export -- "${CRATE}_export"
    grep -q 'class Replay' "$OUT/${CRATE}_export.js" || die "the export module lacks Replay"
    ! grep -q 'class Playground' "$OUT/${CRATE}_export.js" || die "the export module carries the Playground (feature page on?)"
    echo "build-web: on demand (export module, loaded at the first download): $(kb "$GZ_TOTAL") KB gzipped"
fi

if [ "$OUT" = "www/pkg" ]; then
    # The budget is the shipped page's (the benchmark and scalar builds are not shipped).
    BUDGET_KB="${BLR_BUDGET_KB:-270}"
    echo "build-web: first paint: $(kb "$FIRST") KB gzipped (module + glue; budget $BUDGET_KB KB)"
    [ "$FIRST" -le $((BUDGET_KB * 1024)) ] || die "the first-paint module is $(kb "$FIRST") KB gzipped, over the budget of $BUDGET_KB KB (README.md, \"Size budget\")"
else
    echo "build-web: first paint: $(kb "$FIRST") KB gzipped (module + glue)"
fi
echo "build-web: done -> $OUT"
