# FerretDB 2 for infra.sh (sourced): the MongoDB wire-protocol gateway over PostgreSQL + DocumentDB,
# built from the Go module proxy through tools/infra/ferretdb (our main on its embeddable package).

ferret_sources_sum() {
  cat "$HERE/ferretdb/go.mod" "$HERE/ferretdb/go.sum" "$HERE/ferretdb/main.go" | sha1sum | cut -d' ' -f1
}
ferret_stale() { # prints "stale" when the built binary does not match the sources
  local stamp="$CACHE/bin/.ferretdb.sha1"
  [ -x "$FERRET_BIN" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(ferret_sources_sum)" ] || echo stale
}

ferret_build() {
  local stamp="$CACHE/bin/.ferretdb.sha1" sum started=$SECONDS
  [ -z "$(ferret_stale)" ] && return 0
  sum=$(ferret_sources_sum)
  command -v go >/dev/null || die "go (1.24+) is required to build FerretDB"
  log "building FerretDB from the Go module proxy (when tools/infra/ferretdb changes; about 1 minute)"
  mkdir -p "$CACHE/bin"
  rm -rf "$CACHE/ferretdb-build" "$CACHE/ferretdb-sqlite" # FerretDB 1.x leftovers
  # GOTOOLCHAIN=local: FerretDB's go.mod names a toolchain; the installed Go builds it, nothing is downloaded.
  (cd "$HERE/ferretdb" && GOTOOLCHAIN=local CGO_ENABLED=0 go build -trimpath -o "$FERRET_BIN.tmp" .) >&2 ||
    die "building FerretDB failed"
  mv -f "$FERRET_BIN.tmp" "$FERRET_BIN"
  echo "$sum" >"$stamp"
  log "FerretDB built in $((SECONDS - started)) s"
}

ferret_args() {
  echo "-listen 127.0.0.1:$MONGO_PORT -state-dir $STATE/ferretdb-state -postgresql-url postgres://postgres@127.0.0.1:$PG_PORT/postgres?pool_max_conns=150"
}

# Sets FERRET_RUNNING=1 when our FerretDB already serves its port (and makes sure its PostgreSQL runs).
ferret_check() {
  local pid
  check_running ferretdb "$FERRET_PID" "$FERRET_BIN" "$MONGO_PORT"
  FERRET_RUNNING=$RUNNING
  [ "$RUNNING" = 1 ] || return 0
  pid=$(cat "$FERRET_PID")
  log "ferretdb already running (pid $pid) on 127.0.0.1:$MONGO_PORT"
  pg_up # FerretDB answers ping without PostgreSQL
  if [ -n "$(ferret_stale)" ]; then
    log "WARNING: its build is older than tools/infra/ferretdb; \`$0 stop\` then \`up\` to rebuild"
  fi
}

ferret_start() {
  ferret_build
  pg_up
  log "starting ferretdb on 127.0.0.1:$MONGO_PORT (log: $FERRET_LOG)"
  # shellcheck disable=SC2046 # flags and their values
  start_detached "$FERRET_PID" "$FERRET_LOG" env DO_NOT_TRACK=1 "$FERRET_BIN" $(ferret_args)
}
