# shellcheck shell=bash
# java_home: sets JAVA_HOME to a JDK that can build for Lambda's java21 runtime (version 21 or newer), and
# JAVA_MAJOR to its version, or says why not and returns 1. Preference: $JAVA_HOME if new enough, then a
# JDK 21, then the newest JDK under /usr/lib/jvm. Sourced (bin/hm asks it on every run: no process of its
# own, and none for $JAVA_HOME); scripts/java-home.sh prints what it finds.

java_major() { # JAVA_HOME -> its major version in JAVA_MAJOR, or 0
  JAVA_MAJOR=0
  local line
  [[ -x "$1/bin/javac" && -f "$1/release" ]] || return 0
  while IFS= read -r line; do
    if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
      JAVA_MAJOR=${BASH_REMATCH[1]}
    fi
  done < "$1/release"
}

java_home() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    java_major "$JAVA_HOME"
    ((JAVA_MAJOR >= 21)) && return 0
  fi
  local home best="" best_major=0
  for home in /usr/lib/jvm/*; do
    [[ -z "$(readlink "$home")" ]] || continue
    java_major "$home"
    if ((JAVA_MAJOR == 21)); then
      JAVA_HOME=$home
      return 0
    fi
    if ((JAVA_MAJOR > best_major)); then
      best=$home best_major=$JAVA_MAJOR
    fi
  done
  if ((best_major >= 21)); then
    JAVA_HOME=$best JAVA_MAJOR=$best_major
    return 0
  fi
  echo "no JDK 21 or newer found (JAVA_HOME or /usr/lib/jvm): install one, e.g. a Temurin JDK 21, and set JAVA_HOME" >&2
  return 1
}
