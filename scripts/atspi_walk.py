#!/usr/bin/python3
"""Walk the AT-SPI tree of the running Rapport app, as a screen reader sees it.

    atspi_walk.py dump                 print the app's tree (role "name" [description] {value})
    atspi_walk.py wait TEXT... [--timeout S]
                                       wait until every TEXT appears in a name or text of the tree
    atspi_walk.py focus                print the focused object (role and name)
    atspi_walk.py items                print the names of the list items (the library), one a line
    atspi_walk.py next                 print the key that plays on: the number of the first
                                       choice that is not unavailable, "space" to continue, or
                                       "none" (the debrief)

Exit status 0 on success; 1 when the app is not on the bus or a text never appears (the tree
is printed to stderr then). Run inside the same D-Bus session as the app, with the AT-SPI bus up.
"""
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

APP = "rapport"


def find_app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and (app.get_name() or "").lower() == APP:
            return app
    return None


def describe(node):
    role = node.get_role_name()
    name = node.get_name() or ""
    out = f'{role} "{name}"'
    try:
        desc = node.get_description() or ""
    except Exception:
        desc = ""
    if desc:
        out += f" [{desc}]"
    text = text_of(node)
    if text and text != name:
        out += f" {{{text}}}"
    states = []
    try:
        ss = node.get_state_set()
        for st, label in ((Atspi.StateType.FOCUSED, "focused"),
                          (Atspi.StateType.FOCUSABLE, "focusable"),
                          (Atspi.StateType.SELECTED, "selected")):
            if ss.contains(st):
                states.append(label)
    except Exception:
        pass
    try:
        live = node.get_attributes().get("live") if node.get_attributes() else None
        if live:
            states.append(f"live={live}")
    except Exception:
        pass
    if states:
        out += " (" + ", ".join(states) + ")"
    return out


def text_of(node):
    try:
        n = Atspi.Text.get_character_count(node)
        return Atspi.Text.get_text(node, 0, n) if n > 0 else ""
    except Exception:
        return ""


def nodes(node, out=None):
    """Every object under `node`, in tree order."""
    if out is None:
        out = []
    if node is None:
        return out
    out.append(node)
    try:
        count = node.get_child_count()
    except Exception:
        count = 0
    for i in range(count):
        try:
            nodes(node.get_child_at_index(i), out)
        except Exception:
            continue
    return out


def enabled(node):
    try:
        return node.get_state_set().contains(Atspi.StateType.ENABLED)
    except Exception:
        return True


def walk(node, depth=0, lines=None, limit=5000):
    if lines is None:
        lines = []
    if node is None or len(lines) > limit:
        return lines
    lines.append("  " * depth + describe(node))
    try:
        count = node.get_child_count()
    except Exception:
        count = 0
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except Exception:
            continue
        walk(child, depth + 1, lines, limit)
    return lines


def tree_text():
    app = find_app()
    if app is None:
        return None
    return "\n".join(walk(app))


def focused(node):
    if node is None:
        return None
    try:
        if node.get_state_set().contains(Atspi.StateType.FOCUSED) and node.get_role() not in (
            Atspi.Role.APPLICATION, Atspi.Role.FRAME, Atspi.Role.WINDOW):
            return node
        for i in range(node.get_child_count()):
            f = focused(node.get_child_at_index(i))
            if f is not None:
                return f
    except Exception:
        return None
    return None


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[0], argv[1:]
    timeout = 20.0
    if "--timeout" in args:
        i = args.index("--timeout")
        timeout = float(args[i + 1])
        del args[i:i + 2]
    if cmd == "dump":
        deadline = time.time() + timeout
        text = tree_text()
        while text is None and time.time() < deadline:
            time.sleep(0.5)
            text = tree_text()
        if text is None:
            print("atspi: no application named rapport on the AT-SPI bus", file=sys.stderr)
            return 1
        print(text)
        return 0
    if cmd == "items":
        app = find_app()
        for n in nodes(app):
            if n.get_role() == Atspi.Role.LIST_ITEM:
                print(n.get_name())
        return 0
    if cmd == "next":
        import re
        app = find_app()
        buttons = [n for n in nodes(app) if n.get_role() == Atspi.Role.PUSH_BUTTON]
        for b in buttons:
            m = re.match(r"(\d+)\. ", b.get_name() or "")
            if m and enabled(b) and ", unavailable: " not in b.get_name():
                print(m.group(1))
                return 0
        for b in buttons:
            if "(Space)" in (b.get_name() or ""):
                print("space")
                return 0
        print("none")
        return 0
    if cmd == "focus":
        app = find_app()
        f = focused(app)
        print(describe(f) if f is not None else "(nothing focused)")
        return 0
    if cmd == "wait":
        deadline = time.time() + timeout
        text = None
        while True:
            text = tree_text()
            if text is not None and all(w.lower() in text.lower() for w in args):
                return 0
            if time.time() >= deadline:
                break
            time.sleep(0.5)
        missing = [w for w in args if text is None or w.lower() not in text.lower()]
        print(f"atspi: not in the tree after {timeout:.0f} s: {missing}", file=sys.stderr)
        print(text if text is not None else "(no application named rapport)", file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
