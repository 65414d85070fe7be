"""An import job of multiprocessing.Process loaders started with the
"spawn" method (a fresh interpreter each, main module imported as
__mp_main__), 4 per batch for 3 batches, named "importer-B.W", released
together by a Barrier, on the parent's stderr with no prefix (issue 18,
tune). A loader whose run() raises is reported by multiprocessing itself:
"Process importer-B.W:" and the traceback through multiprocessing's
_bootstrap and run, one write per frame, so the reports of loaders that
fail together interleave. Two of the errors are chained.

Loaders per batch (worker 0..3):
  "auth"  -> PermissionError in open_feed during handling of a
             FileNotFoundError in find_feed (implicit chain)  every batch: 3
  "rate"  -> __mp_main__.RateError raised from KeyError in fx_rate
             (direct cause), under 2 frames of convert       batches 1,2: 2
  "parse" -> json.decoder.JSONDecodeError in parse_record     batches 1-3: 3
  "ok"    -> nothing
"""
import json
import multiprocessing as mp
import sys

BATCHES = [
    ["auth", "rate", "parse", "ok"],
    ["auth", "rate", "ok", "parse"],
    ["auth", "ok", "parse", "ok"],
]


class RateError(Exception):
    pass


def find_feed(name):
    raise FileNotFoundError(2, "No such file or directory", "/srv/feeds/" + name)


def open_feed(name):
    try:
        return find_feed(name)
    except FileNotFoundError:
        raise PermissionError(13, "Permission denied", "/srv/feeds/.fallback")


def fx_rate(rates, currency):
    try:
        return rates[currency]
    except KeyError as exc:
        raise RateError("no rate for %s" % currency) from exc


def convert(amount, currency, depth=2):
    if depth:
        return convert(amount, currency, depth - 1)
    return amount * fx_rate({"EUR": 1.0}, currency)


def parse_record(text):
    return json.loads(text)


def load(kind, batch, barrier):
    barrier.wait()
    if kind == "auth":
        open_feed("orders-%d.csv" % batch)
    elif kind == "rate":
        convert(12.5, "CHF")
    elif kind == "parse":
        parse_record('{"sku": "A-%d", qty: 3}' % batch)


def main():
    ctx = mp.get_context("spawn")
    for b, kinds in enumerate(BATCHES, 1):
        barrier = ctx.Barrier(len(kinds))
        procs = [ctx.Process(target=load, name="importer-%d.%d" % (b, w),
                             args=(k, b, barrier))
                 for w, k in enumerate(kinds)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        failed = [p.name for p in procs if p.exitcode]
        print("batch %d: %d loaders failed (%s)" % (b, len(failed), ", ".join(failed)),
              file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
