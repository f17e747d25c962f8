#!/usr/bin/env bash
# Idempotent toolchain setup for BLR Playground. Installs only what is missing:
#   - the wasm32-unknown-unknown Rust target (rustup)
#   - rustfmt and clippy (rustup components)
#   - wasm-bindgen-cli 0.2.130 (cargo install; must match the wasm-bindgen crate exactly)
#   - chromium, chromium-driver, wabt, ffmpeg (Debian apt; wabt provides wasm-objdump, ffmpeg
#     the ffprobe that checks the page's WebM and GIF exports in tests/e2e)
#   - the npm dev packages: binaryen (wasm-opt) and playwright-core (npm ci)
# Prints one line per step; quiet otherwise. Exits non-zero with a message if a step fails.
# Called by scripts/serve.sh and scripts/test.sh; safe to run any number of times.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WASM_BINDGEN_VERSION="0.2.130"

# rustup installs cargo into ~/.cargo/bin; make sure it is on PATH in non-login shells.
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi
case ":$PATH:" in
    *":${CARGO_HOME:-$HOME/.cargo}/bin:"*) ;;
    *) PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"; export PATH ;;
esac

LOG="$(mktemp -t blr-setup.XXXXXX)"
trap 'rm -f "$LOG"' EXIT

die() {
    echo "setup: ERROR: $*" >&2
    exit 1
}

# run_logged DESCRIPTION CMD...: runs CMD with output captured; on failure shows the log tail.
run_logged() {
    local what="$1"
    shift
    if ! "$@" >"$LOG" 2>&1; then
        echo "setup: ERROR: $what failed: $*" >&2
        echo "----- last 40 lines of output -----" >&2
        tail -n 40 "$LOG" >&2
        exit 1
    fi
}

command -v rustup >/dev/null 2>&1 || die "rustup not found (install Rust with rustup first: https://rustup.rs)"
command -v cargo >/dev/null 2>&1 || die "cargo not found on PATH"
command -v node >/dev/null 2>&1 || die "node not found (install Node.js 18 or newer)"
command -v npm >/dev/null 2>&1 || die "npm not found (install npm)"

# 1. wasm32 target -----------------------------------------------------------------------------
if rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
    echo "setup: wasm32 target present"
else
    echo "setup: installing rust target wasm32-unknown-unknown"
    run_logged "rustup target add" rustup target add wasm32-unknown-unknown
fi

# 2. rustfmt + clippy (absent with rustup's minimal profile) ------------------------------------
missing_components=()
cargo fmt --version >/dev/null 2>&1 || missing_components+=(rustfmt)
cargo clippy --version >/dev/null 2>&1 || missing_components+=(clippy)
if [ "${#missing_components[@]}" -eq 0 ]; then
    echo "setup: rustfmt and clippy present"
else
    echo "setup: installing rust components ${missing_components[*]}"
    run_logged "rustup component add" rustup component add "${missing_components[@]}"
fi

# 3. wasm-bindgen-cli (exact version; a CLI/crate mismatch is a hard error) ----------------------
if wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$" \
    && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    echo "setup: wasm-bindgen-cli ${WASM_BINDGEN_VERSION} present"
else
    echo "setup: installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} with cargo (about 2-5 min)"
    # No --locked: the CLI's published lock file names a crate version the registry lacks.
    run_logged "cargo install wasm-bindgen-cli" \
        cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
    wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$" \
        || die "wasm-bindgen ${WASM_BINDGEN_VERSION} installed but 'wasm-bindgen --version' says: $(wasm-bindgen --version 2>&1 || true)"
fi

# 4. Debian packages: chromium, chromium-driver, wabt, ffmpeg (+ python3 for the static server) -
apt_missing=()
command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || apt_missing+=(chromium-driver)
command -v wasm-objdump >/dev/null 2>&1 || apt_missing+=(wabt)
command -v python3 >/dev/null 2>&1 || apt_missing+=(python3)
command -v ffprobe >/dev/null 2>&1 || apt_missing+=(ffmpeg)
if [ "${#apt_missing[@]}" -eq 0 ]; then
    echo "setup: chromium, chromedriver, wabt, ffmpeg present"
else
    echo "setup: installing ${apt_missing[*]} with apt-get"
    command -v apt-get >/dev/null 2>&1 \
        || die "apt-get not found; install these by hand: ${apt_missing[*]}"
    SUDO=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "not root and sudo not found; run as root or install: ${apt_missing[*]}"
        SUDO=(sudo -n)
    fi
    run_logged "apt-get update" "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    run_logged "apt-get install" "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y "${apt_missing[@]}"
    for cmd in chromium chromedriver wasm-objdump python3 ffprobe; do
        command -v "$cmd" >/dev/null 2>&1 || die "apt-get finished but '$cmd' is still missing"
    done
fi

# 5. npm dev packages (exact pins; skip if node_modules already matches package.json) ----------
npm_in_sync() {
    node -e '
        const fs = require("fs");
        const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
        const deps = Object.assign({}, pkg.dependencies, pkg.devDependencies);
        for (const [name, want] of Object.entries(deps)) {
            let got;
            try {
                got = JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")).version;
            } catch { process.exit(1); }
            if (got !== want) process.exit(1);
        }
    ' 2>/dev/null
}
if npm_in_sync; then
    echo "setup: npm packages present"
else
    if [ -f package-lock.json ]; then
        echo "setup: installing npm packages (npm ci)"
        run_logged "npm ci" npm ci --no-audit --no-fund
    else
        echo "setup: installing npm packages (npm install)"
        run_logged "npm install" npm install --no-audit --no-fund
    fi
    npm_in_sync || die "npm install finished but node_modules does not match package.json"
fi
[ -x node_modules/.bin/wasm-opt ] || die "node_modules/.bin/wasm-opt missing (npm package binaryen)"
