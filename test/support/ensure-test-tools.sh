#!/usr/bin/env bash
# Runs before `npm test`: the browser tests need a real Chromium (Debian's package; a browser
# download does not work on these machines) with fonts for Chinese and Korean, and the HTML
# validity test runs the Nu HTML Checker (npm vnu-jar), which needs Java. Installs what is missing
# when we are root on Debian; otherwise says what to install.
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
need=()
[ -x "$bin" ] || need+=(chromium fonts-wqy-microhei)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "pretest: installing Debian's ${need[*]} for the browser and HTML validity tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi
echo "pretest: missing ${need[*]}. Install (Debian/Ubuntu: sudo apt-get install ${need[*]}) or set CHROMIUM_PATH." >&2
exit 1
