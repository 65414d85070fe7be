'use strict';
const assert = require('node:assert');
const calc = require('./calc.js');

for (let i = 0; i < 3; i++) {
  assert.strictEqual(calc.add(i, 1), i + 1);
}
assert.strictEqual(calc.div(6, 3), 2);
assert.strictEqual(calc.sign(-4), -1);
assert.strictEqual(calc.sign(0), 0);
assert.strictEqual(calc.sum(['1', '2', '3']), 6);
