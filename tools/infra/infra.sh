#!/usr/bin/env bash
# Local infrastructure for development and tests, without Docker, on loopback only:
#   - Apache Kafka, one KRaft node (broker+controller), jars from Maven Central (lib/kafka.sh);
#   - a MongoDB wire-protocol server: FerretDB 2 (lib/ferretdb.sh, built from the Go module proxy)
#     over PostgreSQL 15 from Debian (lib/postgres.sh) with Microsoft's DocumentDB extension and
#     pgvector built from the vendored sources (lib/documentdb.sh).
# Idempotent: a second `up` reuses downloads, builds and running processes. Everything downloaded,
# built or stateful lives in .cache/infra (git-ignored); the extensions are installed into the
# system PostgreSQL (root). See docs/infra.md.
#
#   infra.sh up       provision if needed, start, wait until ready; prints `export` lines on stdout
#   infra.sh env      print the `export` lines only
#   infra.sh status   what runs (exit 1 when something this script manages is not running)
#   infra.sh stop     stop what this script started (SIGTERM, wait, SIGKILL)
#   infra.sh reset    stop, then wipe data (keeps downloads and builds)
#   infra.sh provision  only download/build/install (e.g. to warm a CI cache); starts nothing
#   infra.sh stop  kafka|mongo|postgres    stop one component (mongo = FerretDB and its PostgreSQL)
#   infra.sh start kafka|mongo|postgres    start one component again and wait until it answers
#
# INFRA_INSTANCE=name: a separate instance for fault tests that stop the broker or the database.
# Its data, pid, log and lock files live in .cache/infra/instances/<name>; downloads and builds are
# shared with the main instance. Its ports come from INFRA_KAFKA_PORT, INFRA_KAFKA_CONTROLLER_PORT,
# INFRA_MONGO_PORT and INFRA_PG_PORT (all required at its first `up`, remembered afterwards), and an
# exported KAFKA_BROKERS/MONGODB_URI never makes its components external. One-component stop/start
# is refused on the main instance: other test runs share it. INFRA_KAFKA_ONLY=1 (instances only): a
# broker alone, no database (then only the two Kafka ports are needed).
#
# INFRA_KAFKA_SECURITY=sasl_ssl: the broker's client listener takes TLS + SASL (SCRAM-SHA-512/256,
# PLAIN) with a test CA and users made at start (lib/kafka-security.sh); `env`/`up` then also print
# the services' KAFKA_SSL* / KAFKA_SASL_* settings. Default plaintext. Remembered by an instance.
#
# KAFKA_BROKERS / MONGODB_URI already set: that component is external, not provisioned or started.
# Human progress goes to stderr; stdout carries only the `export` lines.
set -euo pipefail

# ---------------------------------------------------------------- the knobs (one place)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${INFRA_CACHE_DIR:-$ROOT/.cache/infra}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
INSTANCE="${INFRA_INSTANCE:-}"
STATE="$CACHE"                                        # data, pids, logs, lock of this instance
if [ -n "$INSTANCE" ]; then
  case "$INSTANCE" in *[!a-zA-Z0-9_-]*) echo "[infra] ERROR: INFRA_INSTANCE must be [a-zA-Z0-9_-]+" >&2; exit 2 ;; esac
  STATE="$CACHE/instances/$INSTANCE"
  mkdir -p "$STATE"
  # shellcheck source=/dev/null
  [ -f "$STATE/ports" ] && source "$STATE/ports"   # the ports (and modes) chosen at its first `up`
  needed="INFRA_KAFKA_PORT INFRA_KAFKA_CONTROLLER_PORT"
  [ "${INFRA_KAFKA_ONLY:-}" = 1 ] || needed="$needed INFRA_MONGO_PORT INFRA_PG_PORT"
  for v in $needed; do
    [ -n "${!v:-}" ] || { echo "[infra] ERROR: instance $INSTANCE needs $v" >&2; exit 2; }
  done
  printf 'INFRA_KAFKA_PORT=%s\nINFRA_KAFKA_CONTROLLER_PORT=%s\nINFRA_MONGO_PORT=%s\nINFRA_PG_PORT=%s\nINFRA_KAFKA_ONLY=%s\nINFRA_KAFKA_SECURITY=%s\n' \
    "$INFRA_KAFKA_PORT" "$INFRA_KAFKA_CONTROLLER_PORT" "${INFRA_MONGO_PORT:-}" "${INFRA_PG_PORT:-}" "${INFRA_KAFKA_ONLY:-}" \
    "${INFRA_KAFKA_SECURITY:-}" >"$STATE/ports"
  unset KAFKA_BROKERS MONGODB_URI                     # never external: the point is to own them
