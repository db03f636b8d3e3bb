#!/usr/bin/env python3
"""snmp_badagent: a deliberately misbehaving SNMPv2c agent on 127.0.0.1 for tests.

  snmp_badagent.py PORT MODE

Serves one Huawei port (0/1/0) with ONTs 1..8 in the rx column
(1.3.6.1.4.1.2011.6.128.1.1.2.51.1.4, value -2000 - ont) and nothing else, and
misbehaves according to MODE:
  loop     after ONT 3, every GETNEXT/GETBULK answer repeats ONT 3's OID
           (a non-increasing OID: a walker that trusts it never ends)
  toobig   answers tooBig to any GETBULK whose max-repetitions is above 4
  count    behaves, and prints the number of requests served on SIGTERM
Every request is logged to stdout as "REQ nonrep maxrep nvarbinds".
"""
import signal
import socket
import sys

RX = (1, 3, 6, 1, 4, 1, 2011, 6, 128, 1, 1, 2, 51, 1, 4)
IFINDEX = 4194312192
ROWS = [(RX + (IFINDEX, ont), -2000 - ont) for ont in range(1, 9)]


def tlv(tag, body):
    n = len(body)
    if n < 128:
        return bytes([tag, n]) + body
    if n < 256:
        return bytes([tag, 0x81, n]) + body
    return bytes([tag, 0x82, n >> 8, n & 0xFF]) + body


def enc_int(v, tag=0x02):
    b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big", signed=True)
    return tlv(tag, b)


def enc_oid(o):
    out = bytearray([o[0] * 40 + o[1]])
    for sub in o[2:]:
        chunk = [sub & 0x7F]
        sub >>= 7
        while sub:
            chunk.append(0x80 | (sub & 0x7F))
            sub >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


def dec(b, i):
    """(tag, body, next index) of the TLV at b[i]."""
    tag, n = b[i], b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[i:i + k], "big")
        i += k
    return tag, b[i:i + n], i + n


def dec_int(body):
    return int.from_bytes(body, "big", signed=True)


def dec_oid(body):
    o = [body[0] // 40, body[0] % 40]
    v = 0
    for c in body[1:]:
        v = (v << 7) | (c & 0x7F)
        if not c & 0x80:
            o.append(v)
            v = 0
    return tuple(o)


def next_row(o):
    for name, val in ROWS:
        if name > o:
            return name, val
    return None


def main():
    port, mode = int(sys.argv[1]), sys.argv[2]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    served = [0]

    def done(*_):
        print("SERVED %d" % served[0], flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, done)
    print("READY", flush=True)
    while True:
        data, peer = s.recvfrom(65535)
        try:
            _, msg, _ = dec(data, 0)
            _, ver, i = dec(msg, 0)
            _, comm, i = dec(msg, i)
            ptag, pdu, _ = dec(msg, i)
            _, reqid, j = dec(pdu, 0)
            _, f1, j = dec(pdu, j)
            _, f2, j = dec(pdu, j)
            _, vbl, _ = dec(pdu, j)
            oids, k = [], 0
            while k < len(vbl):
                _, vb, k = dec(vbl, k)
                _, ob, _ = dec(vb, 0)
                oids.append(dec_oid(ob))
        except (IndexError, ValueError):
            continue
        nonrep, maxrep = dec_int(f1), dec_int(f2)
        served[0] += 1
        print("REQ %d %d %d" % (nonrep, maxrep, len(oids)), flush=True)
        err, out = 0, []
        if mode == "toobig" and ptag == 0xA5 and maxrep > 4:
            err = 1
        else:
            reps = maxrep if ptag == 0xA5 else 1
            cur = list(oids)
            for _ in range(reps):
                for c, o in enumerate(cur):
                    if mode == "loop" and o >= ROWS[2][0]:
                        nxt = ROWS[2]  # ONT 3 again and again
                    else:
                        nxt = next_row(o)
                    if nxt is None:
                        out.append(enc_oid(o) + b"\x82\x00")  # endOfMibView
                        continue
                    out.append(enc_oid(nxt[0]) + enc_int(nxt[1]))
                    cur[c] = nxt[0]
        vbs = b"".join(tlv(0x30, v) for v in out) if not err else b"".join(
            tlv(0x30, enc_oid(o) + b"\x05\x00") for o in oids)
        resp = tlv(0xA2, enc_int(dec_int(reqid)) + enc_int(err) + enc_int(1 if err else 0) +
                   tlv(0x30, vbs))
        s.sendto(tlv(0x30, enc_int(dec_int(ver)) + tlv(0x04, comm) + resp), peer)


if __name__ == "__main__":
    main()
