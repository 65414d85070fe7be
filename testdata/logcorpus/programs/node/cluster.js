// A clustered Node service (the cluster module): the primary forks 3
// workers that share its stdout and stderr with no prefix. Each worker
// handles its jobs; a failed job is logged with console.error(err), and a
// worker whose job throws outside the handler dies of the uncaught
// exception (Node prints the source line, a caret and the stack) and the
// primary forks a replacement, as a clustered server does.
//
// Per worker (by its id 1..3, then replacements 4..5):
//   worker 1: 'quote' x3 -> TypeError reading 'rate' of undefined in quoteShipping, logged
//   worker 2: 'tax' x2   -> RangeError (invalid tax region) from taxFor, with a
//             [cause]: Error (no region table), logged
//   worker 3: 'sync'     -> uncaught Error "inventory sync failed: 503" from syncInventory
//             (dies; replaced by worker 4)
//   worker 4: 'sync'     -> the same uncaught Error (dies; replaced by worker 5)
//   worker 5: 'quote' x2 -> the same TypeError as worker 1, logged
'use strict';
const cluster = require('node:cluster');

const RATES = { domestic: { rate: 4.5 } };

function quoteShipping(zone, kg) {
  return RATES[zone].rate * kg;
}

function regionTable(region) {
  throw new Error(`no region table for ${region}`);
}

function taxFor(region, amount) {
  try {
    return regionTable(region) * amount;
  } catch (err) {
    throw new RangeError(`invalid tax region ${region}`, { cause: err });
  }
}

function syncInventory(status) {
  if (status !== 200) {
    throw new Error(`inventory sync failed: ${status}`);
  }
}

const PLAN = {
  1: ['quote', 'quote', 'quote'],
  2: ['tax', 'tax'],
  3: ['sync'],
  4: ['sync'],
  5: ['quote', 'quote'],
};

function runJob(job, n) {
  if (job === 'quote') {
    return quoteShipping(n % 2 ? 'overseas' : 'island', 2 + n);
  }
  if (job === 'tax') {
    return taxFor(`r${40 + n}`, 100);
  }
  return 0;
}

if (cluster.isPrimary) {
  let forked = 0;
  const fork = () => {
    forked++;
    cluster.fork({ WORKER_PLAN: String(forked) });
  };
  for (let i = 0; i < 3; i++) fork();
  cluster.on('exit', (worker, code) => {
    if (code !== 0) {
      console.log(`primary: worker ${worker.process.pid} exited with code ${code}, forking a new one`);
      if (forked < 5) fork();
    }
  });
} else {
  const id = Number(process.env.WORKER_PLAN);
  const jobs = PLAN[id];
  console.log(`worker ${process.pid} (plan ${id}) listening`);
  let n = 0;
  const next = () => {
    const job = jobs[n++];
    if (job === undefined) {
      process.exit(0);
    }
    if (job === 'sync') {
      setTimeout(() => syncInventory(503), 5);
      return;
    }
    try {
      runJob(job, n * id);
    } catch (err) {
      console.error(`worker ${process.pid} job ${job} #${n} failed:`, err);
    }
    setTimeout(next, 3);
  };
  setTimeout(next, 20);
}
