#!/usr/bin/env bash
# Installs the built hm under PREFIX (make install, and make dist into its staging folder): the launcher
# PREFIX/bin/hm, PREFIX/lib/harbourmaster/hm.jar, the man pages in PREFIX/share/man/man1, and the bash, zsh and
# fish completions where those shells look for them. Needs cli/target/hm.jar and its man pages (make builds both).
set -euo pipefail
prefix=${1:?usage: scripts/install-hm.sh PREFIX}
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
cd "$(dirname "$0")/.."

jar=cli/target/hm.jar
man=cli/target/man/man1
if [[ ! -f $jar || ! -f $man/hm.1 ]]; then
  echo "install-hm.sh: $jar or $man/hm.1 is missing: build them first (make install does)" >&2
  exit 1
fi
java="${JAVA_HOME:-$(scripts/java-home.sh)}/bin/java"

install -d "$prefix/bin" "$prefix/lib/harbourmaster" "$prefix/share/man/man1" \
  "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 755 cli/src/dist/bin/hm "$prefix/bin/hm"
# Through a new file and a rename: an hm that runs (hm local up, for hours) keeps reading the jar it started with.
install -m 644 "$jar" "$prefix/lib/harbourmaster/.hm.jar.new"
mv -f "$prefix/lib/harbourmaster/.hm.jar.new" "$prefix/lib/harbourmaster/hm.jar"
install -m 644 cli/src/dist/lib/harbourmaster/startup-cache.sh "$prefix/lib/harbourmaster/"
install -m 644 "$man"/*.1 "$prefix/share/man/man1/"
# No start-up cache for these: it belongs to the person's JDK, and make dist would pack it.
hm() { HM_JAVA=$java HM_STARTUP_CACHE=off "$prefix/bin/hm" "$@"; }
hm completion bash > "$prefix/share/bash-completion/completions/hm"
hm completion zsh > "$prefix/share/zsh/site-functions/_hm"
hm completion fish > "$prefix/share/fish/vendor_completions.d/hm.fish"
echo "Installed $(hm --version) in $prefix"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "$prefix/bin is not on PATH: add it (export PATH=\"$prefix/bin:\$PATH\" in your shell's profile)" ;;
esac
