#!/usr/bin/env bash
# Local infrastructure for development and tests, no Docker: a real Apache Kafka broker (KRaft,
# jars from Maven Central) and a MongoDB wire-protocol server (FerretDB built from the Go module
# proxy, on Debian's PostgreSQL). Idempotent; downloads and builds are cached in .cache/infra.
#
#   infra.sh up       provision if needed, start, wait until ready, print `export` lines on stdout
#   infra.sh env      print the `export` lines
#   infra.sh status   what runs
#   infra.sh stop     stop everything this script started
#   infra.sh reset    stop and wipe data (keeps downloads and builds)
#
# When KAFKA_BROKERS (or MONGODB_URI) is already set, that component is external: not provisioned.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tools/infra"
CACHE="$ROOT/.cache/infra"
KAFKA_PORT=19092
KAFKA_CONTROLLER_PORT=19093
MONGO_PORT=27018
PG_PORT=25432
# PostgreSQL refuses to run as root and needs every parent directory of its data to be reachable by
# its user, so when we are root its data lives outside the work tree, keyed by the work tree path.
if [ "$(id -u)" = 0 ]; then
  PG_HOME="/var/tmp/contact-sync-infra/$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)/pg"
else
  PG_HOME="$CACHE/pg"
fi

log() { printf '[infra] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_pid() { # pidfile name
  local pidfile=$1 name=$2 pid
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  log "stopping $name ($pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && { log "$name did not stop in 20 s; killing"; kill -KILL "$pid" 2>/dev/null || true; }
  rm -f "$pidfile"
}

start_detached() { # pidfile logfile command...
  local pidfile=$1 logfile=$2; shift 2
  nohup setsid "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

# ---------------------------------------------------------------- Kafka
kafka_provision() {
  local libs="$CACHE/kafka/libs" pom="$HERE/kafka/pom.xml" stamp
  stamp="$CACHE/kafka/.pom.sha1"
  if [ -f "$stamp" ] && [ "$(sha1sum "$pom" | cut -d' ' -f1)" = "$(cat "$stamp")" ]; then return; fi
  command -v java >/dev/null || die "java (17+) is required for Kafka"
  command -v mvn >/dev/null || die "mvn is required to fetch Kafka from Maven Central"
  log "fetching Kafka jars from Maven Central (first run only)"
  rm -rf "$libs"; mkdir -p "$libs"
  mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" >&2
  sha1sum "$pom" | cut -d' ' -f1 >"$stamp"
}

kafka_up() {
  local dir="$CACHE/kafka" pidfile="$CACHE/kafka/kafka.pid"
  if pid_alive "$pidfile" && port_open "$KAFKA_PORT"; then log "kafka already running"; return; fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by a process this script did not start"
  kafka_provision
  mkdir -p "$dir/data"
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" -e "s#@DATA_DIR@#$dir/data#g" \
    "$HERE/kafka/server.properties.template" >"$dir/server.properties"
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java -cp "$dir/libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)
    java -cp "$dir/libs/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >&2 2>/dev/null
  fi
  log "starting kafka on 127.0.0.1:$KAFKA_PORT"
  start_detached "$pidfile" "$dir/kafka.log" java -Xms256m -Xmx512m -XX:+UseG1GC \
    -Dlog4j.configuration="file:$HERE/kafka/log4j.properties" -cp "$dir/libs/*" kafka.Kafka "$dir/server.properties"
}

# ---------------------------------------------------------------- PostgreSQL (FerretDB's storage)
pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$bin" ]; then
    [ "$(id -u)" = 0 ] || die "PostgreSQL server binaries are missing: apt-get install postgresql"
    log "installing PostgreSQL from Debian (first run only)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  echo "$bin"
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_up() {
  local bin; bin=$(pg_bin)
  mkdir -p "$PG_HOME"; [ "$(id -u)" = 0 ] && chown postgres "$PG_HOME" "$(dirname "$PG_HOME")"
  if as_pg "$bin/pg_ctl" -D "$PG_HOME/data" status >/dev/null 2>&1; then log "postgresql already running"; return; fi
  if [ ! -f "$PG_HOME/data/PG_VERSION" ]; then
    log "initialising a PostgreSQL cluster in $PG_HOME"
    as_pg "$bin/initdb" -D "$PG_HOME/data" -A trust -U postgres -E UTF8 >"$PG_HOME/initdb.log" 2>&1 || die "initdb failed: $(tail -5 "$PG_HOME/initdb.log")"
  fi
  log "starting postgresql on 127.0.0.1:$PG_PORT"
  # Durability is traded for speed: this cluster only holds disposable local and test data.
  as_pg "$bin/pg_ctl" -D "$PG_HOME/data" -l "$PG_HOME/postgres.log" -w -t 60 start \
    -o "-p $PG_PORT -k $PG_HOME -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2 \
    || die "postgresql did not start: $(tail -5 "$PG_HOME/postgres.log")"
  if ! as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='ferretdb'" | grep -q 1; then
    as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database ferretdb" >&2
  fi
}

pg_stop() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  [ -n "$bin" ] && [ -f "$PG_HOME/data/PG_VERSION" ] || return 0
  if as_pg "$bin/pg_ctl" -D "$PG_HOME/data" status >/dev/null 2>&1; then
    log "stopping postgresql"
    as_pg "$bin/pg_ctl" -D "$PG_HOME/data" -m fast -w stop >/dev/null
  fi
}

