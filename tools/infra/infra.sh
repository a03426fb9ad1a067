#!/usr/bin/env bash
# Local infrastructure for development and tests, without Docker, on loopback only:
#   - Apache Kafka, one KRaft node (broker+controller), jars from Maven Central (kafka/pom.xml),
#     run with the machine's Java 17;
#   - FerretDB 1.x, a MongoDB wire-protocol server built from the Go module proxy (ferretdb/),
#     on PostgreSQL (Debian's package) by default, or on SQLite.
# Idempotent: a second `up` reuses downloads, builds and running processes. Everything downloaded,
# built or stateful lives in .cache/infra (git-ignored). See docs/infra.md.
#
#   infra.sh up       provision if needed, start, wait until ready; prints `export` lines on stdout
#   infra.sh env      print the `export` lines only
#   infra.sh status   what runs (exit 1 when something this script manages is not running)
#   infra.sh stop     stop what this script started (SIGTERM, wait, SIGKILL)
#   infra.sh reset    stop, then wipe data (keeps downloaded jars and built binaries)
#   infra.sh provision  only download/build (e.g. to warm a CI cache); starts nothing
#
# KAFKA_BROKERS / MONGODB_URI already set: that component is external, not provisioned or started.
# Human progress goes to stderr; stdout carries only the `export` lines.
set -euo pipefail

# ---------------------------------------------------------------- the knobs (one place)
KAFKA_VERSION="${INFRA_KAFKA_VERSION:-4.1.2}"        # kafka_2.13 on Maven Central (3.9.x also works); see docs/infra.md
FERRETDB_BACKEND="${INFRA_FERRETDB_BACKEND:-postgresql}" # postgresql | sqlite (FerretDB's version: ferretdb/go.mod)
KAFKA_PORT="${INFRA_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${INFRA_KAFKA_CONTROLLER_PORT:-19093}"
MONGO_PORT="${INFRA_MONGO_PORT:-27018}"
PG_PORT="${INFRA_PG_PORT:-25432}"                     # FerretDB's PostgreSQL (postgresql backend only)
READY_TIMEOUT_MS="${INFRA_READY_TIMEOUT_MS:-120000}"
KAFKA_HEAP="${INFRA_KAFKA_HEAP:--Xms256m -Xmx512m}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tools/infra"
CACHE="${INFRA_CACHE_DIR:-$ROOT/.cache/infra}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
KAFKA_MAJOR="${KAFKA_VERSION%%.*}"
KAFKA_DIR="$CACHE/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs-$KAFKA_VERSION"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_PID="$CACHE/kafka.pid"
KAFKA_LOG="$CACHE/kafka.log"
FERRET_BIN="$CACHE/bin/ferretdb"
FERRET_PID="$CACHE/ferretdb.pid"
FERRET_LOG="$CACHE/ferretdb.log"
FERRET_SQLITE_DIR="$CACHE/ferretdb-sqlite"

# The addresses this script serves are not "external", even when exported by an earlier
# `eval "$(infra.sh up)"` in the same shell.
[ "${KAFKA_BROKERS:-}" != "127.0.0.1:$KAFKA_PORT" ] || unset KAFKA_BROKERS
[ "${MONGODB_URI:-}" != "mongodb://127.0.0.1:$MONGO_PORT/" ] || unset MONGODB_URI

log() { printf '[infra] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- process helpers
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
cmdline() { ps -p "$1" -o args= 2>/dev/null; }

# Prints the pid recorded in a pid file when that process is alive and its command line contains
# the marker (so a stale file whose pid was reused by something else is not trusted).
our_pid() { # pidfile marker
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1")
  case "$pid" in '' | *[!0-9]*) return 1 ;; esac
  cmdline "$pid" | grep -qF -- "$2" || return 1
  echo "$pid"
}

