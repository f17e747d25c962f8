# Sourced by the project's scripts (not run): puts cargo's bin directory on PATH, drops any
# RUSTFLAGS from the environment (an env RUSTFLAGS, even empty, REPLACES the simd128 flag in
# .cargo/config.toml), and keeps cargo's output free of colour codes in logs.
# Usage: . scripts/env.sh NAME   (NAME prefixes the warning)
case ":$PATH:" in
    *":${CARGO_HOME:-$HOME/.cargo}/bin:"*) ;;
    *) PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"; export PATH ;;
esac
if [ -n "${RUSTFLAGS+set}" ] || [ -n "${CARGO_ENCODED_RUSTFLAGS+set}" ]; then
    echo "${1:-blr}: warning: ignoring RUSTFLAGS='${RUSTFLAGS:-}' from the environment" >&2
    unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
fi
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
