#!/usr/bin/env bash
# The Harbourmaster GitHub Action's step (action.yml at the repository's root runs it): installs hm, runs
# `hm deploy` or `hm promote` with --yes --output json, writes the plan and the outcome to the job summary
# ($GITHUB_STEP_SUMMARY, markdown) and the outputs release-set-id, outcome and exit-code to $GITHUB_OUTPUT.
#
# Its inputs are environment variables, INPUT_<NAME> for action.yml's input <name> (dashes as underscores):
#   INPUT_COMMAND deploy|promote   INPUT_PROJECT   INPUT_ENV (promote: --to)   INPUT_FROM (promote only)
#   INPUT_SERVICES, INPUT_RELEASE (deploy only)   INPUT_MESSAGE   INPUT_WAIT true|false   INPUT_TIMEOUT
#   INPUT_NOTHING_TO_CHANGE success|failure   INPUT_TABLE   INPUT_HM_URL, INPUT_HM_SHA256 (where hm comes from)
# and GitHub's own: GITHUB_OUTPUT, GITHUB_STEP_SUMMARY (files), GITHUB_ACTION_PATH (the action's checkout; default:
# this script's), RUNNER_TEMP (where hm is installed; default: a new temporary directory).
#
# Exit: hm's own code (0 done, 1 failed, 2 bad usage, 3 nothing to change), except 3 becomes 0 when
# INPUT_NOTHING_TO_CHANGE is success; 2 for an input this script refuses. Outside GitHub, set those variables and
# run it the same way: cli/src/test/java/dev/harbourmaster/cli/GitHubActionIT.java does, against local mode.
set -euo pipefail
# A runner is new for each job: a start-up cache made in the background would be thrown away unused.
export HM_STARTUP_CACHE=${HM_STARTUP_CACHE:-off}

