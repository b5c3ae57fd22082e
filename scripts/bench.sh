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

mapfile -t files < <(find . -path ./.venv -prune -o -path '*/target/*' -prune -o \
  -path '*/src/test/java/*' -name '*Benchmark.java' -print | sort)

summary=() failed=0 ran=0
for file in "${files[@]}"; do
  class=$(basename "$file" .java)
  module=${file#./}
  module=${module%%/src/test/java/*}
  wanted "$class" "$@" || continue
  ran=$((ran + 1))
  echo "=== $class ($module)"
  start=$SECONDS
  if scripts/with-moto.sh "${MVN[@]}" -pl "$module" surefire:test -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false; then
    status=ok
  else
    status=FAILED
    failed=$((failed + 1))
  fi
  summary+=("$(printf '  %-22s %-30s %5d s  %s' "$class" "$module" $((SECONDS - start)) "$status")")
done

if ((ran == 0)); then
  echo "bench.sh: no *Benchmark class matches: $*" >&2
  exit 2
fi
echo
echo "make bench: $ran benchmarks, $failed failed; numbers in docs/BENCHMARKS.md"
printf '%s\n' "${summary[@]}"
((failed == 0))
