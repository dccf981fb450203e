#!/usr/bin/env bash
# Local Neo4j Community server for newsgraph, without Docker.
#
#   scripts/neo4j.sh start    build (first time, with Maven) and start in the background, wait for Bolt
#   scripts/neo4j.sh stop     stop it (SIGTERM, then SIGKILL after NEO4J_STOP_TIMEOUT s)
#   scripts/neo4j.sh status   exit 0 if running and Bolt answers
#   scripts/neo4j.sh restart
#
# The server is an embedded Neo4j (scripts/neo4j/, Maven artifacts org.neo4j:neo4j + neo4j-bolt) with only
# Bolt enabled, on bolt://127.0.0.1:$NEO4J_BOLT_PORT, user neo4j, password $NEO4J_PASSWORD.
#
# Environment:
#   NEWSGRAPH_NEO4J_HOME  data, logs and pid file (default <repo>/.neo4j)
#   NEO4J_BOLT_PORT       Bolt port (default 7687)
#   NEO4J_PASSWORD        password of user neo4j (default newsgraph, >= 8 chars; re-applied on every start)
#   NEO4J_AUTH=none       disable authentication
#   NEO4J_HEAP            JVM heap (default 1g);  NEO4J_PAGECACHE  page cache (default 512m)
#   NEO4J_VERSION         Neo4j version to build (default: 2026.08.1 with Java 21+, else 5.26.30 on Java 17)
#   NEO4J_JAVA_HOME       JDK to use (default: newest JDK >= 21 found, else Java 17)
#   NEO4J_START_TIMEOUT / NEO4J_STOP_TIMEOUT   seconds (default 120 / 60)
set -euo pipefail

NEO4J_LATEST=2026.08.1   # calendar-versioned release, needs Java 21+
NEO4J_LTS=5.26.30        # LTS, runs on Java 17

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"
PROJ="$SCRIPT_DIR/neo4j"
TARGET="$PROJ/target"
MAIN_CLASS=org.newsgraph.neo4j.NewsgraphNeo4j

HOME_DIR="${NEWSGRAPH_NEO4J_HOME:-$REPO/.neo4j}"
PORT="${NEO4J_BOLT_PORT:-7687}"
HOST=127.0.0.1
PID_FILE="$HOME_DIR/neo4j.pid"
PORT_FILE="$HOME_DIR/neo4j.port"   # Bolt port of the running server
LOG_DIR="$HOME_DIR/logs"
LOG="$LOG_DIR/neo4j.log"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"

say() { echo "neo4j: $*"; }
die() { echo "neo4j: $*" >&2; exit 1; }

# Major version of the JDK at $1 (0 if not a JDK).
java_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || { echo 0; return; }
  local out
  out="$("$1/bin/java" -XshowSettings:properties -version 2>&1 || true)"
  out="$(sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' <<<"$out")"
  echo "${out:-0}"
}

# Command line of process $1 (empty if gone).
cmdline_of() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }

# Sets JAVA_HOME, JAVA_MAJOR and NEO4J_VERSION.
pick_java() {
  local cands=() c m best="" best_m=0
  if [ -n "${NEO4J_JAVA_HOME:-}" ]; then
    cands=("$NEO4J_JAVA_HOME")
  else
    [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
    for c in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [ -d "$c" ] && cands+=("$c"); done
    c="$(command -v javac 2>/dev/null || true)"
    [ -n "$c" ] && cands+=("$(dirname "$(dirname "$(readlink -f "$c")")")")
  fi
  for c in "${cands[@]}"; do
    m="$(java_major "$c")"; m="${m:-0}"
    if [ "$m" -gt "$best_m" ]; then best="$c"; best_m="$m"; fi
  done
  [ -n "$best" ] && [ "$best_m" -ge 17 ] || die "no JDK 17+ found (set NEO4J_JAVA_HOME)"
  export JAVA_HOME="$best"
  JAVA_MAJOR="$best_m"
  if [ -z "${NEO4J_VERSION:-}" ]; then
    if [ "$JAVA_MAJOR" -ge 21 ]; then NEO4J_VERSION="$NEO4J_LATEST"; else NEO4J_VERSION="$NEO4J_LTS"; fi
  fi
  case "$NEO4J_VERSION" in
    5.*) release=17 ;;
    *) release=21; [ "$JAVA_MAJOR" -ge 21 ] || die "Neo4j $NEO4J_VERSION needs Java 21+, found only Java $JAVA_MAJOR" ;;
  esac
}

up_to_date() {
  local stamp="$TARGET/.built"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$NEO4J_VERSION java$JAVA_MAJOR" ] && [ -d "$TARGET/lib" ] &&
    [ -z "$(find "$PROJ/pom.xml" "$PROJ/src" -newer "$stamp" -print -quit)" ]
}

