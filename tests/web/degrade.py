#!/usr/bin/env python3
"""degrade: a feeder fault on one PON port of a simulated Huawei OLT (tests/simolt.py output):
copy the .snmprec with the downstream Rx of every online ONT on that port lowered by --db
(the OLT-side Rx too), so a daemon polling the new data sees the whole port lose light at once.

  degrade.py --port 0/1/1 --db 6 IN.snmprec OUT.snmprec
"""
import argparse
import sys

HW_DDM = "1.3.6.1.4.1.2011.6.128.1.1.2.51.1."
HW_NONE = 2147483647


def port_ifindex(port):
    """The Huawei ifIndex of FRAME/SLOT/PORT, as simolt.py encodes it."""
    frame, slot, pon = (int(x) for x in port.split("/"))
    return 125 << 25 | frame << 19 | slot << 13 | pon << 8


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", required=True, help="FRAME/SLOT/PORT")
    ap.add_argument("--db", type=float, required=True, help="loss in dB")
    ap.add_argument("src")
    ap.add_argument("dst")
    a = ap.parse_args()
    ifindex = str(port_ifindex(a.port))
    changed = 0
    out = []
    for line in open(a.src):
        oid, typ, val = line.rstrip("\n").split("|", 2)
        if oid.startswith(HW_DDM):
            col, idx = oid[len(HW_DDM):].split(".", 1)
            # column 4: ONT Rx in 0.01 dBm; 6: OLT Rx in 0.01 dBm + 10000
            if idx.split(".")[0] == ifindex and col in ("4", "6") and int(val) != HW_NONE:
                val = str(int(val) - round(a.db * 100))
                changed += col == "4"
        out.append("%s|%s|%s\n" % (oid, typ, val))
    if changed == 0:
        sys.exit("degrade: no online ONT on port %s" % a.port)
    with open(a.dst, "w") as f:
        f.writelines(out)
    print("degrade: %d ONTs on port %s lost %.1f dB" % (changed, a.port, a.db))


if __name__ == "__main__":
    main()
