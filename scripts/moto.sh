#!/usr/bin/env bash
# A long-running moto server (the AWS emulator) for a person working by hand.
#
# Usage: scripts/moto.sh start|stop|status        (from any directory)
#
#   start   starts moto on 127.0.0.1 on a free port unless one is already running, and prints
#           the line to paste (or eval) into a shell:
#             export AWS_ENDPOINT_URL=http://127.0.0.1:PORT AWS_REGION=... AWS_ACCESS_KEY_ID=testing ...
#           e.g.  eval "$(scripts/moto.sh start)"
#           The credentials in it are always moto's test keys (testing/testing), never yours: it says
#           so on stderr when you have some set, and prints none of them.
#   stop    stops it
#   status  says whether it runs (exit 0) or not (exit 3), and prints the same export line
#
# State: .run/moto.pid, .run/moto.port; log: .run/moto-server.log (scripts/with-moto.sh, which
# starts its own short-lived server, logs to .run/moto.log).
set -uo pipefail

# shellcheck source=lib/moto.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/moto.sh"

PID_FILE=$MOTO_RUN_DIR/moto.pid
PORT_FILE=$MOTO_RUN_DIR/moto.port
LOG_FILE=$MOTO_RUN_DIR/moto-server.log

export_line() {
  local word line=export
  while IFS= read -r word; do
    line+=" $(printf '%q' "$word")"
  done < <(moto_env_words "$1")
  moto_say_test_credentials
  printf '%s\n' "$line"
}

# Sets PID and PORT from the state files when they name a live moto server; else clears
# stale state files and returns 1.
running() {
  PID=$(cat "$PID_FILE" 2>/dev/null) || PID=
  PORT=$(cat "$PORT_FILE" 2>/dev/null) || PORT=
  if [[ -n $PID && -n $PORT ]] && moto_is_server "$PID" "$PORT"; then
    return 0
  fi
  rm -f "$PID_FILE" "$PORT_FILE"
  PID='' PORT=''
  return 1
}

case ${1:-} in
  start)
    if running; then
      moto_err "moto server already running: pid $PID on $MOTO_HOST:$PORT"
    else
      moto_start "$LOG_FILE" detach || exit 1
      PID=$MOTO_PID PORT=$MOTO_PORT
      printf '%s\n' "$PID" >"$PID_FILE"
      printf '%s\n' "$PORT" >"$PORT_FILE"
      moto_err "moto server started: pid $PID on $MOTO_HOST:$PORT (log: ${LOG_FILE#"$MOTO_ROOT"/}; stop: scripts/moto.sh stop)"
    fi
    export_line "$PORT"
    ;;
  stop)
    if running; then
      moto_stop "$PID"
      rm -f "$PID_FILE" "$PORT_FILE"
      moto_err "moto server stopped (pid $PID, port $PORT)"
    else
      moto_err "moto server not running"
    fi
    ;;
  status)
    if running; then
      moto_err "moto server running: pid $PID on $MOTO_HOST:$PORT"
      export_line "$PORT"
    else
      moto_err "moto server not running"
      exit 3
    fi
    ;;
  *)
    moto_err "usage: ${0##*/} start|stop|status"
    exit 2
    ;;
esac
