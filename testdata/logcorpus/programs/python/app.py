"""A small Flask-like web app (standard library only) for the log corpus.

It serves a few routes, some of which fail, and logs each failure the way
Flask does: "Exception on /path [GET]" followed by the traceback. With
--provoke it starts on a free port, requests its own routes a known number
of times and exits: the log on stderr is what the corpus keeps.
"""
import http.server
import json
import os
import logging
import sys
import threading
import time
import urllib.error
import urllib.request

log = logging.getLogger("shop")

PRICES = {"apple": 3, "pear": 5}


def average(total, n):
    return total / n


def price_of(item):
    return PRICES[item]


def load_config(text):
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError("invalid shop config") from e


def checkout(cart):
    try:
        return sum(price_of(i) for i in cart)
    except KeyError:
        # A bug in the handler of the handler: During handling of the above...
        return cart.total


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        log.info("%s - %s", self.address_string(), fmt % args)

    def do_GET(self):
        try:
            body = self.route()
        except Exception:
            log.exception("Exception on %s [GET]", self.path)
            self.send_response(500)
            self.end_headers()
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body.encode())

    def route(self):
        path = self.path.split("?")[0]
        if path == "/avg":
            return str(average(10, 0))
        if path == "/price":
            return str(price_of("durian"))
        if path == "/config":
            return str(load_config("{not json"))
        if path == "/checkout":
            return str(checkout(["apple", "kiwi"]))
        return "ok"


def main():
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s [%(name)s] %(message)s",
    )
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % srv.server_address[1]
    log.info("listening on %s", base)
    # path -> times requested; every failing route fails each time.
    plan = [("/avg", 3), ("/", 2), ("/price", 2), ("/config", 1), ("/checkout", 7)]
    # Request ids are 8 hex digits; some happen to be all decimal digits.
    rids = ["5a17c0de", "20250117", "9f3e0a41", "73105522", "c0ffee12", "00981234", "deadbe01"]
    k = 0
    # SHOP_PACE_MS spaces the requests out (to run beside another service).
    pace = float(os.environ.get("SHOP_PACE_MS", "0")) / 1000
    for path, n in plan:
        for i in range(n):
            k += 1
            time.sleep(pace)
            try:
                urllib.request.urlopen(base + path + "?rid=" + rids[k % len(rids)]).read()
            except urllib.error.HTTPError:
                pass
    srv.shutdown()
    log.info("shutting down")


if __name__ == "__main__":
    main()
