# Sourced by the scripts that drive the real app in a virtual display (scripts/phones-app.sh,
# scripts/fresh-screen.sh): `real_window_need [PACKAGE...]` installs what they use (and the
# packages named) when it is missing, as root; `real_window_start OUT_DIR` starts Xvfb at 1280x720
# (a projector's size) and exports DISPLAY; what it starts, and `$home`, are cleaned up when the
# script exits. Add a process with `pids+=($!)`.
pids=()
real_window_cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "${home:-}"
}
trap real_window_cleanup EXIT

real_window_need() {
    local need=("$@")
    command -v Xvfb >/dev/null || need+=(xvfb)
    command -v xdotool >/dev/null || need+=(xdotool)
    command -v convert >/dev/null || need+=(imagemagick)
    command -v xwd >/dev/null || need+=(x11-apps)
    [ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || need+=(mesa-vulkan-drivers)
    if [ "${#need[@]}" -gt 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${need[@]}" >/dev/null
    fi
}

real_window_start() {
    local out="$1"
    rm -f "$out/display"
    Xvfb -displayfd 4 -screen 0 1280x720x24 -nolisten tcp 4>"$out/display" 2>"$out/xvfb.log" &
    pids+=($!)
    for _ in $(seq 100); do
        [ -s "$out/display" ] && break
        sleep 0.2
    done
    export DISPLAY=":$(head -1 "$out/display")"
}
