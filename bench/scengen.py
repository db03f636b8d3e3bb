#!/usr/bin/env python3
"""scengen: labelled histories of an ONT fleet for scoring the detector.

Writes DIR/readings.csv (the replay input), DIR/customers.csv (splitter topology) and
DIR/labels.csv (one row per ONT: its category, and for faulty ONTs the fault id, kind,
expected cause and scope, start and customer-impact times). Deterministic for a seed.

Fleet: OLTs x ports x 32 ONTs, 4 splitters of 8 per port. Healthy links sit at -15..-23 dBm
with +-0.3 dB noise, a small daily swing and rare single-sample spikes. Injected: gradual
drop-fibre bends, connector steps, splitter and whole-PON degradations (gradual or step),
ONT optics ageing, fibre cuts, unstable links, customers switching off at night,
marginal-but-stable links near the warning level, and whole-OLT poll gaps.

usage: scengen.py OUTDIR [--olts N] [--ports N] [--days D] [--poll SECONDS] [--seed S]
"""
import argparse
import math
import os
import random
import time

IMPACT = -27.5  # gpon-b+ impact level (sensitivity -28 + 0.5 dB margin)
T0 = 1772323200  # 2026-03-01T00:00:00Z


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class Ont:
    def __init__(self, rnd, olt, port, idx, splitter):
        self.olt, self.port, self.idx, self.splitter = olt, port, idx, splitter
        self.serial = "HWTC%08X" % rnd.getrandbits(32)
        self.base = rnd.uniform(-23.0, -15.0)
        self.tx = rnd.uniform(1.8, 2.6)
        self.bias = rnd.uniform(9.0, 15.0)
        self.temp = rnd.uniform(35, 48)
        self.upgap = rnd.uniform(0.5, 2.5)  # OLT Rx relative to ONT Rx
        self.phase = rnd.uniform(0, 2 * math.pi)
        self.category = "healthy"
        self.fault = None  # dict with kind, start, ...
        self.nightly_off = False
        self.noise = 0.15


