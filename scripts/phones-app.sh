#!/usr/bin/env bash
# Phone voting end to end with the real app: starts `rapport --projector --phones` under a
# virtual display on 127.0.0.1, opens a vote with the facilitator's keys (xdotool), and a phone
# in headless chromium (WebDriver, at 390x844) joins from the printed address and votes; the
# app's own count must change. Screenshots of the phone and of the projector go to OUT_DIR
# (default: target/phones-app). Needs what scripts/phones-browser.sh needs, plus xvfb, xdotool,
# mesa-vulkan-drivers and imagemagick's `convert` (installed when missing, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/phones-app}"
target="${CARGO_TARGET_DIR:-target}"
bin="${RAPPORT_BIN:-$target/debug/rapport}"
. scripts/real-window.sh
browser=()
[ -x /usr/bin/chromedriver ] || browser=(chromium chromium-driver)
real_window_need "${browser[@]}"
venv="$HOME/.cache/rapport/selenium-venv"
if ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "selenium>=4.20,<5"
fi
[ -x "$bin" ] || cargo build --bin rapport
rm -rf "$out"
mkdir -p "$out"

real_window_start "$out"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
home="$(mktemp -d)"
export RAPPORT_HOME="$home" RAPPORT_SEED=7
export VK_ICD_FILENAMES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json WGPU_BACKEND=vulkan
"$bin" --scenarios scenarios --projector --phones --phones-addr "127.0.0.1:$port" \
    >"$out/app.out" 2>"$out/app.log" &
pids+=($!)
export APP_PID=$!

timeout 300 "$venv/bin/python" scripts/phones_app.py "$out"
