#!/usr/bin/env bash
# Run one command against a fresh moto server (the AWS emulator), then stop the server.
#
# Usage: scripts/with-moto.sh CMD [ARGS...]        (from any directory)
#
# Starts moto (scripts/moto_server.py in .venv/moto) on 127.0.0.1 on a free port (building .venv/moto first
# if needed), waits until it answers HTTP (MOTO_START_TIMEOUT, default 30 s), then runs CMD
# with
#   AWS_ENDPOINT_URL=http://127.0.0.1:PORT
#   AWS_REGION and AWS_DEFAULT_REGION (for boto3): AWS_REGION, else AWS_DEFAULT_REGION, else eu-west-1
#   AWS_ACCESS_KEY_ID=testing, AWS_SECRET_ACCESS_KEY=testing, no AWS_SESSION_TOKEN: moto's test keys,
#   never the caller's (moto needs no real ones; a test that printed its environment would leak them)
# The server is stopped however CMD ends (exit, Ctrl-C, SIGTERM, SIGHUP) and the script exits
# with CMD's exit code. If moto cannot start it says why and exits 1; CMD is not run.
# The server's log is .run/moto.log in the repo.
set -uo pipefail

# shellcheck source=lib/moto.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/moto.sh"

if [[ $# -eq 0 ]]; then
  moto_err "usage: ${0##*/} CMD [ARGS...]"
  exit 2
fi

trap 'moto_stop "$MOTO_PID"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

moto_start "$MOTO_RUN_DIR/moto.log" || exit 1
moto_say_test_credentials
moto_export_env "$MOTO_PORT"

"$@"
exit $?
