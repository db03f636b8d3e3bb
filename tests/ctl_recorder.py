#!/usr/bin/env python3
"""ctl_recorder: a real HTTP peer on 127.0.0.1 for ontwatchctl's client tests (which URL, which
token, which method and body it sends; how it shows an answer), where the daemon cannot tell.

Records every request as one JSON line (method, path, the Authorization header, body) and
answers with the control file, re-read on every request: its first line is the status code,
the rest the body (sent as application/json).
Usage: ctl_recorder.py PORT LOGFILE CONTROLFILE READYFILE
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, CONTROL, READY = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def answer(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        with lock:
            with open(LOG, "a") as f:
                f.write(json.dumps({"method": self.command, "path": self.path,
                                    "auth": self.headers.get("Authorization"),
                                    "ctype": self.headers.get("Content-Type"),
                                    "body": body}) + "\n")
            with open(CONTROL) as f:
                code, _, text = f.read().partition("\n")
        data = text.encode()
        self.send_response(int(code))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = answer


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = True
with open(READY, "w") as f:
    f.write("ready\n")
server.serve_forever()
