/**
 * `npm run count-assertions`: how many assertions each test file makes, loaded into mocha with
 * `--require`. Every function of `node:assert` is wrapped before the test files load (they import
 * it as `import * as assert from "assert"`, whose bindings read the module's properties at call
 * time). A call is attributed to the innermost test file on its stack (`*.test.ts`), and counted
 * once per assertion site (file:line:column of the innermost frame under test/) with the same
 * arguments: an assertion repeated in a loop over identical values, or a helper asserting the
 * same thing for every caller, is one assertion, not hundreds. Calls with different arguments at
 * one site (a table-driven test) each count. Printed when mocha exits: one row per test file
 * (tests run, assertion calls, assertions counted), then the totals.
 */
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports */
const assert = require("assert");
const crypto = require("crypto");
const path = require("path");
const util = require("util");

const testDir = path.join(process.cwd(), "test") + path.sep;
/** Per test file: tests run, calls made, distinct site+arguments keys. */
const files = new Map();

function entry(file) {
    let e = files.get(file);
    if (!e) {
        e = { tests: 0, calls: 0, counted: new Set() };
        files.set(file, e);
    }
    return e;
}

/** `/abs/file.ts:12:5` of each stack frame under test/. */
function testFrames() {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 100;
    const stack = new Error().stack ?? "";
    Error.stackTraceLimit = limit;
    return stack
        .split("\n")
        .map((line) => /\(?((?:\/|[A-Za-z]:\\)[^()]*?):(\d+):(\d+)\)?$/.exec(line.trim()))
        .filter((m) => m && m[1].startsWith(testDir))
        .map((m) => ({ file: m[1], site: `${m[1]}:${m[2]}:${m[3]}` }));
}

/** A fingerprint of the arguments: equal values give equal fingerprints. */
function fingerprint(args) {
    const text = util.inspect(args, {
        depth: Infinity,
        maxArrayLength: Infinity,
        maxStringLength: Infinity,
        breakLength: Infinity,
        sorted: true,
        getters: false,
    });
    return crypto.createHash("sha1").update(text).digest("hex");
}

function record(name, args) {
    const frames = testFrames();
    const owner = frames.find((f) => f.file.endsWith(".test.ts"));
    if (!owner) {
        return; // Not a test's assertion (a helper run outside any test file, or product code).
    }
    const e = entry(path.relative(process.cwd(), owner.file));
    e.calls += 1;
    e.counted.add(`${frames[0].site} ${name} ${fingerprint(args)}`);
}

const names = Object.keys(assert).filter(
    (k) => typeof assert[k] === "function" && !/^[A-Z]/.test(k) && k !== "strict",
);
for (const name of names) {
    const original = assert[name];
    const wrapper = function (...args) {
        record(name, args);
        // node:assert tells match from doesNotMatch by comparing with its own export
        // (`fn === assert.match`): the original is in place while it runs.
        assert[name] = original;
        try {
            return original.apply(this, args);
        } finally {
            assert[name] = wrapper;
        }
    };
    assert[name] = wrapper;
}

/** Tests run per file, from mocha's root hooks. */
exports.mochaHooks = {
    afterEach() {
        const file = this.currentTest?.file;
        if (file) {
            entry(path.relative(process.cwd(), file)).tests += 1;
        }
    },
};

process.on("exit", () => {
    const rows = [...files.entries()].sort(([a], [b]) => a.localeCompare(b));
    const total = { tests: 0, calls: 0, counted: 0 };
    const lines = ["file\ttests\tassertion calls\tassertions counted"];
    for (const [file, e] of rows) {
        lines.push(`${file}\t${e.tests}\t${e.calls}\t${e.counted.size}`);
        total.tests += e.tests;
        total.calls += e.calls;
        total.counted += e.counted.size;
    }
    lines.push(`total (${rows.length} files)\t${total.tests}\t${total.calls}\t${total.counted}`);
    process.stdout.write(`\n${lines.join("\n")}\n`);
});
