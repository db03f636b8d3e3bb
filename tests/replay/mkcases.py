#!/usr/bin/env python3
"""mkcases: writes the small recorded-history cases of tests/replay (deterministic).
Each case is NAME.csv (readings) and optionally NAME.customers.csv; the expected order
events NAME.jsonl are made by update.sh from a reviewed build.
usage: mkcases.py [DIR]"""
import math
import os
import random
import sys
import time

T0 = 1772323200  # 2026-03-01T00:00:00Z
HOUR = 3600
HEADER = "time,olt,port,ont,serial,status,rx_dbm,tx_dbm,olt_rx_dbm,bias_ma,temp_c,voltage_v\n"


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def write(path, n, days, level, rnd, port="0/1/0", poll=HOUR):
    """level(i, t) -> (status, rx) ; rx None for no values."""
    with open(path, "w") as f:
        f.write(HEADER)
        for t in range(T0, T0 + days * 86400, poll):
            for i in range(n):
                st, rx = level(i, t)
                if rx is None:
                    f.write("%s,olt-01,%s,%d,HWTC%08d,%s,,,,,,\n" % (iso(t), port, i, i, st))
                    continue
                rx += rnd.gauss(0, 0.15)
                f.write("%s,olt-01,%s,%d,HWTC%08d,%s,%.2f,%.2f,%.2f,%.2f,%.1f,3.30\n" % (
                    iso(t), port, i, i, st, rx, 2.2 + rnd.gauss(0, 0.03), rx - 1.5,
                    12 + rnd.gauss(0, 0.05), 45 + rnd.gauss(0, 0.2)))


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rnd = random.Random(7)
    day = 86400
    # a connector step on ONT 2 after 4.5 days; ONT 3 spikes once
    write(os.path.join(d, "step.csv"), 4, 6, lambda i, t: (
        "online", -18 - i - (4.2 if i == 2 and t >= T0 + 4.5 * day else 0)
        - (10 if i == 3 and t == T0 + 5 * day else 0)), rnd)
    # a bend of 1.5 dB/day from day 3.5 on ONT 1 (impact on day 7.5)
    write(os.path.join(d, "bend.csv"), 3, 7, lambda i, t: (
        "online", -21.5 - (1.5 * (t - T0 - 3.5 * day) / day if i == 1 and t >= T0 + 3.5 * day else 0)),
        rnd)
    # ONT 0 is switched off every night, ONT 1 is cut for 5 hours on day 4
    def cut(i, t):
        hod = (t % day) // HOUR
        if i == 0 and (hod >= 23 or hod < 7):
            return ("dying_gasp" if hod == 23 else "offline", None)
        if i == 1 and T0 + 4 * day <= t < T0 + 4 * day + 5 * HOUR:
            return ("los", None)
        return ("online", -20.0 - i)
    write(os.path.join(d, "cut.csv"), 3, 6, cut, rnd)
    # splitter sp-a (ONTs 0-3) loses 3.5 dB on day 4.5; sp-b (4-5) holds
    write(os.path.join(d, "splitter.csv"), 6, 6, lambda i, t: (
        "online", -17 - i * 0.7 - (3.5 if i < 4 and t >= T0 + 4.5 * day else 0)), rnd)
    with open(os.path.join(d, "splitter.customers.csv"), "w") as f:
        f.write("serial,customer_id,name,tier,phone,address,lat,lon,splitter,windows\n")
        for i in range(6):
            f.write('HWTC%08d,C%03d,"Customer, %d",residential,+31000000%02d,"Main St %d",52.1,4.3,%s,%s\n'
                    % (i, i, i, i, i, "sp-a" if i < 4 else "sp-b",
                       "Mon-Fri 18:00-21:00;Sat 09:00-12:00" if i % 2 else ""))
    # two ports, the same 2.5 dB step on ONT 1 of each on day 4.5: less than baseline_drop
    # and above rx_low_warn, so nothing is ordered unless a stricter profile applies
    # (override.conf sets rx_low_warn -21 on port 0/1/1 of olt-01 only)
    with open(os.path.join(d, "override.csv"), "w") as f:
        f.write(HEADER)
        for t in range(T0, T0 + 6 * day, HOUR):
            for port in ("0/1/0", "0/1/1"):
                for i in range(2):
                    rx = -18.5 - i - (2.5 if i == 1 and t >= T0 + 4.5 * day else 0)
                    rx += rnd.gauss(0, 0.15)
                    f.write("%s,olt-01,%s,%d,HWTC%s%06d,online,%.2f,2.20,%.2f,12.00,45.0,3.30\n"
                            % (iso(t), port, i, port[-1] * 2, i, rx, rx - 1.5))


if __name__ == "__main__":
    main()
