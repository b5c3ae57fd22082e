#!/usr/bin/env bash
# Installs what the dashboard's browser tests drive: Debian's Chromium and its ChromeDriver
# (/usr/bin/chromium, /usr/bin/chromedriver). Does nothing when both are there already.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
echo "browser-env.sh: installing Debian's chromium and chromium-driver for the browser tests ..." >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "browser-env.sh: ERROR: not root and no sudo; install them yourself: apt-get install chromium chromium-driver" >&2
    exit 1
  }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
/usr/bin/chromium --version >&2
