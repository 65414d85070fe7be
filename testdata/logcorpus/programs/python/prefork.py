"""A gunicorn-style pre-fork server: a master forks 4 worker processes per
round; they share the master's stderr, with no prefix. Each worker waits at a
gate until all are forked, handles one job and, when the job fails, dies of
the exception, printed with traceback.print_exc() as multiprocessing's and
many servers' workers do: one write for the header, one per frame (its File
line, code line and carets) and one for the exception line, so tracebacks of
workers that fail at the same moment interleave frame by frame. The master reaps the workers and
starts the next round.

Jobs per round (worker 0..3), 6 rounds:
  "ratio"  -> ZeroDivisionError in compute_ratio   (rounds 1-6, worker 0: 6)
  "sku"    -> KeyError 'sku' in lookup_sku         (worker 1, rounds 1-4: 4)
  "parse"  -> ValueError from int() in parse_qty, during handling of a
              KeyError (chained)                   (worker 2, rounds 1,3,5: 3)
  "render" -> TypeError in render_line (recursion depth 3 through render)
                                                   (worker 3, rounds 2,4,6: 3)
  "ok"     -> nothing
"""
import os
import sys
import time
import traceback

JOBS = {
    1: ["ratio", "sku", "parse", "ok"],
    2: ["ratio", "sku", "ok", "render"],
    3: ["ratio", "sku", "parse", "ok"],
    4: ["ratio", "sku", "ok", "render"],
    5: ["ratio", "ok", "parse", "ok"],
    6: ["ratio", "ok", "ok", "render"],
}

STOCK = {"apple": 3, "pear": 0}


def compute_ratio(sold, stocked):
    return sold / stocked


def ratio_job():
    totals = {"sold": 12, "stocked": 0}
    return compute_ratio(totals["sold"], totals["stocked"])


def lookup_sku(item):
    return item["sku"]


def sku_job():
    return lookup_sku({"name": "pear"})


def parse_qty(form):
    try:
        return form["qty"]
    except KeyError:
        return int(form.get("quantity", "many"))


def parse_job():
    return parse_qty({"quantity": "a dozen"})


def render_line(line):
    return "%-10s %5d" % (line["name"], line["qty"])


def render(lines, depth):
    if depth == 0:
        return [render_line(l) for l in lines]
    return render(lines, depth - 1)


def render_job():
    return render([{"name": "apple", "qty": "3"}], 3)


HANDLERS = {"ratio": ratio_job, "sku": sku_job, "parse": parse_job, "render": render_job}


def worker(job, gate):
    os.read(gate, 1)
    if job == "ok":
        os._exit(0)
    try:
        HANDLERS[job]()
    except Exception:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


def main():
    sys.stderr.write("[master] booting pre-fork server with 4 workers\n")
    sys.stderr.flush()
    for rnd in sorted(JOBS):
        r, w = os.pipe()
        pids = []
        for job in JOBS[rnd]:
            pid = os.fork()
            if pid == 0:
                os.close(w)
                worker(job, r)
            pids.append(pid)
        os.close(r)
        time.sleep(0.05)
        os.write(w, b"x" * len(pids))
        os.close(w)
        for pid in pids:
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                sys.stderr.write("[master] worker %d exited with code %d, restarting\n" % (pid, code))
                sys.stderr.flush()
    sys.stderr.write("[master] shutting down\n")


if __name__ == "__main__":
    main()
