# Apache Kafka for infra.sh (sourced): one KRaft node (broker + controller), jars from Maven Central
# (kafka/pom.xml), run with the machine's Java 17.

kafka_log_opt() { # Kafka 3.x logs through reload4j (log4j 1 API), 4.x through log4j2
  if [ "$KAFKA_MAJOR" -ge 4 ]; then echo "-Dlog4j2.configurationFile=$HERE/kafka/log4j2.properties"
  else echo "-Dlog4j.configuration=file:$HERE/kafka/log4j.properties"; fi
}

kafka_running_version() { # pid (the classpath names the version; the first layout was 3.9.2 only)
  cmdline "$1" | grep -o 'kafka/libs-[^/]*' | head -n1 | sed 's#kafka/libs-##' || echo 3.9.2
}

kafka_provision() {
  local stamp="$KAFKA_LIBS/.stamp" sum started=$SECONDS
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
  log "Kafka jars fetched in $((SECONDS - started)) s"
}

kafka_format() {
  local data="$KAFKA_DIR/data" marker="$KAFKA_DIR/data.version" out cluster_id made_for="$KAFKA_VERSION" scram=""
  # A secured broker's data holds its SCRAM users: the marker names the mode too (a plaintext one
  # keeps the plain version, so the data of existing instances stays valid).
  if kafka_secured; then made_for="$KAFKA_VERSION $KAFKA_SECURITY"; scram=$(kafka_scram_args); fi
  # Data written by another Kafka version (e.g. after switching between 3.x and 4.x) or security
  # mode is disposable. No marker: the first layout of this script, which ran 3.9.2 only.
  if [ -f "$data/meta.properties" ]; then
    local made=3.9.2
    [ -f "$marker" ] && made=$(cat "$marker")
    if [ "$made" != "$made_for" ]; then
      log "kafka data was made for $made, now running $made_for: wiping it (topics are created by the services)"
      rm -rf "$data"
    fi
  fi
  if [ ! -f "$data/meta.properties" ]; then
    rm -rf "$data"; mkdir -p "$data"
    cluster_id=$(java "$(kafka_log_opt)" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)
    [ -n "$cluster_id" ] || die "kafka.tools.StorageTool random-uuid failed"
    # shellcheck disable=SC2086 # $scram: several --add-scram arguments, no spaces inside one
    out=$(java "$(kafka_log_opt)" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_PROPS" $scram 2>&1) ||
      die "formatting kafka storage failed: $(sed 's/password=[^],]*/password=***/g' <<<"$out")"
    log "kafka storage formatted (cluster $cluster_id${scram:+, SCRAM users admin and $KAFKA_CLIENT_USER})"
  fi
  echo "$made_for" >"$marker"
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
  local listener=PLAINTEXT
  if kafka_secured; then listener=SASL_SSL; kafka_tls_material; fi
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" -e "s#@DATA_DIR@#$KAFKA_DIR/data#g" \
    -e "s#@LISTENER@#$listener#g" "$HERE/kafka/server.properties.template" >"$KAFKA_PROPS"
  if kafka_secured; then kafka_secure_props; fi
  kafka_format
  log "starting kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT, $listener (log: $KAFKA_LOG)"
  # Small JVM: the machines have 2 cores. shellcheck disable=SC2086 # KAFKA_HEAP holds several flags
  start_detached "$KAFKA_PID" "$KAFKA_LOG" java $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "$(kafka_log_opt)" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS"
}