elif [ -n "${INFRA_KAFKA_ONLY:-}" ]; then
  echo "[infra] ERROR: INFRA_KAFKA_ONLY is for a separate instance (INFRA_INSTANCE)" >&2; exit 2
fi
MANAGE_MONGO=1                                        # 0: an instance with a broker alone
[ "${INFRA_KAFKA_ONLY:-}" != 1 ] || MANAGE_MONGO=0
KAFKA_SECURITY="${INFRA_KAFKA_SECURITY:-plaintext}"   # plaintext | sasl_ssl (lib/kafka-security.sh)
case "$KAFKA_SECURITY" in plaintext | sasl_ssl) ;; *) echo "[infra] ERROR: INFRA_KAFKA_SECURITY must be plaintext or sasl_ssl" >&2; exit 2 ;; esac
KAFKA_VERSION="${INFRA_KAFKA_VERSION:-4.1.2}"        # kafka_2.13 on Maven Central (3.9.x also works); see docs/infra.md
KAFKA_PORT="${INFRA_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${INFRA_KAFKA_CONTROLLER_PORT:-19093}"
MONGO_PORT="${INFRA_MONGO_PORT:-27018}"
PG_PORT="${INFRA_PG_PORT:-25432}"                     # FerretDB's PostgreSQL
READY_TIMEOUT_MS="${INFRA_READY_TIMEOUT_MS:-120000}"
KAFKA_HEAP="${INFRA_KAFKA_HEAP:--Xms256m -Xmx512m}"

HERE="$ROOT/tools/infra"
VENDOR_DIR="${INFRA_VENDOR_DIR:-$ROOT/../shared/vendor}"  # DocumentDB and pgvector sources (lib/documentdb.sh)
KAFKA_MAJOR="${KAFKA_VERSION%%.*}"
KAFKA_DIR="$STATE/kafka"                              # server.properties and data
KAFKA_LIBS="$CACHE/kafka/libs-$KAFKA_VERSION"         # shared by every instance
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_PID="$STATE/kafka.pid"
KAFKA_LOG="$STATE/kafka.log"
FERRET_BIN="$CACHE/bin/ferretdb"
FERRET_PID="$STATE/ferretdb.pid"
FERRET_LOG="$STATE/ferretdb.log"

# The addresses this script serves are not "external", even when exported by an earlier
# `eval "$(infra.sh up)"` in the same shell.
[ "${KAFKA_BROKERS:-}" != "127.0.0.1:$KAFKA_PORT" ] || unset KAFKA_BROKERS
[ "${MONGODB_URI:-}" != "mongodb://127.0.0.1:$MONGO_PORT/" ] || unset MONGODB_URI
# Client security settings describe an external broker; ours are printed by `env` (a shell that
# exported a secured instance's must not make the probes of a plaintext one speak TLS).
[ -n "${KAFKA_BROKERS:-}" ] || unset KAFKA_SSL KAFKA_SSL_CA_FILE KAFKA_SSL_CERT_FILE KAFKA_SSL_KEY_FILE \
  KAFKA_SASL_MECHANISM KAFKA_SASL_USERNAME KAFKA_SASL_PASSWORD

# shellcheck source=/dev/null
for part in process kafka kafka-security documentdb postgres ferretdb; do source "$HERE/lib/$part.sh"; done
[ -n "${KAFKA_BROKERS:-}" ] || ! kafka_secured || kafka_credentials

# ---------------------------------------------------------------- commands
print_env() {
  echo "export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
  if [ -z "${KAFKA_BROKERS:-}" ] && kafka_secured; then kafka_client_env; fi
  [ "$MANAGE_MONGO" = 0 ] || echo "export MONGODB_URI=${MONGODB_URI:-mongodb://127.0.0.1:$MONGO_PORT/}"
}

