#!/usr/bin/env bash
# make bench: every *Benchmark class of every module, one after another, each against a moto
# server of its own (scripts/with-moto.sh), so no benchmark pays for the tables another left
# behind and the numbers do not depend on the order. Each class rewrites its own section of
# docs/BENCHMARKS.md. A benchmark that fails does not stop the others; the script then exits 1.
#
# Usage: scripts/bench.sh [NAME...]     (no NAME: all; a NAME picks the classes whose name
#                                         contains it, e.g. scripts/bench.sh Warm Burst)
# Expects the modules installed (make bench runs `mvnw install -DskipTests` first).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MVN=(./mvnw -B -ntp -q)

wanted() {
  local class=$1 name
  (($# == 1)) && return 0
  shift
  for name in "$@"; do
    [[ $class == *"$name"* ]] && return 0
  done
  return 1
}

# The "run" section of docs/BENCHMARKS.md: what this run ran, where, and how long each took
# (the other sections are each rewritten by their own benchmark).
write_run_section() {
  local machine
  machine="$(uname -sm), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(nproc) cores,"
  machine+=" $(awk '/^MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $("$(scripts/java-home.sh)/bin/java" -version 2>&1 | head -n1)"
  python3 - "$started" "$((SECONDS - began))" "$machine" "$*" "$(printf '%s\n' "${rows[@]}")" <<'PY'
import os, re, sys
started, seconds, machine, picked, rows = sys.argv[1:6]
minutes = round(int(seconds) / 60)
moto = open("scripts/requirements/moto.txt").read()
moto = re.search(r"^moto==(\S+)", moto, re.M).group(1)
block = f"""<!-- bench:run -->
## The last `make bench` run

Started {started}{", only the benchmarks named " + picked if picked else ""}; {seconds} s ({minutes} min) in all.
Machine: {machine}; moto {moto} on loopback (scripts/moto_server.py), a moto of its own per benchmark.

| benchmark | module | seconds | result |
|---|---|---|---|
{rows}
<!-- /bench:run -->"""
path = "docs/BENCHMARKS.md"
text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
begin, end = text.find("<!-- bench:run -->"), text.find("<!-- /bench:run -->")
if begin >= 0 and end > begin:
    text = text[:begin] + block + text[end + len("<!-- /bench:run -->"):]
else:
    first = re.search(r"^<!-- bench:", text, re.M)
    text = (text[:first.start()] + block + "\n\n" + text[first.start():]) if first else text.rstrip() + "\n\n" + block + "\n"
open(path, "w").write(text)
PY
}

mapfile -t files < <(find . -path ./.venv -prune -o -path '*/target/*' -prune -o \
  -path '*/src/test/java/*' -name '*Benchmark.java' -print | sort)

summary=() rows=() failed=0 ran=0 began=$SECONDS started=$(date -u '+%Y-%m-%d %H:%M UTC')
for file in "${files[@]}"; do
  class=$(basename "$file" .java)
  module=${file#./}
  module=${module%%/src/test/java/*}
  wanted "$class" "$@" || continue
  ran=$((ran + 1))
  echo "=== $class ($module)"
  start=$SECONDS
  if scripts/with-moto.sh "${MVN[@]}" -pl "$module" surefire:test -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest.timeout=60m -Dtest.fork.timeout=3600; then
    status=ok
  else
    status=FAILED
    failed=$((failed + 1))
  fi
  took=$((SECONDS - start))
  summary+=("$(printf '  %-22s %-30s %5d s  %s' "$class" "$module" "$took" "$status")")
  rows+=("| $class | $module | $took | $status |")
done

if ((ran == 0)); then
  echo "bench.sh: no *Benchmark class matches: $*" >&2
  exit 2
fi
echo
echo "make bench: $ran benchmarks, $failed failed, $((SECONDS - began)) s; numbers in docs/BENCHMARKS.md"
printf '%s\n' "${summary[@]}"
write_run_section "$@"
((failed == 0))
