#!/usr/bin/env bash
# Prints the JAVA_HOME of a JDK that can build for Lambda's java21 runtime (version 21 or newer).
# Preference: $JAVA_HOME if new enough, then a JDK 21, then the newest JDK under /usr/lib/jvm (lib/java-home.sh).
set -euo pipefail
# shellcheck source=lib/java-home.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/java-home.sh"
java_home
echo "$JAVA_HOME"
