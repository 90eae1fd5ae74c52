// Driver of the `javascript` kind, run by Node inside the sandbox, started before its job.
//
// It loads the learner's files in a fresh `vm` context, calls the functions
// listed in its job (.harness/job.json) and prints one JSON frame per line on stdout.
// It never sees the expected values: the grader compares on the host, so
// anything the learner's code prints or forges can at worst make a test fail.
//
// The `vm` context is not a security boundary (the container is): learner code
// can reach `process`. So, before any learner code runs, the driver keeps its
// own references to what it writes with, reads the per-run marker (with its nonce)
// of genuine frames and deletes the file it came from. Node runs with
// --frozen-intrinsics, so the learner cannot patch JSON or Object.prototype.
"use strict";

const fs = require("fs");
const vm = require("vm");
const util = require("util");

const writeSync = fs.writeSync;
const exit = process.exit.bind(process);
const stringify = JSON.stringify;
const LOG_CAP = 16 * 1024;

// Started before the job (possibly long before, in a warm container): wait for the line
// that says the job's files are in place, printing nothing meanwhile.
function awaitJob() {
  const buffer = Buffer.alloc(64);
  let line = "";
  while (!line.includes("\n")) {
    let read;
    try {
      read = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      if (e.code === "EAGAIN") continue;
      throw e;
    }
    if (read === 0) break;
    line += buffer.toString("latin1", 0, read);
  }
  if (line.trim() !== "ok") {
    fs.writeSync(2, "tremplin: the job's files could not be unpacked\n");
    exit(125);
  }
}
awaitJob();
const spec = JSON.parse(fs.readFileSync(".harness/job.json", "utf8"));
fs.unlinkSync(".harness/job.json");
const MARK = spec.marker;