# Prints the pid listening on a loopback port when its command line contains the marker (a process
# of ours whose pid file was lost).
listener_pid() { # port marker
  local pid
  command -v ss >/dev/null || return 1
  pid=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)
  [ -n "$pid" ] && cmdline "$pid" | grep -qF -- "$2" && echo "$pid"
}

stop_pid() { # pid name
  local pid=$1 name=$2
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  kill -CONT "$pid" 2>/dev/null || true # a stopped (SIGSTOP) process only acts on SIGTERM once continued
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  log "$name did not stop within 30 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
}

# Runs a command detached from this script (own session, no terminal, no inherited lock), so it
# survives the script and the shell that called it.
start_detached() { # pidfile logfile command...
  local pidfile=$1 logfile=$2; shift 2
  printf '\n=== %s: %s\n' "$(date '+%F %T')" "$*" >>"$logfile"
  nohup setsid "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  echo $! >"$pidfile"
}

# Common start logic. Sets RUNNING=1 when a healthy instance of ours already serves the port.
# A process of ours that is alive but does not serve its port within a grace period (half-dead, or
# left by an `up` that was interrupted) is stopped so that a fresh one can start.
check_running() { # name pidfile marker port
  local name=$1 pidfile=$2 marker=$3 port=$4 pid
  RUNNING=0
  if ! pid=$(our_pid "$pidfile" "$marker"); then
    rm -f "$pidfile"
    for i in $(seq 1 20); do # a process that was just killed may hold its port for a moment
      port_open "$port" || return 0
      if pid=$(listener_pid "$port" "$marker"); then
        log "$name: adopting running process $pid (its pid file was missing)"
        echo "$pid" >"$pidfile"
        break
      fi
      [ "$i" = 20 ] && die "port $port is taken by a process this script did not start ($(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:.*' || echo unknown)); stop it, or export the matching *_BROKERS/*_URI variable to use it"
      sleep 0.25
    done
  fi
  for _ in $(seq 1 60); do
    port_open "$port" && { RUNNING=1; return 0; }
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
    sleep 0.5
  done
  log "$name (pid $pid) is alive but not listening on $port after 30 s: restarting it"
  stop_pid "$pid" "$name"
  rm -f "$pidfile"
}

# Probes running servers with real clients (a live process can still be hung: stopped, stuck in
# recovery, out of resources). Prints the names of those that did not answer within the timeout.
not_answering() { # timeout-ms component... (kafka, mongodb)
  local rc=0 list
  list=$(IFS=,; echo "${*:2}")
  KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" MONGODB_URI="mongodb://127.0.0.1:$MONGO_PORT/" INFRA_WAIT_ONLY=$list \
    node "$HERE/wait-ready.js" "$1" >/dev/null 2>&1 9>&- || rc=$?
  [ $((rc & 1)) = 0 ] || echo kafka
  [ $((rc & 2)) = 0 ] || echo mongodb
}

# ---------------------------------------------------------------- Kafka
kafka_log_opt() { # Kafka 3.x logs through reload4j (log4j 1 API), 4.x through log4j2
  if [ "$KAFKA_MAJOR" -ge 4 ]; then echo "-Dlog4j2.configurationFile=$HERE/kafka/log4j2.properties"
  else echo "-Dlog4j.configuration=file:$HERE/kafka/log4j.properties"; fi
}

kafka_running_version() { # pid (the classpath names the version; the first layout was 3.9.2 only)
  cmdline "$1" | grep -o 'kafka/libs-[^/]*' | head -n1 | sed 's#kafka/libs-##' || echo 3.9.2
}

