"""An ETL job that starts multiprocessing.Process workers (start method
fork), 3 per batch, all writing to the parent's stderr with no prefix. A
worker whose run() raises is reported by multiprocessing itself: "Process
NAME:" and the traceback, printed with traceback.print_exc() (one write per
frame), so the reports of workers that fail together interleave.

Batches (worker 0..2), 5 batches:
  "missing" -> FileNotFoundError opening the batch file in read_rows  (batch 1-5, worker 0: 5)
  "schema"  -> SchemaError raised from KeyError in check_schema     (batches 1,2,4, worker 1: 3)
  "amount"  -> decimal.InvalidOperation in parse_amount, called via
               transform -> convert (worker 2, batches 1-4: 4)
  "ok"      -> nothing
"""
import decimal
import multiprocessing as mp
import sys

BATCHES = [
    ["missing", "schema", "amount"],
    ["missing", "schema", "amount"],
    ["missing", "ok", "amount"],
    ["missing", "schema", "amount"],
    ["missing", "ok", "ok"],
]


class SchemaError(Exception):
    pass


def read_rows(path):
    with open(path) as f:
        return f.read().splitlines()


def check_schema(row):
    try:
        return row["customer_id"], row["amount"]
    except KeyError as e:
        raise SchemaError("row lacks column %s" % e) from e


def parse_amount(text):
    return decimal.Decimal(text)


def convert(row):
    return {"amount": parse_amount(row["amount"])}


def transform(rows):
    return [convert(r) for r in rows]


class Loader(mp.Process):
    def __init__(self, batch, task, start):
        super().__init__(name="Loader-%d-%s" % (batch, task))
        self.batch, self.task, self.gate = batch, task, start

    def run(self):
        self.gate.wait()
        if self.task == "missing":
            read_rows("/tmp/hotfix-logcorpus/spool/batch-%04d.csv" % self.batch)
        elif self.task == "schema":
            check_schema({"customer": "c-%d" % self.batch})
        elif self.task == "amount":
            transform([{"amount": "12.50"}, {"amount": "12,50 EUR"}])


def main():
    ctx = mp.get_context("fork")
    print("etl: starting %d batches" % len(BATCHES), file=sys.stderr, flush=True)
    for i, tasks in enumerate(BATCHES, 1):
        gate = ctx.Event()
        procs = [Loader(i, t, gate) for t in tasks]
        for p in procs:
            p.start()
        gate.set()
        for p in procs:
            p.join()
        failed = sum(1 for p in procs if p.exitcode != 0)
        print("etl: batch %d done, %d of %d loaders failed" % (i, failed, len(procs)), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