lock() { # one up/stop/reset at a time (npm test and npm start may run together)
  exec 9>"$STATE/.lock"
  flock -w 900 9 || die "another infra.sh holds $STATE/.lock"
}

up() {
  local started=$SECONDS wait="" pids="" logs="" probe="" name
  lock
  KAFKA_RUNNING=0 FERRET_RUNNING=0
  if [ -n "${KAFKA_BROKERS:-}" ]; then log "using external Kafka at $KAFKA_BROKERS"; wait="$wait kafka"
  else kafka_check; [ "$KAFKA_RUNNING" = 0 ] || probe="$probe kafka"; fi
  if [ "$MANAGE_MONGO" = 0 ]; then :
  elif [ -n "${MONGODB_URI:-}" ]; then log "using external MongoDB at $MONGODB_URI"; wait="$wait mongodb"
  else ferret_check; [ "$FERRET_RUNNING" = 0 ] || probe="$probe mongodb"; fi
  # shellcheck disable=SC2086 # lists of words
  if [ -n "$probe" ]; then
    for name in $(not_answering 20000 $probe); do
      if [ "$name" = kafka ]; then
        log "kafka (pid $(cat "$KAFKA_PID")) does not answer within 20 s: restarting it"
        stop_pid "$(cat "$KAFKA_PID")" kafka; rm -f "$KAFKA_PID"; KAFKA_RUNNING=0
      else
        log "ferretdb (pid $(cat "$FERRET_PID")) does not answer within 20 s: restarting it"
        stop_pid "$(cat "$FERRET_PID")" ferretdb; rm -f "$FERRET_PID"; FERRET_RUNNING=0
      fi
    done
  fi
  if [ -z "${KAFKA_BROKERS:-}" ] && [ "$KAFKA_RUNNING" = 0 ]; then
    kafka_start; wait="$wait kafka"; pids="$pids kafka=$(cat "$KAFKA_PID")"; logs="$logs $KAFKA_LOG"
  fi
  if [ "$MANAGE_MONGO" = 1 ] && [ -z "${MONGODB_URI:-}" ] && [ "$FERRET_RUNNING" = 0 ]; then
    ferret_start; wait="$wait mongodb"; pids="$pids ferretdb=$(cat "$FERRET_PID")"; logs="$logs $FERRET_LOG"
  fi
  if [ -n "$wait" ] && ! (eval "$(print_env)"; INFRA_WAIT_ONLY=$(echo $wait | tr ' ' ,) INFRA_WAIT_PIDS="$pids" \
    node "$HERE/wait-ready.js" "$READY_TIMEOUT_MS" >&2 9>&-); then
    for f in $logs; do [ -f "$f" ] && { log "last lines of $f:"; tail -n 25 "$f" >&2; }; done
    die "infrastructure not ready (see above; \`$0 stop\` or \`$0 reset\` then retry)"
  fi
  log "ready in $((SECONDS - started)) s"
  print_env
}

status() {
  local rc=0 pid home
  if [ -n "${KAFKA_BROKERS:-}" ]; then echo "kafka: external, $KAFKA_BROKERS"
  elif pid=$(our_pid "$KAFKA_PID" "$KAFKA_PROPS") || pid=$(listener_pid "$KAFKA_PORT" "$KAFKA_PROPS"); then
    echo "kafka: running (pid $pid), 127.0.0.1:$KAFKA_PORT, version $(kafka_running_version "$pid"), $KAFKA_SECURITY"
  else echo "kafka: stopped"; rc=1; fi
  if [ "$MANAGE_MONGO" = 0 ]; then echo "mongodb: not managed by this instance (INFRA_KAFKA_ONLY)"; return $rc
  elif [ -n "${MONGODB_URI:-}" ]; then echo "mongodb: external, $MONGODB_URI"
  elif pid=$(our_pid "$FERRET_PID" "$FERRET_BIN") || pid=$(listener_pid "$MONGO_PORT" "$FERRET_BIN"); then
    echo "ferretdb: running (pid $pid), 127.0.0.1:$MONGO_PORT$([ -z "$(ferret_stale)" ] || echo ', older than tools/infra/ferretdb')"
  else echo "ferretdb: stopped"; rc=1; fi
  if [ -z "${MONGODB_URI:-}" ] && pg_can_manage; then
    home=$(pg_home)
    if pg_running "$home"; then echo "postgresql: running, 127.0.0.1:$PG_PORT, data $home/data, $(cat "$home/engine" 2>/dev/null)"
    else echo "postgresql: stopped"; rc=1; fi
  fi
  return $rc
}

