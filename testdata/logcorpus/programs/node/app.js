// A small order API for the log corpus. Failed requests are logged with
// console.error(err): an Error with a `cause` prints its "[cause]:" block,
// and the cause's frames shared with the outer error are summed up as
// "... N lines matching cause stack trace ...". At the end an uncaught
// TypeError kills the process: Node prints the source line, a caret and
// the stack.
'use strict';

function readPrice(catalog, sku) {
  return catalog[sku].price;
}

function loadCart(items) {
  try {
    return items.map((sku) => readPrice({ apple: { price: 3 } }, sku));
  } catch (err) {
    throw new Error('cannot load cart', { cause: err });
  }
}

function parseBody(text) {
  return JSON.parse(text);
}

function handle(route, reqId) {
  if (route === '/cart') {
    return loadCart(['apple', 'durian']);
  }
  if (route === '/body') {
    return parseBody('{"qty": 2,');
  }
  if (route === '/limit') {
    const err = new RangeError(`quantity over limit for request ${reqId}`);
    err.code = 'E_LIMIT';
    throw err;
  }
  return 'ok';
}

const plan = [['/cart', 3], ['/', 2], ['/body', 2], ['/limit', 1]];
let n = 0;
for (const [route, times] of plan) {
  for (let i = 0; i < times; i++) {
    n++;
    const reqId = `req-${(0x7a3f00 + n * 17).toString(16)}`;
    try {
      handle(route, reqId);
      console.log(`${new Date().toISOString()} info ${route} ${reqId} 200`);
    } catch (err) {
      console.error(`${new Date().toISOString()} error ${route} ${reqId} failed:`);
      console.error(err);
    }
  }
}

function shutdown(server) {
  return server.close();
}

setTimeout(() => {
  console.log(`${new Date().toISOString()} info shutting down`);
  shutdown(undefined);
}, 10);
