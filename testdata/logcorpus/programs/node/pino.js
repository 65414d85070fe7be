// A pino-style JSON-lines logger, written here (no dependency): each error
// is logged as {"level":50,"time":...,"msg":...,"err":{"type","message","stack"}}.
'use strict';

const os = require('os');

function log(level, obj, msg) {
  const line = { level, time: Date.now(), pid: process.pid, hostname: os.hostname(), ...obj, msg };
  process.stdout.write(JSON.stringify(line) + '\n');
}

function serializeErr(err) {
  const out = { type: err.constructor.name, message: err.message, stack: err.stack };
  if (err.code) out.code = err.code;
  return out;
}

function validate(order) {
  if (!order.items.length) {
    throw new TypeError('order has no items');
  }
}

function total(order) {
  return order.items.reduce((s, it) => s + it.qty * order.prices[it.sku], 0);
}

const orders = [];
for (let i = 0; i < 3; i++) orders.push({ id: 9000 + i, items: [] });
for (let i = 0; i < 2; i++) orders.push({ id: 9100 + i, items: [{ sku: 'a', qty: 1 }], prices: { a: 2 } });
for (let i = 0; i < 7; i++) orders.push({ id: 9200 + i, items: [{ sku: 'b', qty: 1 }] });

for (const order of orders) {
  try {
    validate(order);
    const t = total(order);
    log(30, { orderId: order.id, total: t }, 'order priced');
  } catch (err) {
    log(50, { orderId: order.id, err: serializeErr(err) }, 'order failed');
  }
}