# ---------------------------------------------------------------- FerretDB
ferret_build() {
  local bin="$CACHE/bin/ferretdb" stamp="$CACHE/bin/.ferretdb.sha1" sum
  sum=$(cat "$HERE/ferretdb/go.mod" "$HERE/ferretdb/go.sum" "$HERE/ferretdb/main.go" | sha1sum | cut -d' ' -f1)
  if [ -x "$bin" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return; fi
  command -v go >/dev/null || die "go is required to build FerretDB"
  log "building FerretDB from the Go module proxy (first run only, about 2 minutes)"
  mkdir -p "$CACHE/bin"
  (cd "$HERE/ferretdb" && CGO_ENABLED=0 go build -trimpath -o "$bin" .) >&2
  echo "$sum" >"$stamp"
}

ferret_up() {
  local pidfile="$CACHE/ferretdb.pid"
  if pid_alive "$pidfile" && port_open "$MONGO_PORT"; then log "ferretdb already running"; return; fi
  port_open "$MONGO_PORT" && die "port $MONGO_PORT is taken by a process this script did not start"
  ferret_build
  pg_up
  log "starting ferretdb on 127.0.0.1:$MONGO_PORT"
  start_detached "$pidfile" "$CACHE/ferretdb.log" "$CACHE/bin/ferretdb" -listen "127.0.0.1:$MONGO_PORT" \
    -postgresql-url "postgres://postgres@127.0.0.1:$PG_PORT/ferretdb?pool_max_conns=50"
}

# ---------------------------------------------------------------- commands
print_env() {
  echo "export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
  echo "export MONGODB_URI=${MONGODB_URI:-mongodb://127.0.0.1:$MONGO_PORT/}"
}

up() {
  mkdir -p "$CACHE"
  local started=$SECONDS
  if [ -z "${KAFKA_BROKERS:-}" ]; then kafka_up; else log "using external Kafka at $KAFKA_BROKERS"; fi
  if [ -z "${MONGODB_URI:-}" ]; then ferret_up; else log "using external MongoDB at $MONGODB_URI"; fi
  eval "$(print_env)"
  if ! node "$HERE/wait-ready.js" 120000 >&2; then
    [ -f "$CACHE/kafka/kafka.log" ] && { log "kafka log:"; tail -n 20 "$CACHE/kafka/kafka.log" >&2; }
    [ -f "$CACHE/ferretdb.log" ] && { log "ferretdb log:"; tail -n 20 "$CACHE/ferretdb.log" >&2; }
    die "infrastructure not ready"
  fi
  log "ready in $((SECONDS - started)) s"
  print_env
}

status() {
  pid_alive "$CACHE/kafka/kafka.pid" && echo "kafka: running (pid $(cat "$CACHE/kafka/kafka.pid")), 127.0.0.1:$KAFKA_PORT" || echo "kafka: stopped"
  pid_alive "$CACHE/ferretdb.pid" && echo "ferretdb: running (pid $(cat "$CACHE/ferretdb.pid")), 127.0.0.1:$MONGO_PORT" || echo "ferretdb: stopped"
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -n "$bin" ] && as_pg "$bin/pg_ctl" -D "$PG_HOME/data" status >/dev/null 2>&1; then echo "postgresql: running, 127.0.0.1:$PG_PORT"; else echo "postgresql: stopped"; fi
}

stop() {
  stop_pid "$CACHE/ferretdb.pid" ferretdb
  stop_pid "$CACHE/kafka/kafka.pid" kafka
  pg_stop
}

case "${1:-}" in
  up) up ;;
  env) print_env ;;
  status) status ;;
  stop) stop ;;
  reset) stop; rm -rf "$CACHE/kafka/data" "$PG_HOME"; log "data wiped" ;;
  *) echo "usage: $0 up|env|status|stop|reset" >&2; exit 2 ;;
esac