def loss_at(f, t):
    """Extra loss in dB (positive) of a fault at time t, or None for LOS."""
    if f is None or t < f["start"]:
        return 0.0
    dt = (t - f["start"]) / 86400.0
    k = f["kind"]
    if k in ("bend", "shared_gradual"):
        return min(f["rate"] * dt, f.get("cap", 99.0))
    if k in ("connector", "shared_step"):
        return f["step"]
    if k == "cut":
        return None if t < f["start"] + f["duration"] else 0.0
    return 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--olts", type=int, default=4)
    ap.add_argument("--ports", type=int, default=8)
    ap.add_argument("--days", type=float, default=30)
    ap.add_argument("--poll", type=int, default=900)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)

    onts = []
    ports = []
    for o in range(a.olts):
        for p in range(a.ports):
            olt, port = "olt-%02d" % (o + 1), "0/%d/%d" % (p // 16 + 1, p % 16)
            members = []
            for i in range(32):
                sp = "sp-%s-%d-%d-%d" % (olt, p // 16 + 1, p % 16, i // 8)
                ont = Ont(rnd, olt, port, i, sp)
                onts.append(ont)
                members.append(ont)
            ports.append(members)

    end = T0 + int(a.days * 86400)
    fid = [0]

    def new_fault(kind, cause, scope, start, **kw):
        fid[0] += 1
        f = dict(id="F%03d" % fid[0], kind=kind, cause=cause, scope=scope, start=start)
        f.update(kw)
        return f

    def rand_start(lo_day=4.0, hi_frac=0.75):
        return T0 + int(rnd.uniform(lo_day, a.days * hi_frac) * 86400)

    free = [o for o in onts]
    rnd.shuffle(free)

    # shared faults first (they take whole splitters or ports)
    nports = len(ports)
    shared_ports = rnd.sample(range(nports), max(2, nports // 8))
    for n, pi in enumerate(shared_ports):
        members = ports[pi]
        if n % 2 == 0:  # a splitter
            sp = rnd.randrange(4)
            group = members[sp * 8:(sp + 1) * 8]
            scope = "splitter"
        else:
            group = members
            scope = "pon"
        if n % 4 < 2:
            f = new_fault("shared_gradual", "shared_segment", scope, rand_start(),
                          rate=rnd.uniform(0.5, 2.0), cap=rnd.uniform(3.5, 6.0))
        else:
            f = new_fault("shared_step", "shared_segment", scope, rand_start(),
                          step=rnd.uniform(3.0, 5.0))
        for o in group:
            o.category = "fault"
            o.fault = f
    free = [o for o in free if o.fault is None]

    def take(n):
        out = free[:n]
        del free[:n]
        return out

    n = len(onts)
    per = max(2, n // 100)  # about 1% of the fleet per fault kind
    for o in take(per * 2):
        o.category = "fault"
        o.fault = new_fault("bend", "fiber_bend", "ont", rand_start(),
                            rate=rnd.choice([0.3, 0.5, 0.8, 1.2, 2.0, 3.0]) *
                            rnd.uniform(0.9, 1.1))
    for o in take(per):
        o.category = "fault"
        o.fault = new_fault("connector", "connector", "ont", rand_start(),
                            step=rnd.uniform(3.2, 6.0))
    for o in take(per):
        o.category = "fault"
        o.fault = new_fault("ageing", "ont_optics", "ont", rand_start(4, 0.5),
                            bias_rate=rnd.uniform(0.025, 0.05),
                            tx_rate=rnd.uniform(0.05, 0.12))
    for o in take(per):
        o.category = "fault"
        o.fault = new_fault("cut", "fiber_break", "ont", rand_start(),
                            duration=int(rnd.uniform(3, 30) * 3600))
    for o in take(per):
        o.category = "fault"
        o.fault = new_fault("unstable", "unstable_link", "ont", rand_start(),
                            per_day=rnd.uniform(3, 8))
    for o in take(per * 3):
        o.category = "marginal"
        o.base = rnd.uniform(-25.2, -24.3)
    for o in take(n // 10):
        o.category = "switched_off"
        o.nightly_off = True
    # a few spikier but healthy ONTs
    for o in free[: n // 20]:
        o.noise = 0.25

    # impact time: when the true Rx first reaches IMPACT (or LOS)
    for o in onts:
        f = o.fault
        if f is None:
            continue
        if f["kind"] == "cut":
            f.setdefault("impacts", {})[o.serial] = f["start"]
        elif f["kind"] in ("bend", "shared_gradual", "connector", "shared_step"):
            imp = None
            t = f["start"]
            while t < end:
                if o.base - loss_at(f, t) <= IMPACT:
                    imp = t
                    break
                t += a.poll
            f.setdefault("impacts", {})[o.serial] = imp

    # unstable links: a list of 1-poll LOS times and jitter bursts
    for o in onts:
        f = o.fault
        if f and f["kind"] == "unstable":
            evs = set()
            t = f["start"]
            while t < end:
                t += int(rnd.expovariate(f["per_day"] / 86400.0))
                evs.add(t - t % a.poll)
            o.los_polls = evs

    # whole-OLT poll gaps
    gaps = []
    for _ in range(max(1, a.olts // 2)):
        olt = "olt-%02d" % (rnd.randrange(a.olts) + 1)
        s = rand_start(1, 0.95)
        gaps.append((olt, s, s + int(rnd.uniform(2, 8) * 3600)))

    with open(os.path.join(a.outdir, "customers.csv"), "w") as fc:
        fc.write("serial,customer_id,name,tier,phone,address,lat,lon,splitter,windows\n")
        for k, o in enumerate(onts):
            fc.write("%s,C%06d,Customer %d,%s,+3100000%04d,\"Street %d, Town\",52.%04d,4.%04d,%s,%s\n"
                     % (o.serial, k, k, rnd.choice(["residential", "business"]), k % 10000,
                        k, k % 10000, (k * 7) % 10000, o.splitter,
                        rnd.choice(["", "Mon-Fri 18:00-21:00;Sat 09:00-12:00", "Sat 09:00-12:00"])))

    with open(os.path.join(a.outdir, "labels.csv"), "w") as fl:
        fl.write("olt,port,ont,serial,category,fault,kind,cause,scope,start,impact\n")
        for o in onts:
            f = o.fault
            if f:
                imp = f.get("impacts", {}).get(o.serial)
                fl.write("%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s\n" % (
                    o.olt, o.port, o.idx, o.serial, o.category, f["id"], f["kind"], f["cause"],
                    f["scope"], iso(f["start"]), iso(imp) if imp else ""))
            else:
                fl.write("%s,%s,%d,%s,%s,,,,,,\n" % (o.olt, o.port, o.idx, o.serial, o.category))

    with open(os.path.join(a.outdir, "readings.csv"), "w", buffering=1 << 20) as fr:
        fr.write("time,olt,port,ont,serial,status,rx_dbm,tx_dbm,olt_rx_dbm,bias_ma,temp_c,voltage_v\n")
        t = T0
        gauss = rnd.gauss
        rand = rnd.random
        while t < end:
            ts = iso(t)
            hod = (t % 86400) / 3600.0
            night = hod >= 23 or hod < 7
            out = []
            for o in onts:
                if any(g[0] == o.olt and g[1] <= t < g[2] for g in gaps):
                    continue
                if o.nightly_off and night:
                    st = "dying_gasp" if (hod >= 23 and hod - 23 < a.poll / 3600.0) else "offline"
                    out.append("%s,%s,%s,%d,%s,%s,,,,,,\n" % (ts, o.olt, o.port, o.idx, o.serial, st))
                    continue
                f = o.fault
                loss = loss_at(f, t)
                if loss is None or (f and f["kind"] == "unstable" and t in o.los_polls):
                    out.append("%s,%s,%s,%d,%s,los,,,,,,\n" % (ts, o.olt, o.port, o.idx, o.serial))
                    continue
                swing = 0.15 * math.sin(2 * math.pi * hod / 24 + o.phase)
                rx = o.base - loss + swing + gauss(0, o.noise)
                tx, bias = o.tx + gauss(0, 0.04), o.bias + gauss(0, 0.1)
                if f and f["kind"] == "ageing" and t >= f["start"]:
                    d = (t - f["start"]) / 86400.0
                    bias *= 1 + f["bias_rate"] * d
                    tx -= f["tx_rate"] * d
                if f and f["kind"] == "unstable" and t >= f["start"] and rand() < 0.08:
                    rx -= rnd.uniform(2.5, 6.0)
                if rand() < 0.0007:
                    rx -= rnd.uniform(4, 12)  # single-sample spike
                orx = rx - o.upgap + (tx - o.tx)
                temp = o.temp + 3 * math.sin(2 * math.pi * hod / 24 + o.phase) + gauss(0, 0.2)
                out.append("%s,%s,%s,%d,%s,online,%.2f,%.2f,%.2f,%.2f,%.1f,3.30\n"
                           % (ts, o.olt, o.port, o.idx, o.serial, max(rx, -40.0), tx,
                              max(orx, -40.0), bias, temp))
            fr.write("".join(out))
            t += a.poll


if __name__ == "__main__":
    main()
