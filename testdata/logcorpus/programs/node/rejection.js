// A worker for the log corpus that logs a few failed fetches, then forgets
// to handle a rejected promise: Node prints the rejection with its stack
// and exits.
'use strict';

async function fetchRate(currency) {
  await new Promise((r) => setTimeout(r, 5));
  if (currency !== 'EUR') {
    throw new Error(`no rate for currency ${currency}`);
  }
  return 1.1;
}

async function main() {
  for (const c of ['USD', 'USD']) {
    try {
      await fetchRate(c);
    } catch (err) {
      console.error(`[worker] error: rate lookup failed: ${err.message}`);
    }
  }
  // Not awaited, not caught.
  fetchRate('JPY');
  await new Promise((r) => setTimeout(r, 50));
}

main();
