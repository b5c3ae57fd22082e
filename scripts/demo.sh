#!/usr/bin/env bash
# make demo: the whole pipeline on this machine, with a short story told as it happens.
# Starts local mode (moto + the real handlers), pushes images with a plain AWS client (boto3), and
# uses hm as a person would. Chapter 7 runs a second local mode (examples/two-accounts.yml, prod in
# another AWS account, on an emulator of its own, started in the background with the first) for a
# promotion across accounts, and stops it. Then leaves the first running to explore, until Ctrl-C.
#
# Usage: scripts/demo.sh [--exit]      --exit: stop after the story (for scripts and CI)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
exit_after=false
case "${1:-}" in
  --exit) exit_after=true ;;
  "") ;;
  *) echo "usage: scripts/demo.sh [--exit]" >&2; exit 2 ;;
esac

start=$(date +%s)
bold=$'\e[1m'; dim=$'\e[2m'; plain=$'\e[0m'
[[ -t 1 ]] || { bold=""; dim=""; plain=""; }
chapter() { printf '\n%s== %s%s  %s(%ss)%s\n' "$bold" "$1" "$plain" "$dim" "$(( $(date +%s) - start ))" "$plain"; }
say() { printf '%s\n' "$*" | fold -s -w 100; }
run() { printf '%s$ %s%s\n' "$bold" "$*" "$plain"; "$@"; }
fail() { echo "demo: $*" >&2; exit 1; }

chapter "Getting ready: the moto virtualenv and the hm jar (only the first time takes long)"
scripts/python-env.sh moto
JAVA_HOME="$(scripts/java-home.sh)"; export JAVA_HOME
make -s cli/target/hm.jar
PY=.venv/moto/bin/python
port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

