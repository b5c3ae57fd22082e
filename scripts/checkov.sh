#!/usr/bin/env bash
# make validate: checkov on template.yaml, offline, once per DashboardAccess value. checkov reads
# a condition with the parameters' defaults and leaves out the resources it excludes, so the
# optional dashboard (off by default) is scanned from copies whose default turns it on.
# Every skip lives in the template, beside its resource, as "# checkov:skip=ID:reason"; a skip
# without a reason fails here.
#
# Usage: scripts/checkov.sh [TEMPLATE]     (needs .venv/checkov: scripts/python-env.sh checkov)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TEMPLATE=${1:-$ROOT/template.yaml}
CHECKOV=$ROOT/.venv/checkov/bin/checkov
[[ -x $CHECKOV ]] || { echo "checkov.sh: $CHECKOV is missing: run scripts/python-env.sh checkov" >&2; exit 1; }

if grep -nE 'checkov:skip=[A-Za-z0-9_]+[[:space:]]*(:[[:space:]]*)?$' "$TEMPLATE" >&2; then
  echo "checkov.sh: the skips above give no reason: write one after the id (checkov:skip=ID:why)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for access in off function-url-iam http-api-jwt; do
  mkdir -p "$work/$access"
  copy=$work/$access/template.yaml
  sed "/^  DashboardAccess:/,/^  [A-Za-z]/ s/^    Default: \"off\"\$/    Default: $access/" "$TEMPLATE" >"$copy"
  grep -A3 '^  DashboardAccess:' "$copy" | grep -qE "^    Default: \"?$access\"?\$" \
    || { echo "checkov.sh: could not set DashboardAccess's default to $access in a copy of $TEMPLATE" >&2; exit 1; }
done
# One run over the three copies (starting checkov takes most of the time); --quiet: the counts,
# then the failed checks only.
if ! summary=$("$CHECKOV" --directory "$work" --framework cloudformation --skip-download --compact --quiet 2>&1); then
  printf '%s\n' "$summary" >&2
  echo "checkov.sh: checkov found the failures above (the directory is the DashboardAccess value; the lines are template.yaml's): fix them, or skip one in template.yaml with its reason" >&2
  exit 1
fi
echo "checkov, template.yaml with DashboardAccess off, function-url-iam and http-api-jwt: $(printf '%s\n' "$summary" | grep -m1 -E '^Passed checks')"
