"""What the real-window scripts share (scripts/phones_app.py, scripts/fresh_screen.py): the app's
window under Xvfb, keys through xdotool, screenshots of the screen, and the idle app's CPU."""

import os
import subprocess
import time


def window(timeout=60):
    """The app's window id, once it is there."""
    end = time.time() + timeout
    while time.time() < end:
        found = subprocess.run(["xdotool", "search", "--name", "^Rapport$"],
                               capture_output=True, text=True).stdout.split()
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("the app's window did not appear")


def key(name, settle=1.5):
    """Press a key in the app's window, as a person would, and let the app answer."""
    subprocess.run(["xdotool", "windowfocus", window()], check=False)
    subprocess.run(["xdotool", "key", name], check=True)
    time.sleep(settle)


def shot(path):
    """A PNG of the whole virtual screen."""
    xwd = subprocess.run(["xwd", "-root", "-silent"], capture_output=True, check=True).stdout
    subprocess.run(["convert", "xwd:-", path], input=xwd, check=True)


def idle_cpu(label, seconds=20):
    """The app's CPU while nothing happens (APP_PID): at most 1 % of a core."""
    pid = os.environ["APP_PID"]

    def ticks():
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    time.sleep(3)
    before = ticks()
    time.sleep(seconds)
    used = (ticks() - before) / os.sysconf("SC_CLK_TCK")
    share = 100 * used / seconds
    print(f"{label}, the app used {used:.2f} s of CPU in {seconds} s ({share:.2f} % of a core)")
    assert share <= 1.0, f"the idle app used {share:.2f} % of a core"
