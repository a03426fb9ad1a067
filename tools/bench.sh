#!/usr/bin/env bash
# npm run bench: throughput and cost measurements on the real local infrastructure (not a test).
source "$(dirname "$0")/lib.sh"
ensure_deps
build
infra_up
exec node --enable-source-maps --expose-gc dist/bench/src/run-benchmarks.js "$@"
