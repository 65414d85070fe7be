"""A job runner that logs JSON lines, with the traceback in "exc_info".

Each job that fails is logged with log.exception; the JSON formatter puts
the formatted traceback in the record's "exc_info" key, as
python-json-logger does. The runner runs a fixed list of jobs, so the
number of each failure is known.
"""
import json
import logging
import sys
import time


class JSONFormatter(logging.Formatter):
    def format(self, record):
        out = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + ".%03dZ" % record.msecs,
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            out["exc_info"] = self.formatException(record.exc_info)
        for k in ("job_id", "attempt"):
            if hasattr(record, k):
                out[k] = getattr(record, k)
        return json.dumps(out)


log = logging.getLogger("jobs")


def parse_amount(s):
    return int(s)


def fetch_user(users, uid):
    return users[uid]["email"]


def settle(job):
    if job["kind"] == "amount":
        return parse_amount(job["raw"])
    if job["kind"] == "user":
        return fetch_user({}, job["uid"])
    if job["kind"] == "ratio":
        return job["a"] / job["b"]
    return None


def main():
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(JSONFormatter())
    log.addHandler(h)
    log.setLevel(logging.INFO)
    jobs = (
        [{"kind": "amount", "raw": "12,50"}] * 3
        + [{"kind": "user", "uid": "u-%d" % i} for i in range(2)]
        + [{"kind": "ok"}] * 4
        + [{"kind": "ratio", "a": 1, "b": 0}] * 1
    )
    for i, job in enumerate(jobs):
        # 8-hex job ids; some happen to be all decimal digits.
        jid = ["5a17c0de", "20250117", "9f3e0a41", "73105522", "c0ffee12"][i % 5]
        try:
            settle(job)
            log.info("job done", extra={"job_id": jid})
        except Exception:
            log.exception("job failed", extra={"job_id": jid, "attempt": 1})


if __name__ == "__main__":
    main()
