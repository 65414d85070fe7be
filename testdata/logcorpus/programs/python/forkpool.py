"""A worker pool of os.fork() children on one stderr, no prefix (issue 18,
tune). The parent forks 5 workers per wave for 4 waves; they wait on a pipe
gate and start together. A failing worker reports its exception and leaves
with os._exit(1). Python's stderr is line-buffered. Waves 1-2:
traceback.print_exception (one write per frame: File line, code line and
carets together). Waves 3-4: the same text written one line per write, as
a line-by-line log forwarder would.
So the tracebacks of workers that fail at once interleave by frame or by
line.

Jobs per wave (worker 0..4):
  "fetch"   -> ConnectionError raised from TimeoutError in open_socket,
               3 frames deep (chained, "direct cause")       every wave: 4
  "decode"  -> UnicodeDecodeError in decode_body             waves 1,2,3: 3
  "lookup"  -> IndexError in pick_shard via a lambda         waves 1,3: 2
  "merge"   -> TypeError in merge_totals via a dict of handlers
                                                            every wave: 4
  "ok"      -> nothing
"""
import os
import sys
import time
import traceback

WAVES = {
    1: ["fetch", "decode", "lookup", "merge", "ok"],
    2: ["fetch", "decode", "ok", "merge", "ok"],
    3: ["fetch", "decode", "lookup", "merge", "ok"],
    4: ["fetch", "ok", "ok", "merge", "ok"],
}


def open_socket(host):
    raise TimeoutError("timed out connecting to " + host)


def connect(host):
    try:
        return open_socket(host)
    except TimeoutError as exc:
        raise ConnectionError("upstream %s unreachable" % host) from exc


def fetch_job(n):
    return connect("inventory-%d.internal:7000" % n)


def decode_body(raw):
    return raw.decode("utf-8")


def decode_job(n):
    return decode_body(b"price=\xff\xfe" + bytes([n]))


def pick_shard(shards, key):
    return shards[key % 7 + 3]


def lookup_job(n):
    choose = lambda k: pick_shard([1, 2, 3], k)
    return choose(n + 4)


def merge_totals(a, b):
    return a + b


HANDLERS = {"merge": lambda n: merge_totals(n, "12.50")}


def merge_job(n):
    return HANDLERS["merge"](n)


JOBS = {"fetch": fetch_job, "decode": decode_job, "lookup": lookup_job,
        "merge": merge_job, "ok": lambda n: n}


def worker(job, n, gate, wave):
    os.read(gate, 1)
    try:
        JOBS[job](n)
    except Exception as exc:
        if wave <= 2:
            traceback.print_exception(exc, file=sys.stderr)
        else:
            for chunk in traceback.format_exception(exc):
                for line in chunk.splitlines(True):
                    sys.stderr.write(line)
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


def main():
    for wave, jobs in WAVES.items():
        r, w = os.pipe()
        pids = {}
        for i, job in enumerate(jobs):
            pid = os.fork()
            if pid == 0:
                os.close(w)
                worker(job, wave * 10 + i, r, wave)
            pids[pid] = i
        os.close(r)
        time.sleep(0.2)
        os.write(w, b"x" * len(jobs))
        os.close(w)
        for _ in jobs:
            pid, status = os.wait()
            code = os.waitstatus_to_exitcode(status)
            if code:
                print("pool: worker %d (pid %d) exited with code %d"
                      % (pids[pid], pid, code), file=sys.stderr, flush=True)
        print("pool: wave %d done" % wave, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
