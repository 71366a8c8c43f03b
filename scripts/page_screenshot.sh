#!/bin/sh
# Regenerate docs/companion-page.png, the README's picture of site/index.html.
# Needs Debian's chromium (scripts/install_browser_tools.sh installs it).
# Example: sh scripts/page_screenshot.sh
set -eu
cd "$(dirname "$0")/.."
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-background-networking \
  --user-data-dir="$profile" --window-size=900,1700 --screenshot=docs/companion-page.png "file://$PWD/site/index.html" 2>/dev/null
echo "wrote docs/companion-page.png"
