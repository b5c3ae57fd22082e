#!/usr/bin/env bash
# Prints the JAVA_HOME of a JDK that can build for Lambda's java21 runtime (version 21 or newer).
# Preference: $JAVA_HOME if new enough, then a JDK 21, then the newest JDK under /usr/lib/jvm.
set -euo pipefail

major_of() { # JAVA_HOME -> major version, or nothing
  local release="$1/release"
  [[ -x "$1/bin/javac" && -f "$release" ]] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

if [[ -n "${JAVA_HOME:-}" ]] && (( $(major_of "$JAVA_HOME" || echo 0) >= 21 )) 2>/dev/null; then
  echo "$JAVA_HOME"; exit 0
fi

best="" best_major=0
for home in /usr/lib/jvm/*; do
  major=$(major_of "$home")
  [[ -n "$major" && -z "$(readlink "$home")" ]] || continue
  if (( major == 21 )); then echo "$home"; exit 0; fi
  if (( major > best_major )); then best="$home" best_major=$major; fi
done

if (( best_major >= 21 )); then echo "$best"; exit 0; fi
echo "no JDK 21 or newer found (JAVA_HOME or /usr/lib/jvm): install one, e.g. a Temurin JDK 21, and set JAVA_HOME" >&2
exit 1
