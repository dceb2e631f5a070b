#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing; does nothing (fast) otherwise.
#   apt (Debian 12): emscripten libeigen3-dev doctest-dev chromium cmake g++ python3-numpy
#                    clang libclang-rt-14-dev (sanitizer and libFuzzer runtimes for the tests)
#                    fonts-wqy-microhei (a CJK font, so the Chinese screenshots of the tests show text)
#                    clang-format (scripts/lint.sh; Debian 12's is version 14)
#                    python3-statsmodels (tests/node/statsmodels.test.cjs, the independent reference
#                    for local linear and AIC_c; also bench/statsmodels_bench.py's column)
#                    firefox-esr, webkit2gtk-driver (WebKitWebDriver and WebKitGTK's MiniBrowser)
#                    and xvfb (MiniBrowser needs an X display): tests/engines/, the page in
#                    Firefox and WebKit
#   npm:             `npm ci` when node_modules is missing or older than package-lock.json
# Runs as root (CI) or through sudo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(emscripten libeigen3-dev doctest-dev chromium cmake g++ python3-numpy python3-statsmodels clang libclang-rt-14-dev fonts-wqy-microhei clang-format firefox-esr webkit2gtk-driver xvfb)

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done
# Node 20 is expected to be on the machine already; fall back to Debian's if there is none.
if ! command -v node >/dev/null; then missing+=(nodejs); fi
if ! command -v npm >/dev/null; then missing+=(npm); fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    echo "setup: missing packages: ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
