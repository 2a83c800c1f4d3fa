#!/usr/bin/env bash
# The phone page in a real browser: builds the phone-voting demo server, then drives Debian's
# headless chromium at a phone's size with WebDriver (Selenium, in a virtual environment under
# ~/.cache/rapport). Screenshots go to the folder given (default: target/phones-screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/phones-screenshots}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rapport/target}"

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] \
    || ! python3 -c "import venv, ensurepip" 2>/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver python3-venv >/dev/null
fi
venv="$HOME/.cache/rapport/selenium-venv"
if ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "selenium>=4.20,<5"
fi

# A target folder of its own: the demo needs only the core and the server, not Bevy.
export CARGO_TARGET_DIR="$CARGO_TARGET_DIR/phones"
cargo build -q --no-default-features --features phones --example phones_demo
demo="$CARGO_TARGET_DIR/debug/examples/phones_demo"

rm -rf "$out"
timeout 300 "$venv/bin/python" scripts/phones_browser.py "$demo" \
    scenarios/care-home/sixty-one-years.ron "$out"
