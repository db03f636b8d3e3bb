#!/usr/bin/env python3
"""simolt: write an .snmprec file for a simulated Huawei or ZTE OLT of any size.

Each ONT gets physical values (dBm, mA, C, V, m) chosen from a seeded random
generator; they are encoded the way the vendor's MIB encodes them, and the
same physical values are written to an --expect file in snmp_poll_tool's
line format, so a test can check that decoding gives back what was meant.

ONT states: healthy (Rx -14..-22 dBm), degraded (Rx -26..-29.5 dBm, a dirty
or bent fibre), and offline with a cause: los (fibre), dying_gasp (power)
or offline (other). Offline ONTs report the vendor's "no reading" sentinels.

  simolt.py --vendor huawei --slots 2 --ports 16 --onts 64 --out olt.snmprec
"""
import argparse
import random
import sys

HW = "1.3.6.1.4.1.2011.6.128.1.1.2"
HW_NONE = 2147483647
ZTE_OPT = "1.3.6.1.4.1.3902.1012.3.50.12.1.1"
ZTE_OLTRX = "1.3.6.1.4.1.3902.1015.1010.11.2.1.2"
ZTE_STATE = "1.3.6.1.4.1.3902.1012.3.28.2.1.4"
ZTE_RTD = "1.3.6.1.4.1.3902.1012.3.11.4.1.2"
ZTE_SN = "1.3.6.1.4.1.3902.1012.3.28.1.1.5"
ZTE_NAME = "1.3.6.1.4.1.3902.1012.3.28.1.1.3"


def choose(rng, degraded, offline):
    """Physical values of one ONT."""
    x = rng.random()
    ont = {
        "tx": round(rng.uniform(1.5, 3.5), 2),
        "bias": rng.randint(8, 30),
        "temp": rng.randint(25, 60),
        "volt": rng.randint(3200, 3400),  # mV
        "dist": rng.randint(300, 20000),
        "state": "online",
    }
    if x < offline:
        ont["state"] = rng.choice(["los", "dying_gasp", "offline"])
        ont["rx"] = None
        ont["olt_rx"] = None
    elif x < offline + degraded:
        ont["rx"] = round(rng.uniform(-29.5, -26.0), 2)
        ont["olt_rx"] = round(ont["rx"] - rng.uniform(0.5, 2.0), 2)
    else:
        ont["rx"] = round(rng.uniform(-22.0, -14.0), 2)
        ont["olt_rx"] = round(ont["rx"] - rng.uniform(0.5, 2.0), 2)
    return ont


def fmt(v, prec):
    return "-" if v is None else "%.*f" % (prec, v)


def expect_line(olt, port, onu, serial, ont, desc, dist_known):
    down = ont["state"] != "online"
    st = ont["state"]
    last = {"online": "unknown", "los": "los", "dying_gasp": "dying_gasp",
            "offline": "offline"}[st]
    # Offline ONTs carry no light levels and no DDM values.
    return ("ONT olt=%s port=%s ont=%d serial=%s status=%s last_down=%s rx=%s tx=%s "
            "olt_rx=%s bias=%s temp=%s volt=%s dist=%d desc=%s" % (
                olt, port, onu, serial, st, last, fmt(ont["rx"], 2),
                "-" if down else fmt(ont["tx"], 2), fmt(ont["olt_rx"], 2),
                "-" if down else fmt(ont["bias"], 2), "-" if down else fmt(ont["temp"], 2),
                "-" if down else fmt(ont["volt"] / 1000.0, 3),
                ont["dist"] if (dist_known and not down) else -1, desc))


def huawei(args, rng, rec, exp):
    down_cause = {"los": 1, "dying_gasp": 13, "offline": 9}
    for frame in range(1):
        for slot in range(1, args.slots + 1):
            for port in range(args.ports):
                ifindex = 125 << 25 | frame << 19 | slot << 13 | port << 8
                for onu in range(args.onts):
                    o = choose(rng, args.degraded, args.offline)
                    i = "%d.%d" % (ifindex, onu)
                    sn = "%08X" % rng.getrandbits(32)
                    desc = "cust-%d-%d-%d-%d" % (frame, slot, port, onu)
                    down = o["state"] != "online"
                    rec.append((HW + ".43.1.3." + i, "4x", b"HWTC".hex() + sn.lower()))
                    rec.append((HW + ".43.1.9." + i, "4", desc))
                    rec.append((HW + ".46.1.15." + i, "2", 2 if down else 1))
                    rec.append((HW + ".46.1.24." + i, "2",
                                down_cause[o["state"]] if down else -1))
                    rec.append((HW + ".46.1.20." + i, "2", -1 if down else o["dist"]))
                    ddm = [o["temp"], o["bias"], round(o["tx"] * 100), None,
                           o["volt"], None]
                    if down:
                        ddm = [HW_NONE] * 6
                    else:
                        ddm[3] = round(o["rx"] * 100)
                        ddm[5] = round(o["olt_rx"] * 100) + 10000
                    for col, v in enumerate(ddm, 1):
                        rec.append((HW + ".51.1.%d.%s" % (col, i), "2", v))
                    exp.append(expect_line(args.name, "%d/%d/%d" % (frame, slot, port), onu,
                                           "HWTC" + sn, o, desc, True))


