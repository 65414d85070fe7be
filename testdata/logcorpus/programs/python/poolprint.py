"""A multiprocessing.Pool of 4 workers (fork) on the parent's stderr, no
prefix (issue 18, tune), running 16 tasks in 4 waves: the 4 tasks of a wave
meet at a Barrier before they run, so those that fail print their
traceback at the same moment. A task catches its own exception and prints
it with traceback.print_exc(), which writes the header, each frame (with
its code and carets) and the exception line separately, so the tracebacks
of a wave interleave a frame at a time; the chained one's sentence comes
in its own write too. A passing task prints "task N ok". The parent prints
how many failed.

Tasks (4 waves of 4):
  tax, ship, sku, ok / ship, sku, tax, ship / sku, ok, ship, tax /
  tax, ship, ok, sku
  "tax"  -> ValueError in parse_rate during handling of the KeyError of
            tax_rate (implicit chain)                                   4
  "ship" -> ZeroDivisionError in per_item via shipping_cost             5
  "sku"  -> AttributeError on None in normalize via lookup               4
"""
import multiprocessing as mp
import sys
import traceback

KINDS = ["tax", "ship", "sku", "ok",
         "ship", "sku", "tax", "ship",
         "sku", "ok", "ship", "tax",
         "tax", "ship", "ok", "sku"]

RATES = {"eu": 0.2}

barrier = None


def init(b):
    global barrier
    barrier = b


def tax_rate(region):
    return RATES[region]


def parse_rate(spec):
    try:
        return tax_rate(spec)
    except KeyError:
        return float(spec.split(":")[1])


def per_item(total, count):
    return total / count


def shipping_cost(weights):
    return per_item(sum(weights), len(weights))


def normalize(name):
    return name.upper()


def lookup(catalog, sku):
    return normalize(catalog.get(sku))


def run(kind, i):
    if kind == "tax":
        return parse_rate("eu:x%d" % i)
    if kind == "ship":
        return shipping_cost([])
    if kind == "sku":
        return lookup({}, "sku-%d" % i)
    return None


def task(i):
    barrier.wait()
    try:
        run(KINDS[i], i)
        print("task %d ok" % i, file=sys.stderr)
        return True
    except Exception:
        traceback.print_exc()
        return False


def main():
    ctx = mp.get_context("fork")
    b = ctx.Barrier(4)
    with ctx.Pool(4, initializer=init, initargs=(b,)) as pool:
        results = list(pool.imap(task, range(len(KINDS)), chunksize=1))
    print("pool: %d of %d tasks failed" % (results.count(False), len(results)), file=sys.stderr)


if __name__ == "__main__":
    main()