# A workflow command's message: GitHub reads %, CR and LF in it as escapes.
annotate() { # LEVEL MESSAGE
  local message=${2//'%'/'%25'}
  message=${message//$'\r'/'%0D'}
  message=${message//$'\n'/'%0A'}
  echo "::$1 title=Harbourmaster::$message"
}

# Refuses the inputs before anything runs: a line in the log, an annotation, the summary, outcome ERROR, exit 2.
refuse() {
  echo "harbourmaster action: $1" >&2
  annotate error "$1"
  [[ -n ${GITHUB_STEP_SUMMARY:-} ]] && printf '### Harbourmaster: not run\n\n%s\n\n' "$1" >>"$GITHUB_STEP_SUMMARY"
  [[ -n ${GITHUB_OUTPUT:-} ]] && printf 'release-set-id=\noutcome=ERROR\nexit-code=%s\n' "${2:-2}" >>"$GITHUB_OUTPUT"
  exit "${2:-2}"
}

for file in GITHUB_OUTPUT GITHUB_STEP_SUMMARY; do
  [[ -n ${!file:-} ]] || refuse "$file is not set: GitHub sets it for a step; outside GitHub, set GITHUB_OUTPUT and GITHUB_STEP_SUMMARY to files the script may append to"
done
command -v python3 >/dev/null || refuse "python3 is not on PATH (it renders the summary): GitHub's hosted runners have it; on a self-hosted runner, install Python 3.9 or newer" 1

command=${INPUT_COMMAND:-deploy}
project=${INPUT_PROJECT:-}
env=${INPUT_ENV:-}
from=${INPUT_FROM:-}
services=${INPUT_SERVICES:-}
release=${INPUT_RELEASE:-}
message=${INPUT_MESSAGE:-}
wait=${INPUT_WAIT:-true}
timeout=${INPUT_TIMEOUT:-30m}
nothing_to_change=${INPUT_NOTHING_TO_CHANGE:-failure}
table=${INPUT_TABLE:-}
hm_url=${INPUT_HM_URL:-}
hm_sha256=${INPUT_HM_SHA256:-}
action_path=${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

case $command in
  deploy) [[ -z $from ]] || refuse "from: '$from' is promote's input: with command: deploy leave it out, or set command: promote" ;;
  promote)
    [[ -n $from ]] || refuse "command: promote needs from: the environment whose running releases it promotes (from: staging)"
    [[ -z $services && -z $release ]] || refuse "services and release are deploy's inputs: hm promote deploys exactly what runs in from: '$from'; leave them out, or set command: deploy" ;;
  *) refuse "command: '$command' is not deploy or promote: set command: deploy (the newest or a chosen release) or command: promote (what runs in from: ENV)" ;;
esac
[[ -n $env ]] || refuse "env is empty: name the environment to $command to (env: staging)"
[[ $wait == true || $wait == false ]] || refuse "wait: '$wait' is not true or false: true follows the release set to its end, false only requests it"
[[ $nothing_to_change == success || $nothing_to_change == failure ]] \
  || refuse "nothing-to-change: '$nothing_to_change' is not success or failure: it says what hm's exit 3 (every service runs its release already) makes of this step"
[[ -z $hm_sha256 || -n $hm_url ]] || refuse "hm-sha256 is set without hm-url: it checks a downloaded hm; set hm-url, or leave hm-sha256 out to build hm from the action's checkout"
[[ -z $hm_sha256 || $hm_sha256 =~ ^[0-9a-f]{64}$ ]] || refuse "hm-sha256: '$hm_sha256' is not 64 lowercase hex digits: give the archive's sha256sum"

# --- hm: downloaded (make dist's archive, or a bare hm.jar with the launcher from the action's checkout), or built.
prefix=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/harbourmaster-hm.XXXXXX")
work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/harbourmaster-run.XXXXXX")
trap 'rm -rf "$prefix" "$work"' EXIT
if [[ -n $hm_url ]]; then
  case $hm_url in
    *.tar.gz | *.tgz) download=$prefix/hm.tar.gz ;;
    *.jar) download=$prefix/hm.jar ;;
    *) refuse "hm-url: '$hm_url' names neither a .tar.gz (make dist's hm-VERSION.tar.gz) nor a .jar (cli/target/hm.jar): give one of those, or leave hm-url out to build hm" ;;
  esac
  echo "Downloading hm from $hm_url"
  curl -fsSL --retry 3 --proto '=https,file' -o "$download" "$hm_url" \
    || refuse "could not download hm from $hm_url (curl said why above): check the hm-url input (https:// or file:// only)" 1
  if [[ -n $hm_sha256 ]]; then
    actual=$({ sha256sum "$download" 2>/dev/null || shasum -a 256 "$download"; } | cut -d' ' -f1)
    [[ $actual == "$hm_sha256" ]] || refuse "$hm_url has sha256 $actual, not hm-sha256's $hm_sha256: the file is not the one you meant; check both inputs" 1
  fi
  if [[ $download == *.tar.gz ]]; then
    tar -xzf "$download" -C "$prefix"
    launchers=("$prefix"/hm-*/bin/hm)
    [[ -x ${launchers[0]} ]] || refuse "$hm_url holds no hm-VERSION/bin/hm: give make dist's archive (cli/target/hm-VERSION.tar.gz)" 1
    hm=${launchers[0]}
  else
    mkdir -p "$prefix/lib/harbourmaster" "$prefix/bin"
    mv "$download" "$prefix/lib/harbourmaster/hm.jar"
    cp "$action_path/cli/src/dist/bin/hm" "$prefix/bin/hm"
    cp "$action_path/cli/src/dist/lib/harbourmaster/startup-cache.sh" "$prefix/lib/harbourmaster/"
    hm=$prefix/bin/hm
  fi
else
  echo "Building hm from $action_path (make install; the first build takes a few minutes)"
  make -s --no-print-directory -C "$action_path" install PREFIX="$prefix" >&2 \
    || refuse "could not build hm in $action_path (make said why above): it needs a JDK 21 (actions/setup-java, or the action's setup-java input) and make; or set hm-url to a released hm" 1
  hm=$prefix/bin/hm
fi
version=$("$hm" --version) || refuse "hm does not start (the line above says why): the action needs Java 21 or newer: keep setup-java: true, or run actions/setup-java with java-version: 21 before it" 1
echo "Using $version"

# --- The command, as a person would type it, with --yes (no terminal to confirm on) and --output json.
if [[ $command == deploy ]]; then
  args=(deploy --env "$env")
  [[ -z $services ]] || args+=(--services "$services")
  [[ -z $release ]] || args+=(--release "$release")
else
  args=(promote --from "$from" --to "$env")
fi
[[ -z $project ]] || args+=(--project "$project")
[[ -z $message ]] || args+=(--message "$message")
[[ -z $table ]] || args+=(--table "$table")
if [[ $wait == true ]]; then
  args+=(--timeout "$timeout")
else
  args+=(--no-wait)
fi
args+=(--yes --output json)
printf -v shown ' %q' "${args[@]}"

echo "hm$shown"
[[ $wait == false ]] || echo "(hm prints nothing while it follows the release set, up to $timeout; then the outcome comes here and in the job summary)"
code=0
"$hm" "${args[@]}" >"$work/out.json" 2>"$work/err" || code=$?
cat "$work/err" >&2