kafka_provision() {
  local stamp="$KAFKA_LIBS/.stamp" sum
  sum="$KAFKA_VERSION $(sha1sum "$HERE/kafka/pom.xml" | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && return 0
  command -v java >/dev/null || die "java (17+) is required for Kafka"
  command -v mvn >/dev/null || die "mvn is required to fetch Kafka from Maven Central"
  log "fetching Kafka $KAFKA_VERSION jars from Maven Central (once per version)"
  rm -rf "$KAFKA_LIBS"; mkdir -p "$KAFKA_LIBS"
  if ! mvn -B -Dstyle.color=never -f "$HERE/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" -Dkafka.major="$KAFKA_MAJOR" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS" >"$CACHE/maven.log" 2>&1; then
    tail -n 30 "$CACHE/maven.log" >&2
    die "maven could not resolve org.apache.kafka:kafka_2.13:$KAFKA_VERSION (full output: $CACHE/maven.log)"
  fi
  echo "$sum" >"$stamp"
}

kafka_format() {
  local data="$KAFKA_DIR/data" marker="$KAFKA_DIR/data.version" out cluster_id
  # Data written by another Kafka version (e.g. after switching between 3.x and 4.x) is disposable.
  # No marker: the first layout of this script, which ran 3.9.2 only.
  if [ -f "$data/meta.properties" ]; then
    local made=3.9.2
    [ -f "$marker" ] && made=$(cat "$marker")
    if [ "$made" != "$KAFKA_VERSION" ]; then
      log "kafka data was made by $made, now running $KAFKA_VERSION: wiping it (topics are created by the services)"
      rm -rf "$data"
    fi
  fi
  if [ ! -f "$data/meta.properties" ]; then
    rm -rf "$data"; mkdir -p "$data"
    cluster_id=$(java "$(kafka_log_opt)" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)
    [ -n "$cluster_id" ] || die "kafka.tools.StorageTool random-uuid failed"
    out=$(java "$(kafka_log_opt)" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_PROPS" 2>&1) ||
      die "formatting kafka storage failed: $out"
    log "kafka storage formatted (cluster $cluster_id)"
  fi
  echo "$KAFKA_VERSION" >"$marker"
}

# Sets KAFKA_RUNNING=1 when our broker already serves its port.
kafka_check() {
  local pid
  check_running kafka "$KAFKA_PID" "$KAFKA_PROPS" "$KAFKA_PORT"
  KAFKA_RUNNING=$RUNNING
  [ "$RUNNING" = 1 ] || return 0
  pid=$(cat "$KAFKA_PID")
  log "kafka already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
  # A healthy broker is never restarted by `up` (others may be using it), even on another version.
  if [ "$(kafka_running_version "$pid")" != "$KAFKA_VERSION" ]; then
    log "WARNING: it runs Kafka $(kafka_running_version "$pid"), not $KAFKA_VERSION; \`$0 stop\` then \`up\` to switch"
  fi
}

kafka_start() {
  port_open "$KAFKA_CONTROLLER_PORT" && die "kafka controller port $KAFKA_CONTROLLER_PORT is taken by another process"
  kafka_provision
  rm -rf "$KAFKA_DIR/libs" "$KAFKA_DIR/.pom.sha1" "$KAFKA_DIR/kafka.pid" # the first layout's leftovers
  mkdir -p "$KAFKA_DIR"
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" -e "s#@DATA_DIR@#$KAFKA_DIR/data#g" \
    "$HERE/kafka/server.properties.template" >"$KAFKA_PROPS"
  kafka_format
  log "starting kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (log: $KAFKA_LOG)"
  # Small JVM: the machines have 2 cores. shellcheck disable=SC2086 # KAFKA_HEAP holds several flags
  start_detached "$KAFKA_PID" "$KAFKA_LOG" java $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "$(kafka_log_opt)" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS"
}

# ---------------------------------------------------------------- PostgreSQL (FerretDB's storage)
pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$bin" ] && [ "${1:-}" = install ]; then
    [ "$(id -u)" = 0 ] || die "PostgreSQL server binaries are missing: sudo apt-get install postgresql (or INFRA_FERRETDB_BACKEND=sqlite)"
    log "installing PostgreSQL from Debian (first run only)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  echo "$bin"
}

