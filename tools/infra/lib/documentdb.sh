# DocumentDB for infra.sh (sourced): Microsoft's PostgreSQL extension that FerretDB 2 runs on, and
# pgvector, which DocumentDB's control file requires. Neither is in a reachable registry: both are
# built from the source tarballs in $VENDOR_DIR (../shared/vendor by default), checked against
# vendor.sha256 first. Builds are cached in $CACHE/build and redone only when an input changes
# (tarball, this file, the PostgreSQL headers); installing into the system PostgreSQL needs root.

DOCUMENTDB_TARBALL=documentdb-0.106.0-ferretdb-2.5.0-min.tar.xz
PGVECTOR_TARBALL=pgvector-0.8.0-min.tar.xz
# The version string FerretDB v2.5.0 expects from DocumentDB (its build/version/documentdb.go);
# without git metadata the build would say "gitref: unknown" and FerretDB would warn at start.
DOCUMENTDB_VERSION=0.106.0
DOCUMENTDB_GIT_VERSION="HEAD sha:beb9d25d98 buildId:0"
# Debian's libbson 1.23 lacks BSON_SUBTYPE_SENSITIVE (a later libbson adds it): one compile error
# out of 163 files; -Wno-switch because -Werror rejects the then unknown case value.
DOCUMENTDB_COPT="-DBSON_SUBTYPE_SENSITIVE=0x08 -Wno-switch"
# No LLVM bitcode for JIT inlining (Debian's PGXS would compile it with clang, without COPT).
PGXS_ARGS="with_llvm=no"

# Stops with a message naming the tarball that is missing or differs from vendor.sha256.
vendor_verify() {
  local line sum file
  [ -d "$VENDOR_DIR" ] || die "vendored sources not found: $VENDOR_DIR does not exist (set INFRA_VENDOR_DIR to the folder holding $DOCUMENTDB_TARBALL and $PGVECTOR_TARBALL)"
  while read -r sum file; do
    [ -n "$file" ] || continue
    [ -f "$VENDOR_DIR/$file" ] || die "vendored source missing: $VENDOR_DIR/$file (INFRA_VENDOR_DIR)"
    line=$(sha256sum "$VENDOR_DIR/$file" | cut -d' ' -f1)
    [ "$line" = "$sum" ] || die "vendored source altered: $VENDOR_DIR/$file has sha256 $line, expected $sum (tools/infra/vendor.sha256)"
  done <"$HERE/vendor.sha256"
}

# Everything a build depends on, as one hash: tarball checksums, this file, the server headers.
ext_inputs_sum() {
  { cat "$HERE/vendor.sha256" "$HERE/lib/documentdb.sh"; pg_config_bin --version; } | sha1sum | cut -d' ' -f1
}

pg_config_bin() { "$(pg_bin)/pg_config" "$@" 2>/dev/null || /usr/bin/pg_config "$@"; }

# Debian's libintelrdfpmath-dev ships the right static library (PIC) but no pkg-config file, and
# DocumentDB's Makefile asks `pkg-config intelmathlib`.
intelmathlib_pc() { # dir
  mkdir -p "$1"
  printf 'Name: intelmathlib\nDescription: Intel decimal floating-point math library (Debian libintelrdfpmath-dev)\nVersion: 2.0\nLibs: -lbidgcc000\nCflags:\n' >"$1/intelmathlib.pc"
}