stop() {
  local pid
  if [ "$MANAGE_MONGO" = 1 ]; then
    if pid=$(our_pid "$FERRET_PID" "$FERRET_BIN") || pid=$(listener_pid "$MONGO_PORT" "$FERRET_BIN"); then stop_pid "$pid" ferretdb; fi
    rm -f "$FERRET_PID"
  fi
  if pid=$(our_pid "$KAFKA_PID" "$KAFKA_PROPS") || pid=$(listener_pid "$KAFKA_PORT" "$KAFKA_PROPS"); then stop_pid "$pid" kafka; fi
  rm -f "$KAFKA_PID"
  [ "$MANAGE_MONGO" = 0 ] || pg_stop
}

reset() {
  local home=""
  stop
  if [ "$MANAGE_MONGO" = 1 ] && pg_can_manage; then home=$(pg_home); fi
  rm -rf "$KAFKA_DIR/data" "$KAFKA_DIR/data.version" "$STATE/ferretdb-state" ${home:+"$home"}
  [ -z "$INSTANCE" ] || rm -rf "$STATE"
  log "data wiped (downloads and builds kept)"
}

# ---------------------------------------------------------------- one component (fault tests)
wait_answering() { # component (kafka|mongodb): bounded by READY_TIMEOUT_MS
  (eval "$(print_env)"; INFRA_WAIT_ONLY=$1 node "$HERE/wait-ready.js" "$READY_TIMEOUT_MS" >&2 9>&-) ||
    die "$1 does not answer after a restart"
}

component_guard() { # component
  [ -n "$INSTANCE" ] || die "stopping or starting one component is for a separate instance (INFRA_INSTANCE); the main one is shared"
  case "$1" in kafka | mongo | postgres) ;; *) die "unknown component '$1' (kafka, mongo, postgres)" ;; esac
  [ "$MANAGE_MONGO" = 1 ] || [ "$1" = kafka ] || die "instance $INSTANCE has a broker only (INFRA_KAFKA_ONLY)"
}

stop_component() { # component
  local pid
  component_guard "$1"
  case "$1" in
    kafka)
      if pid=$(our_pid "$KAFKA_PID" "$KAFKA_PROPS") || pid=$(listener_pid "$KAFKA_PORT" "$KAFKA_PROPS"); then stop_pid "$pid" kafka; fi
      rm -f "$KAFKA_PID" ;;
    mongo)
      if pid=$(our_pid "$FERRET_PID" "$FERRET_BIN") || pid=$(listener_pid "$MONGO_PORT" "$FERRET_BIN"); then stop_pid "$pid" ferretdb; fi
      rm -f "$FERRET_PID"; pg_stop ;;
    postgres) pg_stop ;;
  esac
}

start_component() { # component
  component_guard "$1"
  case "$1" in
    kafka) kafka_check; [ "$KAFKA_RUNNING" = 1 ] || kafka_start; wait_answering kafka ;;
    mongo) ferret_check; [ "$FERRET_RUNNING" = 1 ] || ferret_start; wait_answering mongodb ;;
    postgres) pg_up ;;
  esac
}

provision() {
  lock
  [ -n "${KAFKA_BROKERS:-}" ] || kafka_provision
  [ -n "${MONGODB_URI:-}" ] || [ "$MANAGE_MONGO" = 0 ] || { pg_packages_ensure; ext_ensure; ferret_build; }
  log "provisioned (Kafka $KAFKA_VERSION jars; Debian packages, DocumentDB and FerretDB builds)"
}

case "${1:-}" in
  up) up ;;
  provision) provision ;;
  env) print_env ;;
  status) status ;;
  stop) lock; if [ -n "${2:-}" ]; then stop_component "$2"; else stop; fi ;;
  start) [ -n "${2:-}" ] || { echo "usage: $0 start kafka|mongo|postgres" >&2; exit 2; }; lock; start_component "$2" ;;
  reset) lock; reset ;;
  *) echo "usage: $0 up|env|status|stop [component]|start component|reset|provision" >&2; exit 2 ;;
esac
