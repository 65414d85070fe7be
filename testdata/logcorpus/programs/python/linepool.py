"""Four long-lived worker processes (os.fork) on one stderr, no prefix
(issue 18, tune), each running its own queue of 6 jobs, started together.
A failing job's traceback is written one line per write (a handler that
prints traceback.format_exc() line by line on an unbuffered stderr, the
worker losing the CPU between lines as on a busy machine), so the
tracebacks of workers failing at the same moment interleave line by line;
a passing job prints "worker N: job K done".

Jobs per worker:
  worker 0: crop, ok, crop, exif, crop, ok
  worker 1: exif, crop, ok, exif, bill, crop
  worker 2: bill, ok, crop, bill, exif, ok
  worker 3: crop, exif, ok, exif, crop, bill
  "crop" -> ZeroDivisionError in ratio via crop_box               8
  "exif" -> AttributeError on None in camera (no frame below)     6
  "bill" -> KeyError 'currency' in price_of via invoice_total      4
"""
import os
import sys
import time
import traceback

QUEUES = [
    ["crop", "ok", "crop", "exif", "crop", "ok"],
    ["exif", "crop", "ok", "exif", "bill", "crop"],
    ["bill", "ok", "crop", "bill", "exif", "ok"],
    ["crop", "exif", "ok", "exif", "crop", "bill"],
]


def ratio(w, h):
    return w / h


def crop_box(img):
    return ratio(img["w"], img["h"])


def camera(meta):
    return meta.get("model")


def price_of(item):
    return item["currency"]


def invoice_total(items):
    return sum(price_of(i) for i in items)


def run_job(kind):
    if kind == "crop":
        return crop_box({"w": 640, "h": 0})
    if kind == "exif":
        return camera(None)
    if kind == "bill":
        return invoice_total([{"amount": 3}])
    return None


def worker(n, queue, gate):
    os.read(gate, 1)
    for k, kind in enumerate(queue):
        try:
            run_job(kind)
            sys.stderr.write("worker %d: job %d done\n" % (n, k))
        except Exception:
            for line in traceback.format_exc().splitlines(True):
                sys.stderr.write(line)
                time.sleep(0.0002)  # a busy machine: the others write meanwhile
    os._exit(0)


def main():
    r, w = os.pipe()
    for n, queue in enumerate(QUEUES):
        if os.fork() == 0:
            os.close(w)
            worker(n, queue, r)
    os.close(r)
    time.sleep(0.2)
    os.write(w, b"x" * len(QUEUES))
    os.close(w)
    for _ in QUEUES:
        os.wait()


if __name__ == "__main__":
    main()
