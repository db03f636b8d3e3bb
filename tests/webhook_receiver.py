#!/usr/bin/env python3
"""webhook_receiver: a real HTTP receiver on 127.0.0.1 for delivery tests.

Records every request (arrival time, Standard Webhooks headers, body, the answer it gives) as
one JSON line, verifies nothing itself, and answers as the control file says, re-read on every
request:
  ok              200
  CODE            that status (500, 410, 400, 429, ...) with a short body
  CODExN          that status for the next N requests, then ok
  CODEraS         that status with "Retry-After: S" (seconds)
  slow:SECONDS    wait, then 200 (past the client's timeout: the client gives up)
  drop            close the connection without an answer
Usage: webhook_receiver.py PORT LOGFILE CONTROLFILE READYFILE
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, CONTROL, READY = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
lock = threading.Lock()


def decide():
    """The answer for this request; counts down CODExN under the lock."""
    with lock:
        try:
            with open(CONTROL) as f:
                mode = f.read().strip() or "ok"
        except FileNotFoundError:
            mode = "ok"
        if "x" in mode and mode.split("x")[0].isdigit():
            code, left = mode.split("x", 1)
            left = int(left) - 1
            with open(CONTROL, "w") as f:
                f.write("ok" if left <= 0 else "%sx%d" % (code, left))
            return code
        return mode


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        mode = decide()
        rec = {
            "t": time.time(),
            "path": self.path,
            "id": self.headers.get("webhook-id"),
            "ts": self.headers.get("webhook-timestamp"),
            "sig": self.headers.get("webhook-signature"),
            "ctype": self.headers.get("Content-Type"),
            "body": body,
            "mode": mode,
        }
        with lock:
            with open(LOG, "a") as f:
                f.write(json.dumps(rec) + "\n")
        if mode == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        code, retry_after = 200, None
        if mode.startswith("slow:"):
            time.sleep(float(mode[5:]))
        elif "ra" in mode:
            code, retry_after = mode.split("ra")
            code = int(code)
        elif mode != "ok":
            code = int(mode)
        answer = ("answer %d from the test receiver" % code).encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(answer)))
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.end_headers()
        try:
            self.wfile.write(answer)
        except (BrokenPipeError, ConnectionResetError):
            pass


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = True
with open(READY, "w") as f:
    f.write("ready\n")
server.serve_forever()
