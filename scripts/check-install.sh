#!/usr/bin/env bash
# make test's check of hm as a person installs it: make install into a temp dir, then every run from outside the
# checkout (no HM_HOME): --version names the commit of HEAD, help, a symlink on PATH, the completions, the man page,
# local mode's error, the launcher refusing an old Java; then make dist, unpacked elsewhere. Reuses the built jar.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export JAVA_HOME="${JAVA_HOME:-$("$root/scripts/java-home.sh")}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hm-check-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
passed=0

fail() {
  echo "check-install: FAILED: $1" >&2
  exit 1
}
ok() {
  passed=$((passed + 1))
}
# Runs a command, keeping its exit code, stdout and stderr in $code, $out and $err.
run() {
  code=0
  "$@" >"$tmp/out" 2>"$tmp/err" || code=$?
  out=$(cat "$tmp/out") err=$(cat "$tmp/err")
}

version=$(grep -m1 -A1 '<artifactId>harbourmaster-parent</artifactId>' "$root/pom.xml" | sed -n 's|.*<version>\(.*\)</version>.*|\1|p')
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
mkdir -p "$tmp/elsewhere" && cd "$tmp/elsewhere"
unset HM_HOME HM_JAVA

make -s --no-print-directory -C "$root" install PREFIX="$tmp/prefix" >/dev/null
hm=$tmp/prefix/bin/hm
for file in bin/hm lib/harbourmaster/hm.jar lib/harbourmaster/startup-cache.sh share/man/man1/hm.1 share/man/man1/hm-deploy.1 \
  share/bash-completion/completions/hm share/zsh/site-functions/_hm share/fish/vendor_completions.d/hm.fish; do
  [[ -s $tmp/prefix/$file ]] || fail "make install put no $file in PREFIX"
done
ok

run "$hm" --version
[[ $code == 0 && ($out == "hm $version (commit $commit)" || $out == "hm $version (commit $commit-dirty)") ]] \
  || fail "hm --version said '$out' (exit $code), not hm $version (commit $commit): $err"
ok
run "$hm" --help
[[ $code == 0 && $out == "Usage: hm "* ]] || fail "hm --help exited $code: $out$err"
ok
run "$hm" deploy --help
[[ $code == 0 && $out == "Usage: hm deploy "* ]] || fail "hm deploy --help exited $code: $out$err"
ok

# A symlink on PATH, and a relative symlink to that symlink.
mkdir -p "$tmp/links/bin" "$tmp/links/more"
ln -s "$hm" "$tmp/links/bin/hm"
ln -s ../bin/hm "$tmp/links/more/hm"
run env PATH="$tmp/links/bin:$PATH" hm --version
[[ $code == 0 && $out == "hm $version "* ]] || fail "hm through a symlink on PATH exited $code: $out$err"
run "$tmp/links/more/hm" --version
[[ $code == 0 && $out == "hm $version "* ]] || fail "hm through a relative symlink to a symlink exited $code: $out$err"
ok

run env PATH="$tmp/prefix/bin:$PATH" bash -c 'source <(hm completion bash) && complete -p hm'
[[ $code == 0 && $out == *"-F _complete_hm"*" hm"* ]] || fail "hm completion bash registered no completion: $out$err"
# What TAB after "hm dep" offers, from the installed file.
run bash -c 'source "$1" 2>/dev/null; COMP_LINE="hm dep"; COMP_WORDS=(hm dep); COMP_CWORD=1; _complete_hm; echo "${COMPREPLY[*]}"' \
  - "$tmp/prefix/share/bash-completion/completions/hm"
[[ $out == deploy ]] || fail "bash completes 'hm dep' to '$out', not deploy: $err"
ok
[[ $(head -1 "$tmp/prefix/share/zsh/site-functions/_hm") == "#compdef hm" ]] || fail "_hm does not start with #compdef hm"
grep -q "^complete -c hm -n '__hm_at hm' -a 'deploy'" "$tmp/prefix/share/fish/vendor_completions.d/hm.fish" \
  || fail "hm.fish does not complete hm deploy"