# PostgreSQL refuses to run as root; as root its data belongs to the postgres user, in
# .cache/infra/pg when that user can reach it, otherwise under /var/tmp keyed by the cache path.
pg_home() {
  [ "$(id -u)" = 0 ] || { echo "$CACHE/pg"; return; }
  local key="$CACHE" outside
  [ "$CACHE" = "$ROOT/.cache/infra" ] && key="$ROOT"
  outside="/var/tmp/contact-sync-infra/$(printf '%s' "$key" | sha1sum | cut -c1-12)/pg"
  if [ -f "$outside/data/PG_VERSION" ]; then echo "$outside"; return; fi
  if id postgres >/dev/null 2>&1; then
    mkdir -p "$CACHE/pg" && chown postgres "$CACHE/pg"
    if runuser -u postgres -- test -w "$CACHE/pg"; then echo "$CACHE/pg"; return; fi
  fi
  echo "$outside"
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_running() { # bin home
  [ -n "$1" ] && [ -f "$2/data/PG_VERSION" ] && as_pg "$1/pg_ctl" -D "$2/data" status >/dev/null 2>&1
}

pg_up() {
  local bin home
  bin=$(pg_bin install); home=$(pg_home)
  mkdir -p "$home"; [ "$(id -u)" = 0 ] && chown postgres "$home"
  if pg_running "$bin" "$home"; then log "postgresql already running ($home)"; return 0; fi
  if [ ! -f "$home/data/PG_VERSION" ]; then
    log "initialising a PostgreSQL cluster in $home"
    as_pg "$bin/initdb" -D "$home/data" -A trust -U postgres -E UTF8 >"$home/initdb.log" 2>&1 ||
      die "initdb failed: $(tail -5 "$home/initdb.log")"
  fi
  log "starting postgresql on 127.0.0.1:$PG_PORT"
  # Durability is traded for speed: this cluster only holds disposable local and test data.
  as_pg "$bin/pg_ctl" -D "$home/data" -l "$home/postgres.log" -w -t 60 start \
    -o "-p $PG_PORT -k $home -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >&2 9>&- || die "postgresql did not start: $(tail -5 "$home/postgres.log")"
  if ! as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='ferretdb'" | grep -q 1; then
    as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database ferretdb" >&2
  fi
}

pg_stop() {
  local bin home
  bin=$(pg_bin); [ -n "$bin" ] || return 0
  id postgres >/dev/null 2>&1 || [ "$(id -u)" != 0 ] || return 0
  home=$(pg_home)
  if pg_running "$bin" "$home"; then
    log "stopping postgresql"
    as_pg "$bin/pg_ctl" -D "$home/data" -m fast -w -t 60 stop >/dev/null
  fi
}

# ---------------------------------------------------------------- FerretDB
# Builds tools/infra/ferretdb (our main embedding FerretDB) into the cache. FerretDB's module is
# copied from the Go module cache and the patches in ferretdb/patches/ are applied to the copy; the
# build uses a generated go.mod (-modfile) that replaces the module with that copy, so the committed
# go.mod/go.sum stay plain.
ferret_sources_sum() {
  cat "$HERE/ferretdb/go.mod" "$HERE/ferretdb/go.sum" "$HERE/ferretdb/main.go" "$HERE"/ferretdb/patches/*.patch | sha1sum | cut -d' ' -f1
}
ferret_stale() { # prints "stale" when the built binary does not match the sources
  local stamp="$CACHE/bin/.ferretdb.sha1"
  [ -x "$FERRET_BIN" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(ferret_sources_sum)" ] || echo stale
}
ferret_build() {
  local stamp="$CACHE/bin/.ferretdb.sha1" sum mod ver dir src="$CACHE/ferretdb-build/src" p
  [ -z "$(ferret_stale)" ] && return 0
  sum=$(ferret_sources_sum)
  command -v go >/dev/null || die "go (1.24+) is required to build FerretDB"
  command -v patch >/dev/null || die "patch is required to build FerretDB (apt-get install patch)"
  log "building FerretDB from the Go module proxy (when its sources change; 1-4 minutes)"
  mod=github.com/FerretDB/FerretDB
  ver=$(awk -v m="$mod" '($1 == m) || ($1 == "require" && $2 == m) { print $NF; exit }' "$HERE/ferretdb/go.mod")
  [ -n "$ver" ] || die "no $mod requirement in tools/infra/ferretdb/go.mod"
  dir=$(cd "$HERE/ferretdb" && go mod download -json "$mod@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || die "go mod download $mod@$ver failed"
  rm -rf "$CACHE/ferretdb-build"; mkdir -p "$CACHE/ferretdb-build" "$CACHE/bin"
  cp -R "$dir" "$src"; chmod -R u+w "$src"
  for p in "$HERE"/ferretdb/patches/*.patch; do
    [ -f "$p" ] || continue
    patch -d "$src" -p1 --quiet --forward <"$p" >&2 || die "patch $(basename "$p") does not apply to $mod@$ver"
  done
  cp "$HERE/ferretdb/go.mod" "$CACHE/ferretdb-build/go.mod"; cp "$HERE/ferretdb/go.sum" "$CACHE/ferretdb-build/go.sum"
  printf '\nreplace %s => %s\n' "$mod" "$src" >>"$CACHE/ferretdb-build/go.mod"
  (cd "$HERE/ferretdb" && CGO_ENABLED=0 go build -modfile="$CACHE/ferretdb-build/go.mod" -trimpath -o "$FERRET_BIN.tmp" .) >&2 ||
    die "building FerretDB failed"
  mv -f "$FERRET_BIN.tmp" "$FERRET_BIN"
  echo "$sum" >"$stamp"
}

ferret_backend_args() {
  case "$FERRETDB_BACKEND" in
    postgresql) echo "-postgresql-url postgres://postgres@127.0.0.1:$PG_PORT/ferretdb?pool_max_conns=150" ;;
    sqlite) echo "-sqlite-dir $FERRET_SQLITE_DIR" ;;
    *) die "INFRA_FERRETDB_BACKEND must be postgresql or sqlite, not '$FERRETDB_BACKEND'" ;;
  esac
}

# Sets FERRET_RUNNING=1 when our FerretDB already serves its port (and makes sure its PostgreSQL runs).
ferret_check() {
  local pid args flag
  args=$(ferret_backend_args); flag=${args%% *}
  check_running ferretdb "$FERRET_PID" "$FERRET_BIN" "$MONGO_PORT"
  FERRET_RUNNING=$RUNNING
  [ "$RUNNING" = 1 ] || return 0
  pid=$(cat "$FERRET_PID")
  log "ferretdb already running (pid $pid) on 127.0.0.1:$MONGO_PORT"
  if cmdline "$pid" | grep -qF -- "-postgresql-url"; then pg_up; fi # FerretDB answers ping without it
  if ! cmdline "$pid" | grep -qF -- "$flag"; then
    log "WARNING: it does not use the $FERRETDB_BACKEND backend; \`$0 stop\` then \`up\` to switch"
  elif [ -n "$(ferret_stale)" ]; then
    log "WARNING: its build is older than tools/infra/ferretdb; \`$0 stop\` then \`up\` to rebuild"
  fi
}

ferret_start() {
  local args
  args=$(ferret_backend_args)
  ferret_build
  if [ "$FERRETDB_BACKEND" = postgresql ]; then pg_up; fi
  log "starting ferretdb ($FERRETDB_BACKEND backend) on 127.0.0.1:$MONGO_PORT (log: $FERRET_LOG)"
  # shellcheck disable=SC2086 # args holds a flag and its value
  start_detached "$FERRET_PID" "$FERRET_LOG" "$FERRET_BIN" -listen "127.0.0.1:$MONGO_PORT" $args
}

# ---------------------------------------------------------------- commands
print_env() {
  echo "export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
  echo "export MONGODB_URI=${MONGODB_URI:-mongodb://127.0.0.1:$MONGO_PORT/}"
}

lock() { # one up/stop/reset at a time (npm test and npm start may run together)
  exec 9>"$CACHE/.lock"
  flock -w 900 9 || die "another infra.sh holds $CACHE/.lock"
}

up() {
  local started=$SECONDS wait="" pids="" logs="" probe="" name
  lock
  KAFKA_RUNNING=0 FERRET_RUNNING=0
  if [ -n "${KAFKA_BROKERS:-}" ]; then log "using external Kafka at $KAFKA_BROKERS"; wait="$wait kafka"
  else kafka_check; [ "$KAFKA_RUNNING" = 0 ] || probe="$probe kafka"; fi
  if [ -n "${MONGODB_URI:-}" ]; then log "using external MongoDB at $MONGODB_URI"; wait="$wait mongodb"
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
  if [ -z "${MONGODB_URI:-}" ] && [ "$FERRET_RUNNING" = 0 ]; then
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
  local rc=0 pid bin home
  if [ -n "${KAFKA_BROKERS:-}" ]; then echo "kafka: external, $KAFKA_BROKERS"
  elif pid=$(our_pid "$KAFKA_PID" "$KAFKA_PROPS") || pid=$(listener_pid "$KAFKA_PORT" "$KAFKA_PROPS"); then
    echo "kafka: running (pid $pid), 127.0.0.1:$KAFKA_PORT, version $(kafka_running_version "$pid")"
  else echo "kafka: stopped"; rc=1; fi
  if [ -n "${MONGODB_URI:-}" ]; then echo "ferretdb: external, $MONGODB_URI"
  elif pid=$(our_pid "$FERRET_PID" "$FERRET_BIN") || pid=$(listener_pid "$MONGO_PORT" "$FERRET_BIN"); then
    echo "ferretdb: running (pid $pid), 127.0.0.1:$MONGO_PORT, $(cmdline "$pid" | grep -oE -- '-(postgresql-url|sqlite-dir)' | sed 's/^-//; s/-.*//') backend"
  else echo "ferretdb: stopped"; rc=1; fi
  bin=$(pg_bin)
  if [ -n "$bin" ] && { [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1; }; then
    home=$(pg_home)
    if pg_running "$bin" "$home"; then echo "postgresql: running, 127.0.0.1:$PG_PORT, data $home/data"
    else echo "postgresql: stopped"; fi
  fi
  return $rc
}

stop() {
  local pid
  if pid=$(our_pid "$FERRET_PID" "$FERRET_BIN") || pid=$(listener_pid "$MONGO_PORT" "$FERRET_BIN"); then stop_pid "$pid" ferretdb; fi
  rm -f "$FERRET_PID"
  if pid=$(our_pid "$KAFKA_PID" "$KAFKA_PROPS") || pid=$(listener_pid "$KAFKA_PORT" "$KAFKA_PROPS"); then stop_pid "$pid" kafka; fi
  rm -f "$KAFKA_PID"
  pg_stop
}

reset() {
  local home=""
  stop
  if [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1; then home=$(pg_home); fi
  rm -rf "$KAFKA_DIR/data" "$KAFKA_DIR/data.version" "$FERRET_SQLITE_DIR" ${home:+"$home"}
  log "data wiped (downloads and builds kept)"
}

provision() {
  lock
  [ -n "${KAFKA_BROKERS:-}" ] || kafka_provision
  [ -n "${MONGODB_URI:-}" ] || { ferret_build; [ "$FERRETDB_BACKEND" != postgresql ] || pg_bin install >/dev/null; }
  log "provisioned (Kafka $KAFKA_VERSION jars, FerretDB build)"
}

case "${1:-}" in
  up) up ;;
  provision) provision ;;
  env) print_env ;;
  status) status ;;
  stop) lock; stop ;;
  reset) lock; reset ;;
  *) echo "usage: $0 up|env|status|stop|reset|provision" >&2; exit 2 ;;
esac
