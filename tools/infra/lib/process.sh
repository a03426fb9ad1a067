# Process helpers of infra.sh (sourced): pid files checked against command lines, detached starts,
# health checks of running servers.

log() { printf '[infra] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

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
  (if kafka_secured; then eval "$(kafka_client_env)"; fi # a secured broker answers TLS + SASL only
    KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" MONGODB_URI="mongodb://127.0.0.1:$MONGO_PORT/" INFRA_WAIT_ONLY=$list \
      node "$HERE/wait-ready.js" "$1" >/dev/null 2>&1 9>&-) || rc=$?
  [ $((rc & 1)) = 0 ] || echo kafka
  [ $((rc & 2)) = 0 ] || echo mongodb
}

