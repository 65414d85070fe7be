"""Four threads of one process on its stderr, no prefix (issue 18, tune),
each running its own queue of 5 jobs, released together by a Barrier. A
failing job's traceback is written one line per write (a handler that
prints traceback.format_exc() line by line, the thread giving up the GIL
between lines), so the tracebacks of threads failing at the same moment
interleave line by line; two of the errors are chained, so the chaining
sentences, the blank lines around them and the second tracebacks
interleave too. A passing job prints "thread N: job K done".

Jobs per thread:
  thread 0: rate, qty, slot, ok, rate
  thread 1: qty, rate, ok, slot, qty
  thread 2: slot, qty, rate, qty, ok
  thread 3: rate, slot, qty, ok, rate
  "rate" -> RateError raised from a KeyError in fx_rate (direct cause),
            under two frames of convert                                6
  "qty"  -> TypeError in parse_qty during handling of the ValueError
            of int() (implicit chain)                                  6
  "slot" -> IndexError in pick_slot via reserve                        4
"""
import sys
import threading
import time
import traceback

QUEUES = [
    ["rate", "qty", "slot", "ok", "rate"],
    ["qty", "rate", "ok", "slot", "qty"],
    ["slot", "qty", "rate", "qty", "ok"],
    ["rate", "slot", "qty", "ok", "rate"],
]


class RateError(Exception):
    pass


def fx_rate(rates, currency):
    try:
        return rates[currency]
    except KeyError as exc:
        raise RateError("no rate for %s" % currency) from exc


def convert(amount, currency, depth=1):
    if depth:
        return convert(amount, currency, depth - 1)
    return amount * fx_rate({"EUR": 1.0}, currency)


def parse_qty(text, defaults):
    try:
        return int(text)
    except ValueError:
        return defaults["qty"]


def pick_slot(slots, n):
    return slots[n]


def reserve(n):
    return pick_slot(["a1", "a2"], n + 2)


def run_job(kind):
    if kind == "rate":
        return convert(12.5, "CHF")
    if kind == "qty":
        return parse_qty("a dozen", None)
    if kind == "slot":
        return reserve(3)
    return None


def worker(n, queue, barrier):
    barrier.wait()
    for k, kind in enumerate(queue):
        try:
            run_job(kind)
            sys.stderr.write("thread %d: job %d done\n" % (n, k))
        except Exception:
            for line in traceback.format_exc().splitlines(True):
                sys.stderr.write(line)
                time.sleep(0.0002)  # the other threads write meanwhile


def main():
    barrier = threading.Barrier(len(QUEUES))
    threads = [threading.Thread(target=worker, args=(n, q, barrier), name="job-%d" % n)
               for n, q in enumerate(QUEUES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
