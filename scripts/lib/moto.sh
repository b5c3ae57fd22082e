# shellcheck shell=bash
# Start, probe and stop a moto server (the AWS emulator) on a free loopback port.
# Sourced by scripts/with-moto.sh and scripts/moto.sh; defines moto_* functions and MOTO_*
# variables and runs nothing by itself. Works from any cwd: paths come from this file's place.
#
# Tunables (environment): MOTO_START_TIMEOUT seconds to wait for the server (default 30);
# MOTO_RUN_DIR where pid, port and log files go (default .run in the repo).

MOTO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MOTO_VENV=$MOTO_ROOT/.venv/moto
# moto's server with two leaks stopped (see that file): every start goes through it.
MOTO_SERVER=$MOTO_ROOT/scripts/moto_server.py
MOTO_PY=$MOTO_VENV/bin/python
MOTO_RUN_DIR=${MOTO_RUN_DIR:-$MOTO_ROOT/.run}
MOTO_HOST=127.0.0.1
MOTO_START_TIMEOUT=${MOTO_START_TIMEOUT:-30}
MOTO_PID=
MOTO_PORT=

moto_err() {
  printf '%s\n' "$*" >&2
}

# Make sure .venv/moto matches scripts/requirements/moto.txt (a no-op taking a fraction of a
# second when it does; builds it otherwise, printing pip's output to stderr).
moto_ensure_venv() {
  if ! bash "$MOTO_ROOT/scripts/python-env.sh" moto >/dev/null; then
    moto_err "moto server cannot start: scripts/python-env.sh moto failed (see above)"
    return 1
  fi
}

# Print a TCP port that is free on the loopback interface right now.
moto_free_port() {
  "$MOTO_PY" -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# True while PID is a live process (a zombie counts as dead).
moto_alive() {
  local pid=$1 state
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r /proc/$pid/stat ]]; then
    state=$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
    [[ $state != Z ]] || return 1
  fi
  return 0
}

# True when PID is a moto server listening on PORT (guards against a recycled pid).
moto_is_server() {
  local pid=$1 port=$2
  moto_alive "$pid" || return 1
  [[ -r /proc/$pid/cmdline ]] || return 0 # no /proc: trust the pid file
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "moto_server\.py .*-p $port\( \|$\)"
}

# True when something answers HTTP on PORT (any status below 500).
moto_answers() {
  "$MOTO_PY" - "$1" <<'PY' >/dev/null 2>&1
import sys, urllib.error, urllib.request
url = "http://127.0.0.1:%s/moto-api/data.json" % sys.argv[1]
try:
    status = urllib.request.urlopen(url, timeout=2).status
except urllib.error.HTTPError as e:
    status = e.code
sys.exit(0 if status < 500 else 1)
PY
}

# Stop the moto server PID: TERM, up to 5 s, then KILL. Quiet; safe to call twice or with "".
moto_stop() {
  local pid=${1:-} i
  [[ -n $pid ]] || return 0
  if moto_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      moto_alive "$pid" || break
      sleep 0.1
    done
    if moto_alive "$pid"; then
      moto_err "moto server (pid $pid) ignored SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true # reap it when it is our child
  return 0
}

