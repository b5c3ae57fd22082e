#!/usr/bin/env bash
# Invokes one function of template.yaml with an event file the way Lambda runs it, on this machine,
# against AWS_ENDPOINT_URL: AWS's Runtime Interface Emulator in front of the Java runtime interface
# client, on Java 21, with the Handler, memory, timeout and environment the template gives the
# function, and the code `sam build` ships (the Makefile's build-<LogicalId>). No Docker needed.
#
# Usage: scripts/invoke.sh LOGICAL_ID EVENT_FILE     e.g. scripts/invoke.sh BuildRecorderFunction events/ecr-push-success.json
#                                                        scripts/invoke.sh DeployerFunction events/dynamodb-stream-release-set-requested.json
# The table is $HM_TABLE (default harbourmaster), as the template's TABLE_NAME would be; the stack's
# bus $HM_EVENT_BUS (default harbourmaster). The account the functions serve is $HM_ACCOUNT_ID
# (default 123456789012, the emulator's and the fixtures' account, as sam local invoke resolves
# AWS::AccountId); the region is AWS_REGION: the fixtures are of eu-west-1.
# The function's lines and the emulator's go to stderr, its answer to stdout; a function error exits 1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -ne 2 ]]; then
  echo "usage: ${0##*/} LOGICAL_ID EVENT_FILE   (e.g. BuildRecorderFunction events/ecr-push-success.json)" >&2
  exit 2
fi
[[ -f "$2" ]] || { echo "${0##*/}: event file not found: $2" >&2; exit 2; }
JAVA_HOME="$("$root/scripts/java-home.sh")"
make -s -C "$root" lambda-runtime/target/lambda-runtime.jar >&2
exec "$JAVA_HOME/bin/java" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp "$root/lambda-runtime/target/lambda-runtime.jar" \
  dev.harbourmaster.lambdaruntime.InvokeFunction "$root" "$1" "$2"
