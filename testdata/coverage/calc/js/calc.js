// calc.js is calc.go in JavaScript, for the LCOV and Cobertura fixtures
// that c8 (V8 coverage, istanbul reporters) makes from it.
'use strict';

class DivByZeroError extends Error {}

function add(a, b) {
  return a + b;
}

function div(a, b) {
  if (b === 0) {
    throw new DivByZeroError('division by zero');
  }
  return Math.trunc(a / b);
}

function sign(x) {
  if (x < 0) {
    return -1;
  } else if (x === 0) {
    return 0;
  }
  return 1;
}

function sum(xs) {
  let total = 0;
  for (const s of xs) {
    const n = Number.parseInt(s, 10);
    if (Number.isNaN(n)) {
      continue;
    }
    total += n;
  }
  return total;
}

function unused() {
  const s = 'never';
  return s;
}

module.exports = { DivByZeroError, add, div, sign, sum, unused };
