#!/usr/bin/env python3
"""api_history: the recent past of a simulated OLT as readings CSV (for store-import), so the
daemon starts with baselines and trends: every online ONT of the simolt --expect file flat at
its current levels, except the ONTs given with --decline SERIAL:DB_PER_DAY, which fell at that
rate over the last 48 hours to their current level. Deterministic for one --now."""
import argparse
import sys


def iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expect", required=True, help="simolt --expect file")
    ap.add_argument("--now", type=int, required=True, help="Unix seconds of the last reading")
    ap.add_argument("--hours", type=int, default=95)
    ap.add_argument("--step", type=int, default=900, help="seconds between readings")
    ap.add_argument("--decline", action="append", default=[], help="SERIAL:DB_PER_DAY")
    a = ap.parse_args()
    rates = {}
    for d in a.decline:
        s, r = d.split(":")
        rates[s] = float(r)
    onts = []
    for line in open(a.expect):
        if not line.startswith("ONT "):
            continue
        f = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
        if f.get("status") != "online":
            continue
        onts.append(f)
    out = sys.stdout
    out.write("time,olt,port,ont,serial,status,rx_dbm,tx_dbm,olt_rx_dbm,bias_ma,temp_c,voltage_v\n")
    start = a.now - a.hours * 3600
    decline_from = a.now - 48 * 3600
    for t in range(start, a.now, a.step):
        for i, f in enumerate(onts):
            rx, orx = float(f["rx"]), float(f["olt_rx"])
            rate = rates.get(f["serial"], 0.0)
            # fell at `rate` dB/day over the last 48 h, flat before
            back = min(a.now - t, a.now - decline_from) / 86400.0 * rate
            wobble = ((t // a.step + i) % 3 - 1) * 0.02
            out.write("%s,%s,%s,%s,%s,online,%.2f,%s,%.2f,%s,%s,%s\n" % (
                iso(t), f["olt"], f["port"], f["ont"], f["serial"], rx + back + wobble,
                f["tx"], orx + back + wobble, f["bias"], f["temp"], f["volt"]))


if __name__ == "__main__":
    main()
