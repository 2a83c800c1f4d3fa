#!/usr/bin/env bash
# What a screen reader gets: start the real app under a virtual display, inside a D-Bus session
# with the AT-SPI bus up and `org.a11y.Status` saying a screen reader runs (as a desktop does
# when Orca starts), and walk its accessibility tree with AT-SPI (scripts/atspi_walk.py).
#
#   scripts/atspi-test.sh [OUT_DIR]        (default: target/atspi)
#
# Asserts that the library's titles are there as list items, then (Enter on the first scenario,
# Enter through its briefing) that the lines and the choices of its first decision are. Then it
# plays the scenario through with the keys (the first available choice each time) and writes the
# tree at every step to OUT_DIR/tree.txt, for a person to read. Needs xvfb, xdotool,
# dbus-daemon, dbus-bin, at-spi2-core, python3-gi, gir1.2-atspi-2.0 and mesa-vulkan-drivers
# (installed when missing, as root). Stops by itself: every wait has a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--inside-session" ]; then
    shift
    inside=1
else
    inside=0
fi
out="$(realpath -m "${1:-target/atspi}")"

if [ "$inside" = 0 ]; then
    need=()
    command -v Xvfb >/dev/null || need+=(xvfb)
    command -v xdotool >/dev/null || need+=(xdotool)
    command -v dbus-run-session >/dev/null || need+=(dbus-daemon)
    command -v dbus-send >/dev/null || need+=(dbus-bin)
    [ -x /usr/libexec/at-spi-bus-launcher ] || need+=(at-spi2-core)
    [ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || need+=(mesa-vulkan-drivers)
    /usr/bin/python3 -c 'import gi; gi.require_version("Atspi", "2.0")' 2>/dev/null \
        || need+=(python3-gi gir1.2-atspi-2.0)
    if [ "${#need[@]}" -gt 0 ]; then
        if [ "$(id -u)" != 0 ]; then
            echo "atspi-test: missing ${need[*]} (install them, or run as root)" >&2
            exit 1
        fi
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${need[@]}" >/dev/null
    fi
    # RAPPORT_BIN: the binary to test (default: the one `cargo test` built, else a new build).
    target="${CARGO_TARGET_DIR:-target}"
    bin="${RAPPORT_BIN:-$target/debug/rapport}"
    if [ ! -x "$bin" ]; then
        cargo build --bin rapport
    fi
    mkdir -p "$out"
    rm -f "$out"/tree.txt "$out"/*.log
    export RAPPORT_BIN="$(realpath "$bin")"
    status=0
    # (The session bus's complaints about its file limit say nothing about the test.)
    timeout 420 dbus-run-session -- "$0" --inside-session "$out" \
        2> >(grep --line-buffered -v -e '^dbus-daemon\[' >&2) || status=$?
    if [ "$status" -ne 0 ]; then
        echo "atspi-test: failed (status $status); the app's log is $out/app.log" >&2
        exit 1
    fi
    echo "atspi-test: the tree of a scenario played through is in $out/tree.txt"
    exit 0
fi

# ---- Inside the D-Bus session from here on.
# (libatspi warns about the registry's cache on every connection; it is harmless.)
walk() {
    /usr/bin/python3 -W ignore scripts/atspi_walk.py "$@" \
        2> >(grep -v -e 'dbind-WARNING' -e '^$' >&2)
}
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

# The AT-SPI bus (D-Bus starts its launcher on the first call), and the switches a desktop sets
# when a screen reader starts.
for _ in $(seq 50); do
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
        org.a11y.Bus.GetAddress >/dev/null 2>&1 && break
    sleep 0.1
done
for property in IsEnabled ScreenReaderEnabled; do
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
        org.freedesktop.DBus.Properties.Set string:org.a11y.Status "string:$property" \
        variant:boolean:true >/dev/null
done

# A display of our own: Xvfb writes the number of the display it took to fd 4.
rm -f "$out/display"
Xvfb -displayfd 4 -screen 0 1280x800x24 -nolisten tcp 4>"$out/display" 2>"$out/xvfb.log" &
pids+=($!)
for _ in $(seq 100); do
    [ -s "$out/display" ] && break
    sleep 0.2
done
[ -s "$out/display" ] || { echo "atspi-test: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$(head -1 "$out/display")"

home="$(mktemp -d)"
export RAPPORT_HOME="$home" RAPPORT_SEED=7
export VK_ICD_FILENAMES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json WGPU_BACKEND=vulkan
"$RAPPORT_BIN" --scenarios scenarios >"$out/app.log" 2>&1 &
app=$!
pids+=("$app")

fail() {
    echo "atspi-test: $*" >&2
    walk dump --timeout 1 >"$out/tree-at-failure.txt" 2>&1 || true
    echo "atspi-test: the tree at that moment is in $out/tree-at-failure.txt" >&2
    exit 1
}

window=""
for _ in $(seq 100); do
    window="$(xdotool search --name '^Rapport$' 2>/dev/null | head -1 || true)"
    [ -n "$window" ] && break
    kill -0 "$app" 2>/dev/null || fail "the app exited; see $out/app.log"
    sleep 0.2
done
[ -n "$window" ] || fail "no Rapport window"
# Keys go through XTEST to the focused window (winit ignores events sent to a window directly).
xdotool windowfocus --sync "$window" 2>/dev/null || xdotool windowfocus "$window" || true
key() {
    xdotool key "$1"
    sleep 1.5
}

# 1. The library: every scenario's title, as a list item.
mapfile -t titles < <(grep -h -m1 -E '^    title: "' scenarios/*/*.ron | sed -E 's/^    title: "(.*)",?$/\1/')
[ "${#titles[@]}" -gt 0 ] || fail "no scenario titles found in scenarios/"
walk wait --timeout 60 "${titles[@]}" || fail "the library's titles never reached AT-SPI"
mapfile -t items < <(walk items)
for title in "${titles[@]}"; do
    printf '%s\n' "${items[@]}" | grep -qxF "$title" || fail "“$title” is not a list item"