// Frames are ASCII-only: every other character, lone surrogates included, travels as a
// \uXXXX escape, so no byte of a frame can be taken for a line end or break UTF-8.
const NON_ASCII = /[\u007f-\uffff]/g;
const asciiEscape = (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
function emit(frame) {
  writeSync(1, "\n" + MARK + stringify(frame).replace(NON_ASCII, asciiEscape) + "\n");
}

// Learner-visible console output, captured in memory and capped. It is off
// while hidden tests run, so that printing their arguments shows nothing.
let logged = 0;
let logText = "";
let capturing = true;
function capture(...parts) {
  if (!capturing || logged > LOG_CAP) return;
  const line = parts.map((p) => (typeof p === "string" ? p : describe(p))).join(" ") + "\n";
  logged += line.length;
  logText += logged > LOG_CAP ? line.slice(0, LOG_CAP - logText.length) + "… [sortie tronquée]\n" : line;
}

function describe(value) {
  try {
    return util.inspect(value, { depth: 3, breakLength: 80 });
  } catch (e) {
    return String(value);
  }
}

// Encode a result so that the host can tell 6 from "6", undefined from null, NaN...
function encode(value, depth = 0) {
  if (depth > 20) return { type: "other", repr: "(structure trop profonde)" };
  if (value === undefined) return { type: "undefined" };
  if (value === null) return { type: "null" };
  const t = typeof value;
  if (t === "number") {
    if (Number.isNaN(value)) return { type: "nan" };
    if (!Number.isFinite(value)) return { type: "infinity", sign: value > 0 ? 1 : -1 };
    return { type: "number", value };
  }
  if (t === "string") return { type: "string", value: value.slice(0, 100000) };
  if (t === "boolean") return { type: "boolean", value };
  if (Array.isArray(value)) {
    return { type: "array", items: value.slice(0, 10000).map((v) => encode(v, depth + 1)) };
  }
  if (t === "object" && Object.getPrototypeOf(value) !== null && value.constructor &&
      value.constructor.name === "Object") {
    const entries = {};
    for (const key of Object.keys(value).slice(0, 1000)) entries[key] = encode(value[key], depth + 1);
    return { type: "object", entries };
  }
  return { type: "other", repr: describe(value).slice(0, 500) };
}

// Thrown values are learner objects: reading them may throw again.
function field(err, key) {
  try {
    return err ? err[key] : undefined;
  } catch (e) {
    return undefined;
  }
}

function errorText(err) {
  try {
    if (err && typeof err === "object" && "name" in err && "message" in err) {
      return `${String(err.name)}: ${String(err.message)}`.slice(0, 500);
    }
    return String(err).slice(0, 500);
  } catch (e) {
    return "(erreur illisible)";
  }
}

function errorLine(err, filename) {
  let stack = "";
  try {
    stack = err && typeof err.stack === "string" ? err.stack : "";
  } catch (e) {
    return null;
  }
  const match = stack.match(new RegExp(filename.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ":(\\d+)"));
  return match ? Number(match[1]) : null;
}

const moduleObject = { exports: {} };
const sandboxGlobals = {
  console: { log: capture, info: capture, warn: capture, error: capture, debug: capture },
  module: moduleObject,
  exports: moduleObject.exports,
};
const context = vm.createContext(sandboxGlobals, { codeGeneration: { strings: true, wasm: false } });

let loaded = true;
for (const filename of spec.files) {
  let source;
  try {
    source = fs.readFileSync(filename, "utf8");
  } catch (e) {
    emit({ t: "load", ok: false, file: filename, reason: "missing" });
    loaded = false;
    break;
  }
  try {
    const script = new vm.Script(source, { filename });
    script.runInContext(context, { timeout: spec.timeout_ms });
  } catch (err) {
    const timeout = field(err, "code") === "ERR_SCRIPT_EXECUTION_TIMEOUT";
    const syntax = err instanceof SyntaxError || field(err, "name") === "SyntaxError";
    emit({
      t: "load", ok: false, file: filename,
      reason: timeout ? "timeout" : syntax ? "syntax" : "exception",
      error: errorText(err), line: errorLine(err, filename),
    });
    loaded = false;
    break;
  }
}

if (loaded) {
  emit({ t: "load", ok: true });
  // Each function is looked up by name in the globals first, then in module.exports.
  // One budget for all calls, so that a function looping forever on every input
  // still leaves time to report each test before the sandbox's own limit.
  const budgetEnd = Date.now() + spec.budget_ms;
  for (const call of spec.calls) {
    const remaining = budgetEnd - Date.now();
    if (remaining <= 0) {
      emit({ t: "result", id: call.id, status: "timeout" });
      continue;
    }
    const timeout = Math.min(spec.timeout_ms, remaining);
    const lookup = `(typeof ${call.fn} === "function" ? ${call.fn} : ` +
      `(module.exports && typeof module.exports.${call.fn} === "function" ? module.exports.${call.fn} : ` +
      `(typeof module.exports === "function" && module.exports.name === ${JSON.stringify(call.fn)} ? module.exports : undefined)))`;
    let fn;
    try {
      fn = vm.runInContext(lookup, context, { timeout: spec.timeout_ms });
    } catch (err) {
      fn = undefined;
    }
    if (typeof fn !== "function") {
      emit({ t: "result", id: call.id, status: "missing" });
      continue;
    }
    capturing = call.visible === true;
    try {
      context.__tremplin_fn = fn;
      context.__tremplin_args = vm.runInContext(`JSON.parse(${JSON.stringify(JSON.stringify(call.args))})`, context);
      const value = vm.runInContext("__tremplin_fn(...__tremplin_args)", context, { timeout });
      emit({ t: "result", id: call.id, status: "ok", value: encode(value) });
    } catch (err) {
      const timeout = field(err, "code") === "ERR_SCRIPT_EXECUTION_TIMEOUT";
      emit({ t: "result", id: call.id, status: timeout ? "timeout" : "exception", error: errorText(err) });
    }
  }
}
emit({ t: "log", text: logText });
emit({ t: "end" });
exit(0);