# moto_start LOG [detach]
# Start moto on a free port, logging to LOG, and wait until it answers HTTP.
# Several servers may share LOG (parallel make targets, a person's run beside CI's): each
# appends, after a header line naming its port; LOG is rotated to LOG.1 past 10 MB.
# Sets MOTO_PID and MOTO_PORT. On failure prints
#   moto server did not start on 127.0.0.1:PORT: <last lines of LOG>
# stops whatever it started and returns 1. "detach" makes the server ignore SIGHUP, for a
# server that outlives the calling shell (scripts/moto.sh start).
moto_start() {
  local log=$1 detach=${2:-} attempt deadline offset=0
  moto_ensure_venv || return 1
  mkdir -p "$MOTO_RUN_DIR" "$(dirname "$log")"
  if [[ -f $log ]] && (($(wc -c <"$log") > 10485760)); then
    mv -f "$log" "$log.1"
  fi
  # Another process may take the free port between the probe and moto's bind: then moto
  # exits with "Address already in use" and we try again with a new port.
  for attempt in 1 2 3; do
    MOTO_PID=
    if ! MOTO_PORT=$(moto_free_port); then
      moto_err "moto server did not start on $MOTO_HOST:?: no free loopback port found"
      return 1
    fi
    offset=0
    [[ -f $log ]] && offset=$(wc -c <"$log")
    printf '=== moto server on %s:%s, started %s by pid %s\n' "$MOTO_HOST" "$MOTO_PORT" \
      "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$$" >>"$log"
    if [[ -n $detach ]]; then
      PYTHONUNBUFFERED=1 nohup "$MOTO_PY" "$MOTO_SERVER" -H "$MOTO_HOST" -p "$MOTO_PORT" </dev/null >>"$log" 2>&1 &
    else
      PYTHONUNBUFFERED=1 "$MOTO_PY" "$MOTO_SERVER" -H "$MOTO_HOST" -p "$MOTO_PORT" </dev/null >>"$log" 2>&1 &
    fi
    MOTO_PID=$!
    deadline=$((SECONDS + MOTO_START_TIMEOUT))
    while moto_alive "$MOTO_PID" && ((SECONDS < deadline)); do
      if moto_answers "$MOTO_PORT" && moto_alive "$MOTO_PID"; then
        return 0
      fi
      sleep 0.2
    done
    if ! moto_alive "$MOTO_PID" && tail -c +$((offset + 1)) "$log" | grep -q 'Address already in use' && ((attempt < 3)); then
      wait "$MOTO_PID" 2>/dev/null || true
      continue
    fi
    break
  done
  local why status
  if moto_alive "$MOTO_PID"; then
    why="no HTTP answer within ${MOTO_START_TIMEOUT}s"
    moto_stop "$MOTO_PID"
  else
    wait "$MOTO_PID" 2>/dev/null
    status=$?
    why="it exited with status $status"
  fi
  moto_err "moto server did not start on $MOTO_HOST:$MOTO_PORT: $why; last lines of its log (${log#"$MOTO_ROOT"/}):"
  # Only what was written since this attempt began.
  tail -c +$((offset + 1)) "$log" | tail -n 20 >&2
  MOTO_PID=
  return 1
}

# The environment a client needs to reach the server on PORT, as words NAME=VALUE.
# Credentials are always moto's test keys (testing/testing), never the caller's: moto needs no real
# ones, and these words are printed (scripts/moto.sh), where a real secret would leak into a terminal
# or a CI log. The region is chosen as hm local up chooses it (AWS_REGION, else AWS_DEFAULT_REGION,
# else eu-west-1) and both variables carry it, so the Java SDK (AWS_REGION) and boto3
# (AWS_DEFAULT_REGION) reach the same region of the emulator.
moto_env_words() {
  local region=${AWS_REGION:-${AWS_DEFAULT_REGION:-eu-west-1}}
  printf '%s\n' \
    "AWS_ENDPOINT_URL=http://$MOTO_HOST:$1" \
    "AWS_REGION=$region" \
    "AWS_DEFAULT_REGION=$region" \
    "AWS_ACCESS_KEY_ID=testing" \
    "AWS_SECRET_ACCESS_KEY=testing"
}

# Says on stderr, when the caller has AWS credentials other than the test keys, that they are not
# used (and shows none of them).
moto_say_test_credentials() {
  if [[ ${AWS_ACCESS_KEY_ID:-testing} != testing || ${AWS_SECRET_ACCESS_KEY:-testing} != testing || -n ${AWS_SESSION_TOKEN:-} ]]; then
    moto_err "moto gets its test keys (AWS_ACCESS_KEY_ID=testing, AWS_SECRET_ACCESS_KEY=testing), not the AWS credentials in your environment"
  fi
}

# Export that environment into the current shell. A session token the caller had would go with
# keys no longer in use: it is removed.
moto_export_env() {
  local word
  while IFS= read -r word; do
    export "${word?}"
  done < <(moto_env_words "$1")
  unset AWS_SESSION_TOKEN
}
