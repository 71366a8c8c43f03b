#!/bin/sh
# The browser test's tools, installed by `make test` when missing:
#   - Debian's chromium (apt-get, when running as root on Debian, as CI does);
#   - axe-core from the npm registry, pinned with its hash in tests/browser/package-lock.json.
# It never fails the build: where a tool cannot be installed it says why, and
# tests/test_browser.py then skips with that reason.
cd "$(dirname "$0")/.." || exit 0
LOG=tests/browser/install.log
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser test: installing Debian's chromium (about 30 s, once; log in $LOG)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"$LOG" 2>&1; then
      echo "browser test: apt-get could not install chromium (see $LOG); the browser test will be skipped"
    fi
  else
    echo "browser test: chromium is missing and cannot be installed here (needs root and apt-get); the browser test will be skipped. Install Debian's chromium to run it."
  fi
fi
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "browser test: installing axe-core from the npm lock file"
    if ! npm ci --prefix tests/browser --no-audit --no-fund --silent >>"$LOG" 2>&1; then
      echo "browser test: npm could not install axe-core (see $LOG); the accessibility check will be skipped"
    fi
  else
    echo "browser test: npm is missing, so axe-core cannot be installed; the accessibility check will be skipped"
  fi
fi
exit 0
