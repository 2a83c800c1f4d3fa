#!/usr/bin/env bash
# Walk through every screen of the real app under a virtual display and save a PNG of each.
#
#   scripts/screenshots.sh [OUT_DIR]        (default: target/screenshots)
#
# Needs `xvfb` and `mesa-vulkan-drivers` (Mesa's software Vulkan driver, lavapipe). Uses the
# binary that `cargo test` already built (target/debug/rapport) when it is there, so CI does not
# build Bevy twice. Fails if the app crashes, a PNG is missing, or a PNG is blank.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/screenshots}"
target="${CARGO_TARGET_DIR:-target}"
bin="$target/debug/rapport"
if [ ! -x "$bin" ]; then
    cargo build --bin rapport
fi
mkdir -p "$out"
rm -f "$out"/*.png
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export RAPPORT_HOME="$home" RAPPORT_SEED=7
export VK_ICD_FILENAMES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json WGPU_BACKEND=vulkan
status=0
timeout 600 xvfb-run -a -s "-screen 0 3840x2160x24" "$bin" --screenshots "$out" --scenarios scenarios \
    >"$out/app.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    echo "screenshots: the app exited with status $status; the end of its log:" >&2
    tail -30 "$out/app.log" >&2
    exit 1
fi
expected=38
count=$(find "$out" -name '*.png' -size +1k | wc -l)
if [ "$count" -lt "$expected" ]; then
    echo "screenshots: expected $expected PNGs in $out, found $count" >&2
    exit 1
fi
echo "screenshots: $count PNGs in $out"