def zte(args, rng, rec, exp):
    state = {"online": 3, "los": 1, "dying_gasp": 4, "offline": 6}
    for slot in range(1, args.slots + 1):
        for port in range(1, args.ports + 1):
            idx = 1 << 28 | 0 << 24 | slot << 16 | port << 8
            for onu in range(1, args.onts + 1):
                o = choose(rng, args.degraded, args.offline)
                i = "%d.%d" % (idx, onu)
                sn = "%08X" % rng.getrandbits(32)
                desc = "cust-%d-%d-%d" % (slot, port, onu)
                down = o["state"] != "online"
                rec.append((ZTE_NAME + "." + i, "4", desc))
                rec.append((ZTE_SN + "." + i, "4x", b"ZTEG".hex() + sn.lower()))
                rec.append((ZTE_STATE + "." + i, "2", state[o["state"]]))
                if not down:
                    rec.append((ZTE_RTD + "." + i, "2", o["dist"]))
                rec.append((ZTE_OPT + ".10." + i + ".1", "2",
                            65535 if down else round((o["rx"] + 30) * 500)))
                rec.append((ZTE_OPT + ".14." + i + ".1", "2",
                            65535 if down else round((o["tx"] + 30) * 500)))
                rec.append((ZTE_OLTRX + "." + i, "2",
                            -80000 if down else round(o["olt_rx"] * 1000)))
                line = expect_line(args.name, "1/%d/%d" % (slot, port), onu, "ZTEG" + sn, o,
                                   desc, True)
                exp.append(fix_zte(line))


def fix_zte(line):
    """ZTE's profile reads no DDM bias/temperature/voltage and no last down cause."""
    parts = []
    for p in line.split(" "):
        k = p.split("=", 1)[0]
        if k in ("bias", "temp", "volt"):
            p = k + "=-"
        elif k == "last_down":
            p = "last_down=unknown"
        parts.append(p)
    return " ".join(parts)


def oid_key(rec):
    return tuple(int(x) for x in rec[0].split("."))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vendor", choices=["huawei", "zte"], required=True)
    ap.add_argument("--slots", type=int, default=1)
    ap.add_argument("--ports", type=int, default=1)
    ap.add_argument("--onts", type=int, default=8, help="ONTs per port")
    ap.add_argument("--degraded", type=float, default=0.1, help="share of degraded ONTs")
    ap.add_argument("--offline", type=float, default=0.05, help="share of offline ONTs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--name", default="sim", help="OLT name in the --expect lines")
    ap.add_argument("--out", required=True, help=".snmprec file to write")
    ap.add_argument("--expect", help="also write the intended readings here")
    args = ap.parse_args()
    if args.slots < 1 or args.ports < 1 or args.onts < 1:
        ap.error("slots, ports and onts must be positive")
    if args.vendor == "huawei" and (args.slots > 63 or args.ports > 31 or args.onts > 256):
        ap.error("huawei: at most 63 slots, 31 ports, 256 ONTs per port")
    if args.vendor == "zte" and (args.slots > 255 or args.ports > 255 or args.onts > 256):
        ap.error("zte: at most 255 slots, 255 ports, 256 ONTs per port")
    rng = random.Random(args.seed)
    rec, exp = [], []
    (huawei if args.vendor == "huawei" else zte)(args, rng, rec, exp)
    rec.sort(key=oid_key)
    with open(args.out, "w") as f:
        for oid, typ, val in rec:
            f.write("%s|%s|%s\n" % (oid, typ, val))
    if args.expect:
        with open(args.expect, "w") as f:
            f.write("\n".join(sorted(exp)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