# --- The summary and the outputs, from hm's document (docs/cli-json.md, "hm deploy, hm promote, hm rollback").
HM_CODE=$code HM_DOCUMENT=$work/out.json HM_ERR=$work/err HM_COMMAND=$command HM_ENV=$env HM_FROM=$from \
  HM_PROJECT_INPUT=$project HM_NOTHING_TO_CHANGE=$nothing_to_change python3 - <<'PY'
import json, os, re

code = int(os.environ["HM_CODE"])
err = open(os.environ["HM_ERR"], encoding="utf-8").read().strip()
text = open(os.environ["HM_DOCUMENT"], encoding="utf-8").read().strip()
document = json.loads(text) if text.startswith("{") else None


def cell(value):
    """Record text (from whoever pushed an image or wrote an ECS reason) as inert markdown: one line, no markup."""
    if value is None or value == "":
        return "–"
    value = re.sub(r"\s+", " ", str(value)).strip()
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Markup that could change the summary: a table's cell, code, emphasis, a link or an image. (Underscores stay:
    # ROLLED_BACK, and emphasis does not start inside a word.)
    return re.sub(r"([\\`*\[\]|!])", r"\\\1", value)


def short(release):
    value = (release or {}).get("releaseHash")
    return value[:7] if value and re.fullmatch(r"[0-9a-f]{40}", value) else value


plan = (document or {}).get("plan") or {}
release_set = (document or {}).get("releaseSet")
if document is None:
    outcome = "ERROR"
elif document.get("nothingToChange"):
    outcome = "NOTHING_TO_CHANGE"
elif document.get("timedOut"):
    outcome = "TIMED_OUT"
else:
    outcome = release_set["status"] if release_set else "ERROR"
set_id = release_set["id"] if release_set else ""

where = plan.get("project") or os.environ["HM_PROJECT_INPUT"] or "(the project)"
env = plan.get("environment") or os.environ["HM_ENV"]
title = (f"promote {where} {os.environ['HM_FROM']} → {env}" if os.environ["HM_COMMAND"] == "promote"
         else f"deploy {where} to {env}")
lines = [f"### Harbourmaster: {cell(title)}: {outcome}", ""]
if set_id:
    lines += [f"Release set `{set_id}` (`hm show {set_id}`), requested by {cell(plan.get('requestedBy'))}: "
              f"{cell(plan.get('description'))}", ""]
if outcome == "NOTHING_TO_CHANGE":
    choice = os.environ["HM_NOTHING_TO_CHANGE"]
    lines += ["Nothing to change: every service already runs the release it would get, so no release set was "
              f"requested (hm's exit 3, which nothing-to-change: {choice} makes a {choice}).", ""]
for line in plan.get("context") or []:
    lines.append(f"- {cell(line)}")
if plan.get("context"):
    lines.append("")
if plan.get("services"):
    lines += ["**Plan**", "", "| service | change | now | release | commits |", "| --- | --- | --- | --- | --- |"]
    for service in plan["services"]:
        lines.append(f"| {cell(service['service'])} | {cell(service['change'])} | {cell(short(service.get('now')))} | "
                     f"{cell(short(service.get('release')))} | {len(service.get('commits') or [])} |")
    lines.append("")
for note in plan.get("notes") or []:
    lines.append(f"- {cell(note)}")
if plan.get("notes"):
    lines.append("")
if release_set:
    if release_set.get("statusReason"):
        lines += [f"{cell(release_set['status'])}: {cell(release_set['statusReason'])}", ""]
    if release_set.get("deployments"):
        lines += ["**Outcome**", "", "| service | release | status | cause |", "| --- | --- | --- | --- |"]
        for deployment in release_set["deployments"]:
            lines.append(f"| {cell(deployment['service'])} | {cell(short(deployment))} | {cell(deployment['status'])} | "
                         f"{cell(deployment.get('cause'))} |")
        lines.append("")
if document and document.get("timedOut"):
    lines += [f"hm stopped following at the timeout; the set goes on: `hm show {set_id}`.", ""]
if err and outcome != "NOTHING_TO_CHANGE":
    lines += [f"hm (exit {code}): {cell(re.sub(r'(?m)^hm: ', '', err))}", ""]

summary = "\n".join(lines) + "\n"
with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
    out.write(summary)
with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
    out.write(f"release-set-id={set_id}\noutcome={outcome}\nexit-code={code}\n")
print(summary, end="")
PY

case $code in
  0) ;;
  3)
    if [[ $nothing_to_change == success ]]; then
      annotate notice "nothing to change in $env: every service runs its release already (nothing-to-change: success)"
      code=0
    else
      annotate error "nothing to change in $env: every service runs its release already; push a new image, or set nothing-to-change: success to accept it"
    fi ;;
  *) annotate error "$(tail -n 1 "$work/err" | sed 's/^hm: //')" ;;
esac
exit "$code"