done
echo "atspi-test: the library's ${#titles[@]} titles are list items"
{
    echo "===== Library"
    walk dump
} >"$out/tree.txt"

# The settings, for the record (S opens them, Esc goes back).
key s
walk wait --timeout 10 "Text size" "Done (Esc)" || fail "the settings never reached AT-SPI"
{
    echo
    echo "===== Settings (focus: $(walk focus))"
    walk dump
} >>"$out/tree.txt"
key Escape
walk wait --timeout 10 "Choose a scenario" || fail "Esc did not go back to the library"

# 2. Enter on the first scenario, Enter through its briefing: its first decision.
first="${items[0]}"
file="$(grep -l -m1 -F "    title: \"$first\"" scenarios/*/*.ron | head -1)"
[ -n "$file" ] || fail "no file for the first scenario, “$first”"
key Return
walk wait --timeout 20 "$first" "(Enter)" || fail "the briefing of “$first” never reached AT-SPI"
{
    echo
    echo "===== Briefing: $first"
    walk dump
} >>"$out/tree.txt"
key Return
# What the terminal player shows at the same point: the lines, then the choices ("  2. text").
script="$("$RAPPORT_BIN" play "$file" </dev/null 2>/dev/null || true)"
mapfile -t choices < <(printf '%s\n' "$script" | sed -nE 's/^  [0-9]+\. (.*)$/\1/p')
[ "${#choices[@]}" -gt 0 ] || fail "the terminal player shows no choices for $file"
mapfile -t lines < <(printf '%s\n' "$script" | sed -n '/^Scores:/,/^  [0-9]*\. /p' \
    | sed '1d;$d' | grep -vE '^\s*$|^  [0-9]+\. ' | sed -E 's/^[^:[]{1,80} \([^)]*\): //; s/^\[(.*)\]$/\1/')
[ "${#lines[@]}" -gt 0 ] || fail "the terminal player shows no lines for $file"
walk wait --timeout 20 "${lines[@]}" || fail "the lines of the first decision never reached AT-SPI"
for choice in "${choices[@]}"; do
    walk wait --timeout 5 "$choice" || fail "the choice “$choice” never reached AT-SPI"
done
[ "$(walk next)" != none ] || fail "no choice is a push button named “N. text”"
echo "atspi-test: the first decision's ${#lines[@]} lines and ${#choices[@]} choices are there"

# 3. Play it through, keeping the tree of every step.
step=0
while [ "$step" -lt 40 ]; do
    step=$((step + 1))
    next="$(walk next)"
    {
        echo
        echo "===== Step $step (next key: $next; focus: $(walk focus))"
        walk dump
    } >>"$out/tree.txt"
    if [ "$next" = none ]; then
        walk dump --timeout 1 | grep -q "Play again" && break
        # The last Space can leave the app idle before it draws the debrief (issue 11, part 2):
        # a key that does nothing wakes it.
        [ "$step" -lt 38 ] || break
        key shift
        continue
    fi
    key "$next"
done
grep -q "Play again" "$out/tree.txt" || fail "the debrief never reached AT-SPI"
echo "atspi-test: played “$first” through in $step steps; the debrief is there"
