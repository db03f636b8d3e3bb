#!/usr/bin/env python3
"""score: scores replay's orders against scengen labels, next to two plain rules run over the
same readings: a static threshold (Rx below -25 dBm for 3 polls) and a Prometheus-style
predict_linear(rx[12h], 7d) < -27.5 held for 2 evaluations.

usage: score.py SCENDIR ORDERS.jsonl   (SCENDIR holds readings.csv and labels.csv)
Prints a markdown table and the per-fault misses.
"""
import collections
import csv
import json
import sys
import time

STATIC_LEVEL, STATIC_HITS = -25.0, 3
PL_WINDOW, PL_HORIZON, PL_LEVEL, PL_FOR = 12 * 3600, 7 * 86400, -27.5, 2
SLACK = 3600  # an order may open this long before the labelled start and still count


def ts(s):
    return int(time.mktime(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone) if s else None


def load_labels(path):
    onts, faults = {}, collections.defaultdict(list)
    for r in csv.DictReader(open(path)):
        key = (r["olt"], r["port"], int(r["ont"]))
        r["start_t"], r["impact_t"] = ts(r["start"]), ts(r["impact"])
        onts[key] = r
        if r["fault"]:
            faults[r["fault"]].append(r)
    return onts, faults


def load_orders(path):
    """opened orders: id -> (time, cause, scope, set of ONT keys)"""
    orders = {}
    for line in open(path):
        ev = json.loads(line)
        o = ev["order"]
        keys = {(t["olt"], t["port"], t["ont"]) for t in o["onts"]}
        if ev["event"] == "opened":
            orders[o["id"]] = dict(t=ts(ev["time"]), cause=o["cause"], scope=o["scope"], onts=set(keys))
        elif o["id"] in orders:
            orders[o["id"]]["onts"] |= keys
    return list(orders.values())


def baselines(path):
    """Run both plain rules; each firing episode is an 'order' on one ONT."""
    static, plin = [], []
    st_hits = collections.Counter()
    st_on = {}
    pl = {}
    for r in csv.DictReader(open(path)):
        if r["status"] != "online" or r["rx_dbm"] == "":
            continue
        key = (r["olt"], r["port"], int(r["ont"]))
        t = ts(r["time"]) if r["time"] != baselines.last_s else baselines.last_t
        baselines.last_s, baselines.last_t = r["time"], t
        x = float(r["rx_dbm"])
        # static threshold with 3 hits to raise and to clear
        if x < STATIC_LEVEL:
            st_hits[key] = st_hits[key] + 1 if st_hits[key] >= 0 else 1
        else:
            st_hits[key] = st_hits[key] - 1 if st_hits[key] <= 0 else -1
        if not st_on.get(key) and st_hits[key] >= STATIC_HITS:
            st_on[key] = True
            static.append(dict(t=t, cause=None, scope="ont", onts={key}))
        elif st_on.get(key) and st_hits[key] <= -STATIC_HITS:
            st_on[key] = False
        # predict_linear over a sliding window with running sums
        s = pl.get(key)
        if s is None:
            s = pl[key] = dict(q=collections.deque(), n=0, st=0.0, sx=0.0, stt=0.0, stx=0.0,
                               hold=0, on=False)
        u = (t - 1772323200) / 86400.0
        s["q"].append((t, u, x))
        s["n"] += 1; s["st"] += u; s["sx"] += x; s["stt"] += u * u; s["stx"] += u * x
        while s["q"][0][0] <= t - PL_WINDOW:
            _, ou, ox = s["q"].popleft()
            s["n"] -= 1; s["st"] -= ou; s["sx"] -= ox; s["stt"] -= ou * ou; s["stx"] -= ou * ox
        n = s["n"]
        fire = False
        if n >= 8:
            den = n * s["stt"] - s["st"] ** 2
            if den > 1e-12:
                b = (n * s["stx"] - s["st"] * s["sx"]) / den
                a0 = (s["sx"] - b * s["st"]) / n
                fire = a0 + b * (u + PL_HORIZON / 86400.0) < PL_LEVEL
        s["hold"] = s["hold"] + 1 if fire else 0
        if not s["on"] and s["hold"] >= PL_FOR:
            s["on"] = True
            plin.append(dict(t=t, cause=None, scope="ont", onts={key}))
        elif s["on"] and not fire:
            s["on"] = False
    return static, plin


baselines.last_s, baselines.last_t = None, None


def score(name, orders, onts, faults):
    res = collections.OrderedDict()
    by_ont = collections.defaultdict(list)
    for o in orders:
        for k in o["onts"]:
            by_ont[k].append(o)
    gradual_imp = gradual_ok = 0
    leads = []
    caught = collections.Counter()
    total = collections.Counter()
    cause_ok = cause_n = 0
    shared_one = shared_n = 0
    dup_faults = 0
    misses = []
    for fid, members in sorted(faults.items()):
        kind = members[0]["kind"]
        keys = {(m["olt"], m["port"], int(m["ont"])) for m in members}
        start = members[0]["start_t"]
        matched = {}
        for k in keys:
            for o in by_ont[k]:
                if o["t"] >= start - SLACK:
                    matched[id(o)] = o
        matched = sorted(matched.values(), key=lambda o: o["t"])
        total[kind] += 1
        if matched:
            caught[kind] += 1
        else:
            imps0 = [m["impact_t"] for m in members if m["impact_t"]]
            misses.append("%s %s: no order%s" % (fid, kind, "" if imps0 else
                                                 " (no customer impact within the history)"))
        imps = [m["impact_t"] for m in members if m["impact_t"]]
        if kind in ("bend", "shared_gradual") and imps:
            gradual_imp += 1
            imp = min(imps)
            if matched:
                leads.append((imp - matched[0]["t"]) / 3600.0)
            if matched and imp - matched[0]["t"] >= 24 * 3600:
                gradual_ok += 1
            elif matched:
                misses.append("%s %s: lead %.1f h" % (fid, kind, (imp - matched[0]["t"]) / 3600))
        if matched:
            cause_n += 1
            exp = members[0]["cause"]
            if matched[0]["cause"] == exp and (kind not in ("shared_gradual", "shared_step") or
                                               matched[0]["scope"] == members[0]["scope"]):
                cause_ok += 1
            elif matched[0]["cause"] is not None:
                misses.append("%s %s: cause %s/%s, want %s/%s" % (fid, kind, matched[0]["cause"],
                              matched[0]["scope"], exp, members[0]["scope"]))
        if kind.startswith("shared"):
            shared_n += 1
            covering = [o for o in matched if len(o["onts"] & keys) >= 0.8 * len(keys)]
            if len(matched) == 1 and covering:
                shared_one += 1
        if len(matched) > 1 and not kind.startswith("shared"):
            dup_faults += 1
            misses.append("%s %s: %d orders" % (fid, kind, len(matched)))
        elif kind.startswith("shared") and len(matched) > 1:
            dup_faults += 1
    fp = collections.Counter()
    cat_n = collections.Counter()
    for k, r in onts.items():
        if r["category"] in ("healthy", "switched_off", "marginal"):
            cat_n[r["category"]] += 1
            if by_ont.get(k):
                fp[r["category"]] += 1
    clean = sum(cat_n.values())
    res["orders opened"] = str(len(orders))
    res["gradual faults ordered >= 24 h before impact"] = "%d / %d" % (gradual_ok, gradual_imp)
    leads.sort()
    res["  lead before impact: min / median"] = ("%.1f h / %.1f h" % (leads[0], leads[len(leads) // 2])
                                                 if leads else "-")
    for kind in ("bend", "connector", "shared_gradual", "shared_step", "ageing", "cut", "unstable"):
        res["caught: %s" % kind] = "%d / %d" % (caught[kind], total[kind])
    res["cause (and scope) right"] = "%d / %d" % (cause_ok, cause_n) if name == "ontwatch" else "n/a"
    res["shared fault = one order covering its ONTs"] = "%d / %d" % (shared_one, shared_n)
    res["faults with more than one order"] = str(dup_faults)
    res["healthy/off/marginal ONTs with an order"] = "%d / %d (%.2f%%)" % (
        sum(fp.values()), clean, 100.0 * sum(fp.values()) / max(clean, 1))
    for c in ("healthy", "switched_off", "marginal"):
        res["  of which %s" % c] = "%d / %d" % (fp[c], cat_n[c])
    return res, misses


def main():
    scen, orders_path = sys.argv[1], sys.argv[2]
    onts, faults = load_labels(scen + "/labels.csv")
    ours = load_orders(orders_path)
    static, plin = baselines(scen + "/readings.csv")
    cols = [("ontwatch", ours), ("static -25 dBm x3", static), ("predict_linear 12h->7d", plin)]
    results = [(n,) + score(n, o, onts, faults) for n, o in cols]
    print("| measure | " + " | ".join(n for n, _, _ in results) + " |")
    print("|---|" + "---|" * len(results))
    for k in results[0][1]:
        print("| %s | %s |" % (k, " | ".join(r[1][k] for r in results)))
    print()
    print("ontwatch misses:")
    for m in results[0][2]:
        print("  " + m)


if __name__ == "__main__":
    main()
