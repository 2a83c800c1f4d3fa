#!/usr/bin/env bash
# The round trip to a real learning record store: Ralph (ralph-malph from PyPI, in a virtual
# environment kept in ~/.cache/rapport/ralph-venv) serving xAPI on 127.0.0.1 with its file-system
# backend. Plays attempts with `rapport play`, sends them with `rapport sync`, reads the statements
# back through the xAPI API and compares them with the attempts; then stops the store, plays
# again, sees `rapport sync` keep what it could not send, restarts the store, and checks that
# every statement arrives exactly once, also after a send whose answer was lost.
#
# Runs unattended (as root, CI=true) in a minute or two; needs python3 and pip access to PyPI.
# RAPPORT_BIN names a built `rapport` to use; otherwise the core is built here.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"

VENV="$HOME/.cache/rapport/ralph-venv"
WORK="$(mktemp -d)"
LRS_PID=""

stop_lrs() {
    if [ -n "$LRS_PID" ]; then
        # Ralph's server runs uvicorn with a reloader: stop the whole process group.
        kill -TERM -- "-$LRS_PID" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 -- "-$LRS_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-$LRS_PID" 2>/dev/null || true
        LRS_PID=""
    fi
}
cleanup() {
    stop_lrs
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
    echo "lrs-test: $*" >&2
    if [ -f "$WORK/lrs.log" ]; then
        echo "--- the store's log (last lines):" >&2
        tail -20 "$WORK/lrs.log" >&2
    fi
    exit 1
}

if [ -z "${RAPPORT_BIN:-}" ]; then
    echo "== building rapport (the core, no app)"
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rapport/target/core}"
    cargo build --quiet --no-default-features --bin rapport
    RAPPORT_BIN="$CARGO_TARGET_DIR/debug/rapport"
fi

echo "== Ralph in $VENV"
if [ ! -x "$VENV/bin/ralph" ] || ! "$VENV/bin/python" -c "import requests" 2>/dev/null; then
    python3 -m venv "$VENV"
    # Ralph 5.1 imports requests without declaring it in the cli or lrs extras.
    "$VENV/bin/pip" install --quiet --disable-pip-version-check 'ralph-malph[cli,lrs]' requests
fi
"$VENV/bin/ralph" --version

export RALPH_APP_DIR="$WORK/ralph"
export RALPH_RUNSERVER_BACKEND=fs
USER_NAME=rapport-test
PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
"$VENV/bin/ralph" auth --username "$USER_NAME" --password "$PASSWORD" --scope all \
    --agent-ifi-mbox mailto:lrs-test@example.org --write-to-disk >/dev/null 2>&1 \
    || fail "ralph auth could not write the credentials"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ENDPOINT="http://127.0.0.1:$PORT/xAPI/"

start_lrs() {
    mkdir -p "$WORK/run"
    # scripts/lrs-test/sitecustomize.py makes Ralph's file backend append (see the file).
    (
        cd "$WORK/run"
        PYTHONPATH="$SHIM" exec setsid "$VENV/bin/ralph" runserver -b fs \
            --fs-default-directory-path "$WORK/store" -h 127.0.0.1 -p "$PORT"
    ) >>"$WORK/lrs.log" 2>&1 &
    LRS_PID=$!
    for _ in $(seq 150); do
        if "$VENV/bin/python" - "$ENDPOINT" "$USER_NAME" "$PASSWORD" <<'PY' 2>/dev/null; then return 0; fi
import base64, sys, urllib.request
endpoint, user, password = sys.argv[1:4]
auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
request = urllib.request.Request(endpoint + "statements?limit=1", headers={
    "Authorization": auth, "X-Experience-API-Version": "1.0.3"})
urllib.request.urlopen(request, timeout=2)
PY
        sleep 0.2
    done
    fail "the store did not start on port $PORT within 30 seconds"
}
SHIM="$PWD/scripts/lrs-test"

export RAPPORT_HOME="$WORK/home"
export RAPPORT_LRS_ENDPOINT="$ENDPOINT" RAPPORT_LRS_USERNAME="$USER_NAME" RAPPORT_LRS_PASSWORD="$PASSWORD"
export RAPPORT_TRAINEE_NAME="Sam Patel" RAPPORT_TRAINEE_EMAIL="sam.patel@example.org"

SCENARIO=scenarios/home-care/first-morning.ron
# Numbers to type: a choice that is locked or not shown is asked again, so cycling through 1 to 3
# always moves on, and 120 lines reach an ending.
ANSWERS="$(for _ in $(seq 40); do printf '1\n2\n3\n'; done)"
play_to_the_end() { printf '%s\n' "$ANSWERS" | "$RAPPORT_BIN" play "$SCENARIO" --seed "$1" >/dev/null; }
play_and_stop() { printf '2\nq\n' | "$RAPPORT_BIN" play "$SCENARIO" --seed "$1" >/dev/null; }

sync_expect() {
    local want="$1" rc=0
    "$RAPPORT_BIN" sync >"$WORK/sync.out" 2>&1 || rc=$?
    sed 's/^/    /' "$WORK/sync.out"
    [ "$rc" = "$want" ] || fail "rapport sync exited with $rc, expected $want"
}
compare() {
    "$RAPPORT_BIN" report --format xapi -o "$WORK/expected.json" 2>/dev/null
    "$VENV/bin/python" scripts/lrs-test/check.py "$ENDPOINT" "$USER_NAME" "$PASSWORD" "$WORK/expected.json" \
        || fail "the store does not hold what Rapport sent"
}

echo "== the store is up on $ENDPOINT"
start_lrs
echo "== two attempts (one finished, one stopped), then rapport sync"
play_to_the_end 1
play_and_stop 2
sync_expect 0
compare
echo "== rapport sync again: nothing more to send"
sync_expect 0
grep -q "Nothing to send" "$WORK/sync.out" || fail "a second sync sent something"

echo "== the store is down: play, and rapport sync keeps what it cannot send"
stop_lrs
play_to_the_end 3
sync_expect 1
grep -q "still waiting" "$WORK/sync.out" || fail "sync did not say the statements wait"

echo "== the store is back: the waiting statements arrive"
start_lrs
sync_expect 0
compare

echo "== a send whose answer was lost (as if Rapport was killed mid-send): sent again, not duplicated"
python3 - "$RAPPORT_HOME/data/records.sqlite3" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE outbox SET sent_at = NULL")
db.commit()
PY
# The same ids again: a conformant store keeps one copy (204 for the same statement, 409 for a
# different one under that id); either way each statement must be in the store once.
sync_expect 0
compare

echo "== rapport sync killed (kill -9) mid-send, then run again: nothing lost, nothing twice"
python3 - "$RAPPORT_HOME/data/records.sqlite3" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE outbox SET sent_at = NULL")
db.commit()
PY
"$RAPPORT_BIN" sync >/dev/null 2>&1 &
SYNC_PID=$!
sleep 0.15
kill -KILL "$SYNC_PID" 2>/dev/null || true
wait "$SYNC_PID" 2>/dev/null || true
sync_expect 0
compare
echo "lrs-test: ok"
