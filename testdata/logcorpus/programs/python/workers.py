"""Several worker processes that print tracebacks to one shared stderr.

Each worker handles its own list of tasks and prints the traceback of every
failing task with traceback.print_exc, line by line on an unbuffered
stderr, while the others do the same: the lines of different tracebacks
interleave, as they do when several workers of a server share stderr.
"""
import multiprocessing
import os
import sys
import time
import traceback


def resize(img, w):
    return img["h"] * 100 // w


def lookup(table, key):
    return table[key]


def task(kind):
    if kind == "resize":
        return resize({"h": 10}, 0)
    if kind == "lookup":
        return lookup({}, "thumbnail")
    if kind == "attr":
        return None.encode()
    return 0


def worker(n, kinds):
    sys.stderr = os.fdopen(2, "w", buffering=1)
    for i, kind in enumerate(kinds):
        try:
            task(kind)
        except Exception:
            print("worker-%d: task %d (%s) failed:" % (n, i, kind), file=sys.stderr)
            # print_exc writes each line with its own write(2).
            for line in traceback.format_exc().splitlines():
                sys.stderr.write(line + "\n")
                sys.stderr.flush()
                time.sleep(0.001)


def main():
    # 4 workers; totals: resize 8, lookup 4, attr 2.
    plans = [
        ["resize", "lookup", "resize", "ok"],
        ["resize", "resize", "attr", "lookup"],
        ["lookup", "resize", "ok", "resize"],
        ["resize", "attr", "lookup", "resize"],
    ]
    ps = [multiprocessing.Process(target=worker, args=(n + 1, k)) for n, k in enumerate(plans)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()


if __name__ == "__main__":
    main()
