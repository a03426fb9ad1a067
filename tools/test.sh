#!/usr/bin/env bash
# npm test: install what is missing, build, lint (module boundaries included), start the local
# infrastructure, run every jest project (unit specs and the end-to-end suites on real Kafka/MongoDB).
source "$(dirname "$0")/lib.sh"
ensure_deps
build
log "linting"
npx nx show projects >/dev/null   # computes the project graph; without it the boundary rule is skipped
npx eslint . --max-warnings=0
infra_up
log "running tests"
# gaxios (under googleapis) loads node-fetch with a dynamic import(), which jest's sandbox only
# allows with VM modules enabled.
export NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning ${NODE_OPTIONS:-}"
npx jest --maxWorkers=2 "$@"
