#!/usr/bin/env bash
# Invokes one function's handler with an event file, on this machine, against AWS_ENDPOINT_URL
# (sam local invoke needs Docker; this needs only the function's jar).
#
# Usage: scripts/invoke.sh LOGICAL_ID EVENT_FILE     e.g. scripts/invoke.sh BuildRecorderFunction events/ecr-push-success.json
#                                                        scripts/invoke.sh DeploymentRecorderFunction events/ecs-deployment-completed.json
# The table is $HM_TABLE (default harbourmaster), as the template's TABLE_NAME would be. The account the
# functions serve is $HM_ACCOUNT_ID (default 123456789012, the emulator's and the fixtures' account, as
# sam local invoke resolves AWS::AccountId); the region is AWS_REGION: the fixtures are of eu-west-1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -ne 2 ]]; then
  echo "usage: ${0##*/} LOGICAL_ID EVENT_FILE   (e.g. BuildRecorderFunction events/ecr-push-success.json)" >&2
  exit 2
fi
case "$1" in
  BuildRecorderFunction) jar="functions/build-recorder/target/build-recorder.jar" ;;
  DeploymentRecorderFunction | SweeperFunction) jar="functions/deployment-recorder/target/deployment-recorder.jar" ;;
  # The deployer and the domain-events publisher take a typed DynamodbEvent, which needs the Lambda
  # runtime's own deserializer; their stream fixtures are driven through the handlers by their tests.
  *) echo "${0##*/}: unknown function '$1'; known: BuildRecorderFunction, DeploymentRecorderFunction, SweeperFunction" >&2
     exit 2 ;;
esac
[[ -f "$2" ]] || { echo "${0##*/}: event file not found: $2" >&2; exit 2; }
JAVA_HOME="$("$root/scripts/java-home.sh")"
make -s -C "$root" "$jar" >&2
# The function's jar has no YAML parser (Lambda never reads template.yaml); reading it here takes the
# one Maven fetched for the build.
yaml_version=$(sed -n 's:.*<snakeyaml.version>\(.*\)</snakeyaml.version>.*:\1:p' "$root/pom.xml")
snakeyaml="${MAVEN_REPOSITORY:-$HOME/.m2/repository}/org/yaml/snakeyaml/$yaml_version/snakeyaml-$yaml_version.jar"
[[ -f $snakeyaml ]] || { echo "${0##*/}: $snakeyaml not found: run make build (or set MAVEN_REPOSITORY to Maven's local repository)" >&2; exit 1; }
TABLE_NAME="${HM_TABLE:-harbourmaster}" HM_ACCOUNT_ID="${HM_ACCOUNT_ID:-123456789012}" exec "$JAVA_HOME/bin/java" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 \
  -cp "$root/$jar:$snakeyaml" dev.harbourmaster.invoke.LocalInvoke "$root/template.yaml" "$1" "$2"
