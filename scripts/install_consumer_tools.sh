#!/bin/sh
# Programs outside Python that the export tests open the exports with, installed
# by `make test` when missing: LibreOffice (the xlsx workbook) and R (the
# README's read.csv example), both from Debian with apt-get, when running as
# root on Debian, as CI does (about 60 s, once).
# It never fails the build: where they cannot be installed it says why, and
# those tests then skip with that reason.
cd "$(dirname "$0")/.." || exit 0
LOG=/tmp/companion-consumer-tools.log
if command -v soffice >/dev/null 2>&1 && command -v Rscript >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "export tests: installing LibreOffice Calc and R from Debian (about 60 s, once; log in $LOG)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui r-base-core; } >"$LOG" 2>&1; then
    echo "export tests: apt-get could not install LibreOffice and R (see $LOG); their tests will be skipped"
  fi
else
  echo "export tests: LibreOffice (soffice) or R (Rscript) is missing and cannot be installed here (needs root and apt-get); their tests will be skipped"
fi
exit 0
