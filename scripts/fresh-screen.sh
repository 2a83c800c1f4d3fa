#!/usr/bin/env bash
# The screen is never stale: starts the real app under a virtual display the size of a 1280x720
# projector, presses keys across every screen with xdotool (alone and in a group session), and
# after each key compares a screenshot with one taken after a redraw is forced (by moving the
# mouse in a corner where nothing reacts to it): they must be the same. Also checks that the
# window opened at a size that fits the screen, and that the idle app uses at most 1 % of a core.
# Screenshots of any difference go to OUT_DIR (default: target/fresh-screen).
# Needs xvfb, xdotool, imagemagick, x11-apps and mesa-vulkan-drivers (installed when missing,
# as root).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/fresh-screen}"
target="${CARGO_TARGET_DIR:-target}"
bin="${RAPPORT_BIN:-$target/debug/rapport}"
. scripts/real-window.sh
real_window_need
[ -x "$bin" ] || cargo build --bin rapport
rm -rf "$out"
mkdir -p "$out"

real_window_start "$out"

home="$(mktemp -d)"
export RAPPORT_HOME="$home" RAPPORT_SEED=7
export VK_ICD_FILENAMES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json WGPU_BACKEND=vulkan
"$bin" --scenarios scenarios >"$out/app.out" 2>"$out/app.log" &
pids+=($!)
export APP_PID=$!

timeout 600 python3 scripts/fresh_screen.py "$out"
