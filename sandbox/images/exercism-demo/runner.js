// A tiny Jest-compatible runner writing Exercism's results.json (version 2).
"use strict";

const fs = require("fs");
const path = require("path");
const util = require("util");

const [slug, input, output] = process.argv.slice(2);
const OUTPUT_CAP = 500;
const tests = [];
let current = null;

function show(value) {
  return util.inspect(value, { depth: 4, breakLength: Infinity });
}

function matcher(actual, negate) {
  const check = (ok, text) => {
    if (ok === negate) throw new Error((negate ? "not " : "") + text);
  };
  return {
    toBe: (expected) => check(Object.is(actual, expected), `expected ${show(expected)}, received ${show(actual)}`),
    toEqual: (expected) =>
      check(util.isDeepStrictEqual(actual, expected), `expected ${show(expected)}, received ${show(actual)}`),
    toBeTruthy: () => check(Boolean(actual), `expected a truthy value, received ${show(actual)}`),
    toThrow: () => {
      let threw = false;
      try { actual(); } catch (e) { threw = true; }
      check(threw, "expected the function to throw");
    },
  };
}

global.expect = (actual) => Object.assign(matcher(actual, false), { not: matcher(actual, true) });
global.test = global.it = (name, fn) => tests.push({ name, fn });
global.xtest = global.xit = (name, fn) => tests.push({ name, fn });
global.describe = (name, fn) => fn();

// Console output of each test goes to that test's `output`, capped like Exercism's.
const capture = (...parts) => {
  if (current) current.output += parts.map((p) => (typeof p === "string" ? p : show(p))).join(" ") + "\n";
};
console.log = console.info = console.warn = console.error = capture;

function write(results) {
  fs.mkdirSync(output, { recursive: true });
  fs.writeFileSync(path.join(output, "results.json"), JSON.stringify(results));
}

function cap(text) {
  return text.length > OUTPUT_CAP ? text.slice(0, OUTPUT_CAP) + "… [sortie tronquée]" : text;
}

try {
  require(path.resolve(input, `${slug}.spec.js`));
} catch (err) {
  write({ version: 2, status: "error", message: String(err && err.stack || err).slice(0, 2000), tests: [] });
  process.exit(0);
}
const results = tests.map(({ name, fn }) => {
  current = { output: "" };
  let status = "pass";
  let message = null;
  try {
    fn();
  } catch (err) {
    status = "fail";
    message = String(err && err.message !== undefined ? err.message : err).slice(0, 1000);
  }
  const out = current.output;
  current = null;
  return { name, status, message, output: out ? cap(out) : null, test_code: fn.toString().slice(0, 2000) };
});
const passed = results.every((t) => t.status === "pass");
write({ version: 2, status: passed ? "pass" : "fail", tests: results });
