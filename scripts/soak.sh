#!/usr/bin/env bash
# The long soak (outside CI; the README names it): the property tests with BLR_SOAK_CASES cases
# each instead of CI's few hundred or thousand: random scenes of every family, estimator,
# Hessian, landscape, ρ, τ and length through the executor (never a panic, every record finite
# or an honest stop), random URL hashes through the lenient parser, and arbitrary strings
# through the formula parser. Default 100000 cases per property; about ten minutes here.
#   bash scripts/soak.sh            # or BLR_SOAK_CASES=20000 bash scripts/soak.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/env.sh soak
export BLR_SOAK_CASES="${BLR_SOAK_CASES:-100000}"
start=$SECONDS
cargo test --release --test properties --test landscape -- --test-threads 2
echo "soak: ${BLR_SOAK_CASES} cases per property passed in $((SECONDS - start)) s"
