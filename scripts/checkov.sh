#!/usr/bin/env bash
# make validate: checkov on a template, offline, once per value of its switch parameter. checkov
# reads a condition with the parameters' defaults and leaves out the resources it excludes, so
# what a switch turns on (off by default) is scanned from copies whose default turns it on:
#   template.yaml         DashboardAccess: off, function-url-iam, http-api-jwt (the optional dashboard),
#                         and a copy with NotificationWebhookSecret, NotificationTopicArn and
#                         GitHubTokenSecret set (the notifications and the GitHub deployments)
#   spoke/template.yaml   ForwardEcrPushes: false, true (the rule that forwards ECR pushes)
# Every skip lives in the template, beside its resource, as "# checkov:skip=ID:reason"; a skip
# without a reason fails here.
#
# Usage: scripts/checkov.sh [TEMPLATE]     (default template.yaml; needs .venv/checkov: scripts/python-env.sh checkov)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TEMPLATE=${1:-$ROOT/template.yaml}
CHECKOV=$ROOT/.venv/checkov/bin/checkov
[[ -x $CHECKOV ]] || { echo "checkov.sh: $CHECKOV is missing: run scripts/python-env.sh checkov" >&2; exit 1; }
[[ -f $TEMPLATE ]] || { echo "checkov.sh: no template $TEMPLATE" >&2; exit 1; }
NAME=$(realpath --relative-to="$ROOT" "$TEMPLATE")

if grep -nE 'checkov:skip=[A-Za-z0-9_]+[[:space:]]*(:[[:space:]]*)?$' "$TEMPLATE" >&2; then
  echo "checkov.sh: the skips above give no reason: write one after the id (checkov:skip=ID:why)" >&2
  exit 1
fi

# The switch parameter, its default as the template writes it, and the values to scan.
if grep -q '^  DashboardAccess:' "$TEMPLATE"; then
  switch=DashboardAccess default='"off"' values=(off function-url-iam http-api-jwt)
elif grep -q '^  ForwardEcrPushes:' "$TEMPLATE"; then
  switch=ForwardEcrPushes default='"false"' values=(false true)
else
  echo "checkov.sh: $NAME has neither DashboardAccess nor ForwardEcrPushes: say in this script which copies to scan" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for value in "${values[@]}"; do
  mkdir -p "$work/$value"
  copy=$work/$value/template.yaml
  sed "/^  $switch:/,/^  [A-Za-z]/ s/^    Default: $default\$/    Default: \"$value\"/" "$TEMPLATE" >"$copy"
  grep -A3 "^  $switch:" "$copy" | grep -qE "^    Default: \"$value\"\$" \
    || { echo "checkov.sh: could not set $switch's default to $value in a copy of $NAME" >&2; exit 1; }
done
# The notifications and the GitHub deployments (template.yaml), off by default: one more copy
# with both channels and the GitHub deployments on.
if grep -q '^  NotificationWebhookSecret:' "$TEMPLATE"; then
  mkdir -p "$work/notifications"
  copy=$work/notifications/template.yaml
  sed -e '/^  NotificationWebhookSecret:/,/^  [A-Za-z]/ s#^    Default: ""$#    Default: harbourmaster/chat-webhook#' \
      -e '/^  NotificationTopicArn:/,/^  [A-Za-z]/ s#^    Default: ""$#    Default: arn:aws:sns:eu-west-1:123456789012:deploys#' \
      -e '/^  GitHubTokenSecret:/,/^  [A-Za-z]/ s#^    Default: ""$#    Default: harbourmaster/github-token#' \
      "$TEMPLATE" >"$copy"
  [[ $(grep -cE '^    Default: (harbourmaster/chat-webhook|arn:aws:sns:eu-west-1:123456789012:deploys|harbourmaster/github-token)$' "$copy") == 3 ]] \
    || { echo "checkov.sh: could not turn the notifications and the GitHub deployments on in a copy of $NAME" >&2; exit 1; }
  values+=(notifications)
fi
# One run over the copies (starting checkov takes most of the time); --quiet: the counts, then
# the failed checks only.
if ! summary=$("$CHECKOV" --directory "$work" --framework cloudformation --skip-download --compact --quiet 2>&1); then
  printf '%s\n' "$summary" >&2
  echo "checkov.sh: checkov found the failures above (the directory is the $switch value; the lines are $NAME's): fix them, or skip one in $NAME with its reason" >&2
  exit 1
fi
rest=("${values[@]:0:${#values[@]}-1}")
list=$(printf '%s, ' "${rest[@]}")
echo "checkov, $NAME with $switch ${list%, } and ${values[-1]}: $(printf '%s\n' "$summary" | grep -m1 -E '^Passed checks')"
