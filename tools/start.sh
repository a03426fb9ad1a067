#!/usr/bin/env bash
# npm start: install what is missing, build, start the local infrastructure, then the provider
# emulator (seeded with demo contacts) and the four services. Ctrl-C stops the services.
source "$(dirname "$0")/lib.sh"
ensure_deps
build
infra_up
exec node --enable-source-maps dist/libs/testing/src/start-local-stack.js
