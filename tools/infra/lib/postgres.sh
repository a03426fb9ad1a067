# PostgreSQL 15 (Debian) with DocumentDB for infra.sh (sourced): FerretDB 2's storage and query
# engine. Packages come from Debian; the cluster is local, on loopback, configured by
# postgres/postgresql.conf (applied at every start) and holds only disposable data.

# Build and run dependencies of DocumentDB on Debian 12 (docs/infra.md says why each is needed).
PG_PACKAGES="postgresql-15 postgresql-server-dev-15 postgresql-15-cron postgresql-15-postgis-3 postgresql-15-rum
  libbson-dev libpcre2-dev libintelrdfpmath-dev libkrb5-dev pkg-config gcc make"
# What the cluster was made for; a cluster made for something else (FerretDB 1.x) is wiped.
PG_ENGINE="documentdb-$DOCUMENTDB_VERSION"

pg_packages_missing() {
  local p missing=""
  for p in $PG_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
  done
  echo "${missing# }"
}

pg_packages_ensure() {
  local missing started=$SECONDS
  missing=$(pg_packages_missing)
  [ -n "$missing" ] || return 0
  [ "$(id -u)" = 0 ] || die "Debian packages missing: sudo apt-get install $missing"
  log "installing Debian packages (first run only, about 300 MB):$missing"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
  # shellcheck disable=SC2086 # a list of package names
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >"$CACHE/apt.log" 2>&1 ||
    { tail -n 20 "$CACHE/apt.log" >&2; die "apt-get install failed (full output: $CACHE/apt.log)"; }
  log "Debian packages installed in $((SECONDS - started)) s"
}

pg_bin() { echo /usr/lib/postgresql/15/bin; }

# PostgreSQL refuses to run as root; as root its data belongs to the postgres user, in
# .cache/infra/pg when that user can reach it, otherwise under /var/tmp keyed by the cache path.
pg_home() { # per instance: $STATE is .cache/infra, or .cache/infra/instances/<name>
  [ "$(id -u)" = 0 ] || { echo "$STATE/pg"; return; }
  local key="$STATE" outside
  [ "$STATE" = "$ROOT/.cache/infra" ] && key="$ROOT"
  outside="/var/tmp/contact-sync-infra/$(printf '%s' "$key" | sha1sum | cut -c1-12)/pg"
  if [ -f "$outside/data/PG_VERSION" ]; then echo "$outside"; return; fi
  if id postgres >/dev/null 2>&1; then
    mkdir -p "$STATE/pg" && chown postgres "$STATE/pg"
    if runuser -u postgres -- test -w "$STATE/pg"; then echo "$STATE/pg"; return; fi
  fi
  echo "$outside"
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_pg() { as_pg "$(pg_bin)/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

pg_can_manage() { [ -x "$(pg_bin)/pg_ctl" ] && { [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1; }; }

pg_running() { # home
  [ -f "$1/data/PG_VERSION" ] && as_pg "$(pg_bin)/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

# A new cluster, or the existing one when it was made for this engine (the marker file says so).
pg_init() { # home
  local home=$1 made=""
  [ -f "$home/engine" ] && made=$(cat "$home/engine")
  if [ -f "$home/data/PG_VERSION" ] && [ "$made" != "$PG_ENGINE" ]; then
    log "the PostgreSQL cluster in $home was made for ${made:-FerretDB 1.x}, now $PG_ENGINE: wiping it (local data only)"
    rm -rf "$home/data"
  fi
  if [ ! -f "$home/data/PG_VERSION" ]; then
    log "initialising a PostgreSQL cluster in $home"
    as_pg "$(pg_bin)/initdb" -D "$home/data" -A trust -U postgres -E UTF8 >"$home/initdb.log" 2>&1 ||
      die "initdb failed: $(tail -5 "$home/initdb.log")"
    echo "include 'contact-sync.conf'" | as_pg tee -a "$home/data/postgresql.conf" >/dev/null
  fi
  echo "$PG_ENGINE" | as_pg tee "$home/engine" >/dev/null
  # The project's settings, refreshed at every start (postgres/postgresql.conf).
  as_pg cp "$HERE/postgres/postgresql.conf" "$home/data/contact-sync.conf"
}

pg_up() {
  local home
  pg_packages_ensure
  ext_ensure
  home=$(pg_home)
  mkdir -p "$home"; [ "$(id -u)" = 0 ] && chown postgres "$home"
  if pg_running "$home"; then log "postgresql already running ($home)"; return 0; fi
  pg_init "$home"
  log "starting postgresql on 127.0.0.1:$PG_PORT"
  as_pg "$(pg_bin)/pg_ctl" -D "$home/data" -l "$home/postgres.log" -w -t 60 start \
    -o "-p $PG_PORT -k $home -c listen_addresses=127.0.0.1" >&2 9>&- ||
    die "postgresql did not start: $(tail -5 "$home/postgres.log")"
  # CASCADE creates what documentdb requires (documentdb_core, pg_cron, vector, postgis, rum, tsm_system_rows).
  psql_pg -qc "CREATE EXTENSION IF NOT EXISTS documentdb CASCADE" >&2 2>"$home/extension.log" ||
    die "CREATE EXTENSION documentdb failed: $(cat "$home/extension.log")"
}

pg_stop() {
  local home
  pg_can_manage || return 0
  home=$(pg_home)
  if pg_running "$home"; then
    log "stopping postgresql"
    as_pg "$(pg_bin)/pg_ctl" -D "$home/data" -m fast -w -t 60 stop >/dev/null
  fi
}
