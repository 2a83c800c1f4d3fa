"""Compare the statements a learning record store holds with those Rapport says it sent.

    check.py ENDPOINT USER PASSWORD EXPECTED.json

EXPECTED.json is `rapport report --format xapi`. Every statement must be in the store exactly
once, with the same actor, verb, object, registration and response, and the store must hold
nothing else. Exits 1, saying what differs, when they do not match.
"""

import base64
import json
import sys
import urllib.parse
import urllib.request


def fetch_all(endpoint, user, password):
    auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    url = endpoint.rstrip("/") + "/statements?limit=500"
    base = urllib.parse.urlsplit(endpoint)
    found = []
    while url:
        request = urllib.request.Request(
            url,
            headers={"Authorization": auth, "X-Experience-API-Version": "1.0.3"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            page = json.load(response)
        found.extend(page["statements"])
        more = page.get("more")
        url = f"{base.scheme}://{base.netloc}{more}" if more else None
    return found


def key(s):
    return (
        s["actor"].get("mbox"),
        s["verb"]["id"],
        s["object"]["id"],
        s.get("context", {}).get("registration"),
        s.get("result", {}).get("response"),
    )


def main():
    endpoint, user, password, expected_file = sys.argv[1:5]
    with open(expected_file, encoding="utf-8") as f:
        expected = json.load(f)
    stored = fetch_all(endpoint, user, password)
    problems = []
    counts = {}
    for s in stored:
        counts[s["id"]] = counts.get(s["id"], 0) + 1
    for sid, n in counts.items():
        if n > 1:
            problems.append(f"statement {sid} is in the store {n} times")
    by_id = {s["id"]: s for s in stored}
    for s in expected:
        got = by_id.get(s["id"])
        if got is None:
            problems.append(f"statement {s['id']} ({s['verb']['id']}) is not in the store")
        elif key(got) != key(s):
            problems.append(f"statement {s['id']} differs: {key(got)} != {key(s)}")
    extra = set(by_id) - {s["id"] for s in expected}
    if extra:
        problems.append(f"the store holds {len(extra)} statement(s) Rapport did not send")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"the store holds the {len(expected)} statements, each once")


main()