build() {
  local stamp="$TARGET/.built" want="$NEO4J_VERSION java$JAVA_MAJOR" p
  up_to_date && return 0
  # one build at a time (several homes share scripts/neo4j/target)
  exec 8>"$PROJ/.build.lock"
  flock 8
  if up_to_date; then exec 8>&-; return 0; fi
  for p in /proc/[0-9]*; do
    if [[ "$(cmdline_of "${p#/proc/}")" == *"$TARGET/classes:"*"$MAIN_CLASS"* ]]; then
      die "launcher needs a rebuild but a server still runs from it (pid ${p#/proc/}): stop it first"
    fi
  done
  command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
  say "building launcher (Neo4j $NEO4J_VERSION, Java $JAVA_MAJOR) with Maven..."
  local t0=$SECONDS blog
  blog="$(mktemp "${TMPDIR:-/tmp}/newsgraph-neo4j-build.XXXXXX")"
  if ! mvn -q -B -f "$PROJ/pom.xml" clean package \
      -Dneo4j.version="$NEO4J_VERSION" -Dmaven.compiler.release="$release" >"$blog" 2>&1; then
    tail -n 40 "$blog" >&2
    die "Maven build failed (log: $blog)"
  fi
  mv -f "$blog" "$TARGET/build.log"
  echo "$want" >"$stamp"
  exec 8>&-
  say "built in $((SECONDS - t0)) s"
}

# pid of our running server, or empty.
running_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 0
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if [ -n "$pid" ] && [[ "$(cmdline_of "$pid")" == *"$MAIN_CLASS"* ]]; then
    echo "$pid"
  fi
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

ready() { port_open && grep -q "Neo4j started in" "$LOG" 2>/dev/null; }

log_tail() { [ -f "$LOG" ] && tail -n "${1:-30}" "$LOG" >&2 || true; }

wait_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail 40; rm -f "$PID_FILE" "$PORT_FILE"
      die "server exited during startup (log: $LOG)"
    fi
    if ready; then return 0; fi
    sleep 0.5
  done
  log_tail 40
  die "Bolt not answering on $HOST:$PORT after ${START_TIMEOUT}s (pid $pid, log: $LOG)"
}

# Use the port that the running server of this home was started with.
use_running_port() {
  local p
  p="$(cat "$PORT_FILE" 2>/dev/null || true)"
  [ -n "$p" ] || return 0
  if [ -n "${NEO4J_BOLT_PORT:-}" ] && [ "$p" != "$NEO4J_BOLT_PORT" ]; then
    die "already running from $HOME_DIR on port $p, not $NEO4J_BOLT_PORT (stop it first)"
  fi
  PORT="$p"
}

# Serialise start/stop of one home.
lock_home() {
  mkdir -p "$HOME_DIR"
  exec 9>"$HOME_DIR/neo4j.lock"
  flock 9
}

cmd_start() {
  local pid t0
  lock_home
  pid="$(running_pid)"
  if [ -n "$pid" ]; then
    use_running_port
    if ready; then say "already running (pid $pid, bolt://$HOST:$PORT)"; return 0; fi
    say "already starting (pid $pid), waiting for Bolt..."
    wait_ready "$pid"; say "running (pid $pid, bolt://$HOST:$PORT)"; return 0
  fi
  rm -f "$PID_FILE" "$PORT_FILE"
  if port_open; then die "port $HOST:$PORT is already in use by another process"; fi
  pick_java
  build
  mkdir -p "$LOG_DIR"
  # keep the data folder out of git even when it lives inside the repo (the default)
  [ -e "$HOME_DIR/.gitignore" ] || echo '*' >"$HOME_DIR/.gitignore"
  [ -f "$LOG" ] && mv -f "$LOG" "$LOG.1"
  local java_opts=(
    "-Xms${NEO4J_HEAP:-1g}" "-Xmx${NEO4J_HEAP:-1g}"
    -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow
    -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true -Dio.netty.tryReflectionSetAccessible=true
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
  )
  [ "$JAVA_MAJOR" -ge 24 ] && java_opts+=(--sun-misc-unsafe-memory-access=allow)
  t0=$SECONDS
  NEO4J_BOLT_PORT="$PORT" NEO4J_BOLT_HOST="$HOST" \
    setsid nohup "$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$TARGET/classes:$TARGET/lib/*" \
    "$MAIN_CLASS" "$HOME_DIR" >>"$LOG" 2>&1 </dev/null 8>&- 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$PORT" >"$PORT_FILE"
  wait_ready "$pid"
  say "started Neo4j $NEO4J_VERSION on bolt://$HOST:$PORT in $((SECONDS - t0)) s (pid $pid, home $HOME_DIR)"
}

cmd_stop() {
  local pid deadline
  [ -d "$HOME_DIR" ] || { say "not running"; return 0; }
  lock_home
  pid="$(running_pid)"
  if [ -z "$pid" ]; then rm -f "$PID_FILE" "$PORT_FILE"; say "not running"; return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
    say "killed (pid $pid did not stop within ${STOP_TIMEOUT}s)"
  else
    say "stopped (pid $pid)"
  fi
  rm -f "$PID_FILE" "$PORT_FILE"
}

cmd_status() {
  local pid
  pid="$(running_pid)"
  [ -z "$pid" ] || NEO4J_BOLT_PORT="" use_running_port
  if [ -n "$pid" ] && ready; then say "running (pid $pid, bolt://$HOST:$PORT)"; return 0; fi
  if [ -n "$pid" ]; then say "starting or not answering (pid $pid)"; return 1; fi
  say "not running"; return 3
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop; exec 9>&-; cmd_start ;;
  *) echo "usage: $0 {start|stop|status|restart}" >&2; exit 2 ;;
esac
