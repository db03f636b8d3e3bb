#!/usr/bin/env python3
"""webhook_check: reads a webhook_receiver log and checks what the receiver got.

  sig LOG SECRET        every request carries a valid Standard Webhooks signature over
                        id.timestamp.body, and a timestamp within 5 minutes of arrival
  dedup LOG             keep the first copy of each webhook-id among the 2xx answers and
                        print, per order (body.order.id), the body "seq" values in arrival order
  dups LOG              print the number of webhook-ids received more than once
  attempts LOG ORDER    print the arrival times of the requests for that order, one a line
  ids LOG ORDER         print the distinct webhook-ids sent for that order
"""
import base64
import hashlib
import hmac
import json
import sys


def records(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def ok(rec):
    """The receiver took the event and answered 2xx within the tests' 1 s client timeout."""
    m = rec["mode"]
    return m == "ok" or (m.startswith("slow:") and float(m[5:]) < 1)


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    recs = records(path)
    if cmd == "sig":
        secret = sys.argv[3]
        key = base64.b64decode(secret[6:]) if secret.startswith("whsec_") else secret.encode()
        bad = 0
        for r in recs:
            signed = "%s.%s.%s" % (r["id"], r["ts"], r["body"])
            want = base64.b64encode(hmac.new(key, signed.encode(), hashlib.sha256).digest())
            got = [s.split(",", 1)[1] for s in (r["sig"] or "").split() if s.startswith("v1,")]
            if want.decode() not in got or abs(float(r["ts"]) - r["t"]) > 300:
                bad += 1
        print("%d requests, %d bad signatures" % (len(recs), bad))
        sys.exit(1 if bad or not recs else 0)
    if cmd == "dedup":
        seen, per = set(), {}
        for r in recs:
            if not ok(r) or r["id"] in seen:
                continue
            seen.add(r["id"])
            body = json.loads(r["body"])
            per.setdefault(body["order"]["id"], []).append(str(body.get("seq")))
        for order in sorted(per):
            print("%s %s" % (order, ",".join(per[order])))
    elif cmd == "dups":
        ids = [r["id"] for r in recs]
        print(len([i for i in set(ids) if ids.count(i) > 1]))
    elif cmd in ("attempts", "ids"):
        order = sys.argv[3]
        mine = [r for r in recs if json.loads(r["body"])["order"]["id"] == order]
        if cmd == "attempts":
            for r in mine:
                print("%.3f %s" % (r["t"], r["id"]))
        else:
            for i in sorted({r["id"] for r in mine}):
                print(i)


main()
