# Shared steps of the top-level scripts (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export KAFKAJS_NO_PARTITIONER_WARNING=1
export NX_DAEMON=false

log() { printf '\033[1m[contact-sync]\033[0m %s\n' "$*" >&2; }

# Installs npm dependencies when node_modules is missing or older than the lock file.
ensure_deps() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

build() {
  log "building (tsc)"
  npm run --silent build
}

# Starts (or reuses) Kafka and the MongoDB-wire server and exports KAFKA_BROKERS / MONGODB_URI.
infra_up() {
  local exports
  exports="$(bash tools/infra/infra.sh up)"
  eval "$exports"
  log "infrastructure: KAFKA_BROKERS=$KAFKA_BROKERS MONGODB_URI=$MONGODB_URI"
}
