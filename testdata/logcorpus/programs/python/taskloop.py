"""Long-lived worker processes on one stderr, no prefix (issue 18, tune):
3 os.fork() workers each run their own list of 6 tasks, started together,
printing "worker N: task K ok" for a task that passes and, for one that
fails, the traceback with traceback.print_exc() on an unbuffered stderr
(python3 -u: one write per frame) and going on with the next task. The
workers' tracebacks interleave with each other's and with the "ok" lines;
a worker's next traceback may start before another's has ended.

Tasks (worker 0..2), each worker's list in order:
  worker 0: thumb, ok, thumb, meta, thumb, ok
  worker 1: meta, thumb, ok, meta, quota, thumb
  worker 2: quota, ok, thumb, quota, meta, ok
  "thumb" -> ZeroDivisionError in scale through resize          6
  "meta"  -> AttributeError on None in read_meta via getattr    4
  "quota" -> OverflowError in check_quota (math.exp)            3
"""
import math
import os
import sys
import time
import traceback

PLAN = [
    ["thumb", "ok", "thumb", "meta", "thumb", "ok"],
    ["meta", "thumb", "ok", "meta", "quota", "thumb"],
    ["quota", "ok", "thumb", "quota", "meta", "ok"],
]


def scale(h, w):
    return h * 100 // w


def resize(img, width):
    return scale(img["h"], width)


def read_meta(doc):
    return doc.get("exif")


def check_quota(used):
    return math.exp(used) > 1e9


class Tasks:
    def thumb(self):
        return resize({"h": 480}, 0)

    def meta(self):
        return read_meta(None)

    def quota(self):
        return check_quota(1000.0)

    def ok(self):
        return True


def work(n, plan, gate):
    os.read(gate, 1)
    tasks = Tasks()
    for k, name in enumerate(plan):
        try:
            getattr(tasks, name)()
            print("worker %d: task %d ok" % (n, k), file=sys.stderr)
        except Exception:
            traceback.print_exc()
        time.sleep(0.001 * n)
    os._exit(0)


def main():
    r, w = os.pipe()
    for n, plan in enumerate(PLAN):
        if os.fork() == 0:
            os.close(w)
            work(n, plan, r)
    os.close(r)
    time.sleep(0.2)
    os.write(w, b"x" * len(PLAN))
    os.close(w)
    for _ in PLAN:
        os.wait()
    print("all workers done", file=sys.stderr)


if __name__ == "__main__":
    main()
