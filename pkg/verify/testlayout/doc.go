// Package testlayout reads which files a repository's own test
// configuration declares as tests: jest, vitest, mocha, ava and the
// package.json test scripts of JavaScript and TypeScript projects, and
// pytest's testpaths and python_files. verify's tests-touched rule counts
// these files as tests besides those the languages' conventions name (see
// package lang). Configuration is read as data, never run: code configs
// (jest.config.js, vitest.config.ts) give up the string literals a careful
// scan can find, and a config that cannot be read declares nothing.
package testlayout