ok
first=$(head -1 "$tmp/prefix/share/man/man1/hm.1")
[[ $first == ".TH "* || $first == "'\\\""* ]] || fail "hm.1 is not troff: its first line is $first"
grep -q '^\.TH "HM" "1"' "$tmp/prefix/share/man/man1/hm.1" || fail "hm.1 has no .TH header of hm(1)"
ok

run "$hm" local up
[[ $code != 0 && $out == "" && $err == "hm: local up needs a Harbourmaster checkout, "*"set HM_HOME to a clone"* \
  && $(wc -l <"$tmp/err") == 1 ]] || fail "hm local up outside a checkout exited $code with: $out$err"
ok

# The launcher, with Javas too old for hm: a java that says 17, a JDK whose release file says 17, an old 1.8,
# no java at all.
mkdir -p "$tmp/java17/bin" "$tmp/jdk17/bin" "$tmp/java8/bin" "$tmp/nojava"
printf '#!/bin/sh\necho "openjdk version \\"17.0.2\\" 2022-01-18" >&2\n' >"$tmp/java17/bin/java"
printf '#!/bin/sh\necho "java version \\"1.8.0_392\\"" >&2\n' >"$tmp/java8/bin/java"
printf '#!/bin/sh\nexit 1\n' >"$tmp/jdk17/bin/java"
echo 'JAVA_VERSION="17.0.2"' >"$tmp/jdk17/release"
chmod +x "$tmp"/*/bin/java
ln -s "$(command -v dirname)" "$(command -v sed)" "$(command -v readlink)" "$tmp/nojava/"
expect_refused() { # PART of the one line the launcher must print, WHAT it was given
  [[ $code == 1 && $out == "" && $(wc -l <"$tmp/err") == 1 && $err == "hm: "*"$1"*": install a JDK 21 or newer"* ]] \
    || fail "the launcher with $2 exited $code and said: $err"
}
run env HM_JAVA="$tmp/java17/bin/java" "$hm" --version
expect_refused "needs Java 21 or newer, and $tmp/java17/bin/java (from HM_JAVA) is Java 17" "a java of version 17 (HM_JAVA)"
run env JAVA_HOME="$tmp/jdk17" "$hm" --version
expect_refused "(from JAVA_HOME) is Java 17" "a JDK 17 (JAVA_HOME)"
run env -u JAVA_HOME PATH="$tmp/java8/bin:$PATH" "$hm" --version
expect_refused "(from PATH) is Java 8" "a Java 8 on PATH"
run env -u JAVA_HOME PATH="$tmp/nojava" "$hm" --version
expect_refused "no java found" "no java anywhere"
ok

make -s --no-print-directory -C "$root" dist >/dev/null
archive=$root/cli/target/hm-$version.tar.gz
[[ -f $archive ]] || fail "make dist wrote no $archive"
[[ $(tar -tzf "$archive" | cut -d/ -f1 | sort -u) == "hm-$version" ]] || fail "$archive holds more than hm-$version/"
! tar -tzf "$archive" | grep -q startup-cache/ || fail "$archive holds a start-up cache: it is the building machine's, not the user's"
mkdir "$tmp/unpacked" && tar -xzf "$archive" -C "$tmp/unpacked"
run "$tmp/unpacked/hm-$version/bin/hm" --version
[[ $code == 0 && $out == "hm $version (commit $commit"* ]] || fail "hm-$version/bin/hm --version from $archive: $out$err"
for file in lib/harbourmaster/hm.jar share/man/man1/hm.1 share/fish/vendor_completions.d/hm.fish; do
  [[ -s $tmp/unpacked/hm-$version/$file ]] || fail "$archive has no hm-$version/$file"
done
ok

echo "check-install: $passed checks passed in $(($(date +%s) - start)) s (make install, the installed hm outside the checkout, make dist)"
