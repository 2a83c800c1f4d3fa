"""Drives the real app for scripts/fresh-screen.sh: a key, a screenshot, a forced redraw, another
screenshot; the two must match. Then the window's size and the idle app's CPU."""

import os
import subprocess
import sys
import time

import real_window

SETTLE = 1.0
# Keys across every screen: the library, the briefing, play and feedback, the menu and settings
# (the pause menu then S once left play on screen while Settings was live), undo, restart, a
# group session (the vote, a tie-free take, feedback, help, notes, scores), My practice.
KEYS = [
    "Down", "Up", "Return",            # library -> briefing
    "Return",                          # briefing -> play
    "Down", "1", "space",              # highlight, choose, continue
    "Escape", "s", "Escape",           # menu -> settings -> back to play
    "u",                               # undo
    "Escape", "r", "Return",           # restart -> briefing -> play
    "F5", "Return",                    # a group session; Enter opens the vote
    "1", "2", "2", "Return",           # votes, take
    "space",                           # continue after the feedback
    "h", "h", "n", "n", "r", "r",      # help, notes, scores
    "Escape", "l",                     # menu -> library
    "F5", "m", "Escape",               # alone again; My practice; back
    "s", "Down", "Right", "Left", "Escape",  # settings
    "Return", "Return", "1", "space", "Escape", "l",  # play a little more, back to library
]


def differing_pixels(a, b):
    result = subprocess.run(["compare", "-metric", "AE", a, b, "null:"],
                            capture_output=True, text=True)
    return int(float(result.stderr.split()[0] or 0))


def force_redraw(win):
    """Move the mouse in the window's top-left corner (the title, where nothing reacts)."""
    subprocess.run(["xdotool", "mousemove", "--window", win, "6", "6"], check=True)
    time.sleep(0.1)
    subprocess.run(["xdotool", "mousemove", "--window", win, "7", "7"], check=True)


def main():
    out = sys.argv[1]
    win = real_window.window(60)
    time.sleep(4)  # the library loads
    subprocess.run(["xdotool", "windowfocus", win], check=False)
    geometry = subprocess.run(["xdotool", "getwindowgeometry", win], check=True,
                              capture_output=True, text=True).stdout
    size = geometry.split("Geometry:")[1].split()[0]
    width, height = (int(v) for v in size.split("x"))
    print(f"fresh screen: on a 1280x720 screen the window opened at {width}x{height}")
    assert width <= 1280 and height <= 720, "the window does not fit the screen"
    force_redraw(win)
    time.sleep(SETTLE)
    stale = []
    for i, key in enumerate(KEYS):
        real_window.key(key, SETTLE)
        before = os.path.join(out, f"{i:02d}-{key}-after-key.png")
        real_window.shot(before)
        force_redraw(win)
        time.sleep(SETTLE)
        after = os.path.join(out, f"{i:02d}-{key}-after-redraw.png")
        real_window.shot(after)
        diff = differing_pixels(before, after)
        if diff:
            stale.append((i, key, diff))
            print(f"fresh screen: key {i} ({key}): {diff} pixels changed on a forced redraw")
        else:
            os.remove(before)
            os.remove(after)
    print(f"fresh screen: {len(KEYS)} keys, {len(stale)} left the screen stale")
    assert not stale, f"stale after {stale}"
    real_window.idle_cpu("fresh screen: idle")


if __name__ == "__main__":
    main()