chapter "Local mode: an AWS emulator, the table and rules from template.yaml, and the real handlers"
mkdir -p .run
log=.run/demo-local.out
bin/hm local up --port "$port" --settle 1s >"$log" 2>&1 &
local_pid=$!
stop_pid() {
  if [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
stop_local() {
  stop_pid "$two_pid"
  stop_pid "$local_pid"
}
trap stop_local EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 240); do
  grep -q '^Dashboard: ' "$log" 2>/dev/null && break
  kill -0 "$local_pid" 2>/dev/null || { cat "$log" >&2; fail "local mode did not start (its output is above)"; }
  sleep 0.5
done
exports=$(grep -m1 '^  export AWS_ENDPOINT_URL=' "$log") || { cat "$log" >&2; fail "local mode gave no endpoint in 2 minutes"; }
# Chapter 7's local mode (examples/two-accounts.yml, an emulator of its own) starts now, to be ready by then.
two_log=.run/demo-two-accounts.out
two_port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
two_up=(bin/hm local up -f examples/two-accounts.yml --port "$two_port" --settle 500ms --dashboard-port -1 --log .run/two-accounts.log)
"${two_up[@]}" >"$two_log" 2>&1 &
two_pid=$!
eval "$exports"
export HM_ACTOR="ada@example.com (demo)"
dashboard=$(grep -m1 '^Dashboard: ' "$log" | cut -d' ' -f2)
say "Local mode is up (its log: $log). Everything below talks to it through AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL."
say "The dashboard follows the story as it happens: open $dashboard in a browser."
run bin/hm project show --project catalogue

# The newest release set of an environment: "ID STATUS", or nothing.
newest_set() {
  bin/hm history --project catalogue --env "$1" -n 1 --output json 2>/dev/null | $PY -c '
import json, sys
data = json.load(sys.stdin)
sets = data.get("releaseSets", data) if isinstance(data, dict) else data
if sets:
    print(sets[0].get("id") or sets[0].get("releaseSet"), sets[0].get("status"))'
}

# Pushes an image and waits until the release set it requests in staging (auto-deploy) has ended.
push() {
  local repository=$1 tag=$2 before after status
  before=$(newest_set staging | cut -d' ' -f1)
  run $PY scripts/local-push.py "$repository" "$tag" >/dev/null
  for _ in $(seq 1 120); do
    read -r after status <<<"$(newest_set staging)" || true
    if [[ -n "${after:-}" && "$after" != "$before" ]] && [[ "$status" =~ ^(SUCCEEDED|FAILED|PARTIAL|REJECTED)$ ]]; then
      printf '   %s-> staging: release set %s %s%s\n' "$dim" "$after" "$status" "$plain"
      return 0
    fi
    sleep 0.5
  done
  fail "the push of $repository:$tag requested no release set in staging that ended within a minute"
}

# Pushes an image that completes no release yet, and waits until its build is recorded.
push_alone() {
  local repository=$1 tag=$2
  run $PY scripts/local-push.py "$repository" "$tag" >/dev/null
  for _ in $(seq 1 120); do
    if bin/hm builds --repository "$repository" -n 1 2>/dev/null | grep -q -- "$tag"; then
      printf '   %s-> %s:%s recorded; no release set requested%s\n' "$dim" "$repository" "$tag" "$plain"
      return 0
    fi
    sleep 0.5
  done
  fail "the push of $repository:$tag was not recorded within a minute"
}

chapter "1. Images are pushed; staging deploys itself (autoDeploy: true)"
say "Each push becomes a build and a release; staging's manifest says autoDeploy, so a release set is requested there and the deployer rolls the ECS service to exactly that digest."
push catalogue/id_minter ref.1a2b3c4
push catalogue/ingestor ref.1a2b3c4
say "The api services run two containers (app + nginx). The first push (nginx) leaves them without an app image, so it requests no release set: a release set is complete or it does not go. The app pushes that follow complete them, and each requests its own."
push_alone platform/nginx ref.9f8e7d6
push catalogue/requests ref.1a2b3c4
push catalogue/search ref.1a2b3c4
run bin/hm status --project catalogue --env staging

chapter "2. Promote what runs in staging to prod, with a reason"
run bin/hm promote --project catalogue --from staging --to prod -m "Weekly release: the new ID minter" --yes

# Waits until the set's deployment is held at a pause hook (ECS's HOOK_AWAITING_ACTION), then until the set ends.
await_hook() {
  for _ in $(seq 1 120); do
    bin/hm show "$1" --output json 2>/dev/null | $PY -c '
import json, sys
shown = json.load(sys.stdin)
sys.exit(0 if any(h["status"] == "AWAITING_ACTION" for d in shown["deployments"] for h in d["evidence"]["hooks"]) else 1)' && return 0
    sleep 0.5
  done
  fail "release set $1 was not held at a pause hook within a minute"
}
await_end() {
  for _ in $(seq 1 240); do
    read -r _ status <<<"$(newest_set "$2")" || true
    [[ "$status" =~ ^(SUCCEEDED|FAILED|PARTIAL|REJECTED)$ ]] && return 0
    sleep 0.5
  done
  fail "release set $1 did not end within two minutes"
}

chapter "3. Prod rolls out linearly, and waits at a pause hook until someone approves"
say "The team's Terraform moves prod's ID minter to ECS's own LINEAR strategy (50% a step), with a pause hook before production traffic: ECS waits there for ContinueServiceDeployment. Here boto3 does what Terraform would:"
run $PY -c 'import boto3; boto3.client("ecs").update_service(cluster="catalogue-prod", service="catalogue-id_minter-prod", deploymentConfiguration={"strategy": "LINEAR", "bakeTimeInMinutes": 5, "linearConfiguration": {"stepPercent": 50.0, "stepBakeTimeInMinutes": 3}, "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]})'
push catalogue/id_minter ref.3c4d5e6
run bin/hm deploy --project catalogue --env prod --services id_minter --release 3c4d5e6 -m "Faster minting" --yes --no-wait
read -r held_set _ <<<"$(newest_set prod)"
await_hook "$held_set"
say "ECS holds the deployment at its hook; Harbourmaster keeps it in flight (not timed out: the hook's own timeout is a day) and says what it waits for:"
run bin/hm show "$held_set"
say "The lead approves; who, why and when are kept on the deployment for good (ECS forgets after 90 days):"
HM_ACTOR="lin@example.com (lead)" run bin/hm approve --project catalogue --env prod -m "Staging ran it for an hour"
await_end "$held_set" prod
run bin/hm show "$held_set"

chapter "4. A bad image: it fails in staging and ECS's circuit breaker rolls it back"
say "Local mode's ECS is told that the ingestor's next tasks crash (as a broken image would):"
run bin/hm local fail --project catalogue --env staging --service ingestor
push catalogue/ingestor ref.badc0de
read -r bad_set _ <<<"$(newest_set staging)"
run bin/hm show "$bad_set"
run bin/hm local heal --project catalogue --env staging --service ingestor

chapter "5. A good-looking release goes out, then people find a bug: one command back to the last good release"
push catalogue/ingestor ref.2c3d4e5
say "No id to look up: hm rollback finds the last SUCCEEDED release set before the current one and redeploys it (kind ROLLBACK, so going back to an older release is allowed)."
run bin/hm rollback --project catalogue --env staging -m "Bug report on 2c3d4e5: back to the last good ingestor" --yes

chapter "6. What runs where, what happened, and how the environments differ"
run bin/hm status --project catalogue
run bin/hm history --project catalogue -n 10
run bin/hm diff --project catalogue staging prod
run bin/hm verify --project catalogue --env prod

say "The same in the dashboard: $dashboard (history, diff and metrics are linked at its top)."

chapter "7. Two AWS accounts: staging in Harbourmaster's own, prod in an account of its own"
say "Many teams keep prod in an AWS account of its own. examples/two-accounts.yml is the catalogue project (three services) with prod in account 210987654321: Harbourmaster reaches its ECS by assuming a role there, and a spoke stack in that account forwards its ECS events to Harbourmaster's event bus. A second local mode runs it, on an emulator of its own (started in the background with the first, which keeps running):"
printf '%s$ %s &%s\n' "$bold" "${two_up[*]}" "$plain"
for _ in $(seq 1 240); do
  grep -q '^  export AWS_ENDPOINT_URL=' "$two_log" 2>/dev/null && break
  kill -0 "$two_pid" 2>/dev/null || { cat "$two_log" >&2; fail "the two-account local mode did not start (its output is above)"; }
  sleep 0.5
done
two_exports=$(grep -m1 '^  export AWS_ENDPOINT_URL=' "$two_log") || { cat "$two_log" >&2; fail "the two-account local mode gave no endpoint in 2 minutes"; }
grep -m1 ' account  ' "$two_log" | sed 's/^[0-9:]* *account */   /' | fold -s -w 100
(
  eval "$two_exports"
  say "One image for each service, pushed at once; staging, in this account, deploys them itself:"
  for repository in platform/nginx catalogue/id_minter catalogue/ingestor catalogue/requests; do
    run $PY scripts/local-push.py "$repository" ref.7e8f9a0 >/dev/null
  done
  for _ in $(seq 1 120); do
    bin/hm status --project catalogue --env staging --output json 2>/dev/null | $PY -c '
import json, sys
rows = json.load(sys.stdin)["services"]
sys.exit(0 if rows and all((r.get("running") or {}).get("releaseHash") == "7e8f9a0" for r in rows) else 1)' && break
    sleep 0.5
  done
  printf '   %s-> staging runs 7e8f9a0 in every service%s\n' "$dim" "$plain"
  run bin/hm promote --project catalogue --from staging --to prod -m "First release in the prod account" --yes --poll-interval 500ms
  say "What each account's ECS runs, seen from outside as a team's CI would, with that account's own credentials (boto3; STS AssumeRole into the role for 210987654321):"
  run $PY scripts/local-accounts.py --project catalogue --promoted staging:prod
)
stop_pid "$two_pid"
two_pid=""

chapter "The story took $(( $(date +%s) - start )) s"
if $exit_after; then
  exit 0
fi
say "Local mode keeps running, and the dashboard at $dashboard. In another shell:"
echo "  $exports"
echo "  export HM_ACTOR=you@example.com"
echo "  $PY scripts/local-push.py catalogue/id_minter ref.5e6f7a8     # a push: staging deploys it"
echo "  bin/hm deploy --project catalogue --env prod --services id_minter -m \"why\""
echo "  bin/hm lock --project catalogue --env prod -m \"freeze\"; bin/hm status --project catalogue"
echo "Ctrl-C stops local mode and its emulator."
wait "$local_pid"