ext_build() {
  local build="$CACHE/build" sum stamp src jobs started=$SECONDS
  stamp="$build/.extensions.sha1"
  sum=$(ext_inputs_sum)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f "$build/documentdb/pg_documentdb/pg_documentdb.so" ]; then return 0; fi
  command -v make >/dev/null && command -v gcc >/dev/null || die "gcc and make are required to build DocumentDB"
  log "building pgvector and DocumentDB from $VENDOR_DIR (when their inputs change; about 1 minute)"
  rm -rf "$build"; mkdir -p "$build/pgvector" "$build/documentdb"
  jobs=$(nproc 2>/dev/null || echo 2)
  tar -xJf "$VENDOR_DIR/$PGVECTOR_TARBALL" -C "$build/pgvector" --strip-components=1
  tar -xJf "$VENDOR_DIR/$DOCUMENTDB_TARBALL" -C "$build/documentdb" --strip-components=1
  make -C "$build/pgvector" -j"$jobs" $PGXS_ARGS PG_CONFIG="$(pg_bin)/pg_config" >"$build/pgvector.log" 2>&1 ||
    { tail -n 30 "$build/pgvector.log" >&2; die "building pgvector failed (full output: $build/pgvector.log)"; }
  src="$build/documentdb"
  mkdir -p "$src/pg_documentdb/build/include/metadata"
  printf '// Written by tools/infra/lib/documentdb.sh\n#define EXTENSION_VERSION_STR "%s"\n#define GIT_VERSION "%s"\n' \
    "$DOCUMENTDB_VERSION" "$DOCUMENTDB_GIT_VERSION" >"$src/pg_documentdb/build/include/metadata/documentdb_extension_version.h"
  intelmathlib_pc "$build/pkgconfig"
  # INSIDE_GIT_REPO=false: the cache sits inside this project's git work tree, whose index would
  # otherwise be taken as DocumentDB's and regenerate the version header on every commit.
  local d
  for d in pg_documentdb_core pg_documentdb; do
    PKG_CONFIG_PATH="$build/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" make -C "$src/$d" -j"$jobs" $PGXS_ARGS \
      PG_CONFIG="$(pg_bin)/pg_config" COPT="$DOCUMENTDB_COPT" INSIDE_GIT_REPO=false >"$build/$d.log" 2>&1 ||
      { grep -m 20 -E 'error:|\*\*\*' "$build/$d.log" >&2 || tail -n 30 "$build/$d.log" >&2; die "building $d failed (full output: $build/$d.log)"; }
  done
  echo "$sum" >"$stamp"
  log "pgvector and DocumentDB built in $((SECONDS - started)) s"
}

# The built libraries differ from (or are missing in) the system PostgreSQL's library directory.
ext_install_needed() {
  local lib
  lib=$(pg_config_bin --pkglibdir)
  cmp -s "$CACHE/build/pgvector/vector.so" "$lib/vector.so" &&
    cmp -s "$CACHE/build/documentdb/pg_documentdb_core/pg_documentdb_core.so" "$lib/pg_documentdb_core.so" &&
    cmp -s "$CACHE/build/documentdb/pg_documentdb/pg_documentdb.so" "$lib/pg_documentdb.so" &&
    [ -f "$(pg_config_bin --sharedir)/extension/documentdb.control" ] && return 1
  return 0
}

# Builds if needed, then installs into the system PostgreSQL when what is installed differs.
ext_ensure() {
  local build="$CACHE/build" d
  vendor_verify # every time (milliseconds): a changed tarball must not hide behind a cached build
  ext_build
  ext_install_needed || return 0
  [ "$(id -u)" = 0 ] || die "DocumentDB and pgvector must be installed into $(pg_config_bin --pkglibdir): run \`sudo bash tools/infra/infra.sh provision\` once"
  log "installing pgvector and DocumentDB into the system PostgreSQL $(pg_config_bin --version | awk '{print $2}')"
  make -C "$build/pgvector" install $PGXS_ARGS PG_CONFIG="$(pg_bin)/pg_config" >"$build/install.log" 2>&1 ||
    { tail -n 20 "$build/install.log" >&2; die "installing pgvector failed"; }
  # Both: installing pg_documentdb does not install pg_documentdb_core.
  for d in pg_documentdb_core pg_documentdb; do
    PKG_CONFIG_PATH="$build/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" make -C "$build/documentdb/$d" install $PGXS_ARGS \
      PG_CONFIG="$(pg_bin)/pg_config" COPT="$DOCUMENTDB_COPT" INSIDE_GIT_REPO=false >>"$build/install.log" 2>&1 ||
      { tail -n 20 "$build/install.log" >&2; die "installing $d failed"; }
  done
  log "extensions installed"
}
