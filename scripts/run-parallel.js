#!/usr/bin/env node
// @ts-check
/**
 * Run npm scripts side by side and report each one whole: `node scripts/run-parallel.js lint
 * typecheck unit`. Lint, the type checker and the fast suite each keep one core busy for most of
 * their run, so on two cores they finish in about the time of the longest instead of the sum.
 *
 * Each script's output is buffered and printed in one piece when it ends, so the log reads as if
 * they had run one after another. The exit code is the first failure's (0 when all pass). On
 * SIGINT, SIGTERM or SIGHUP every script still running is stopped (its whole process group), and
 * this process exits 128 + the signal's number; no child outlives it on any path.
 */
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports */
const { spawn } = require("child_process");
const os = require("os");

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
    process.stderr.write("usage: node scripts/run-parallel.js SCRIPT [SCRIPT ...]\n");
    process.exit(2);
}

const npm = process.env.npm_execpath;
/** @type {Map<string, import("child_process").ChildProcess>} */
const running = new Map();
let firstFailure = 0;

/** Stop every script still running: each leads its own process group. */
function stopAll() {
    for (const child of running.values()) {
        try {
            process.kill(-(/** @type {number} */ (child.pid)), "SIGTERM");
        } catch {
            // Already gone.
        }
    }
}

/** @param {string} script */
function start(script) {
    const started = Date.now();
    // npm_execpath is npm's own CLI when run through npm; otherwise find npm on PATH.
    const [file, args] = npm
        ? [process.execPath, [npm, "run", "--silent", script]]
        : ["npm", ["run", "--silent", script]];
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    running.set(script, child);
    process.stdout.write(`npm run ${script}: started\n`);
    /** @type {Buffer[]} */
    const output = [];
    child.stdout?.on("data", (chunk) => output.push(chunk));
    child.stderr?.on("data", (chunk) => output.push(chunk));
    return new Promise((resolve) => {
        child.on("error", (err) => output.push(Buffer.from(`${err.message}\n`)));
        child.on("close", (code, signal) => {
            running.delete(script);
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            const status = code === 0 ? "passed" : `failed (${signal ?? `exit ${code}`})`;
            process.stdout.write(`\n── npm run ${script}: ${status} in ${seconds} s ──\n`);
            process.stdout.write(Buffer.concat(output));
            if (code !== 0 && firstFailure === 0) {
                firstFailure = code ?? 1;
            }
            resolve(undefined);
        });
    });
}

for (const signal of /** @type {NodeJS.Signals[]} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
    process.on(signal, () => {
        stopAll();
        process.exit(128 + (os.constants.signals[signal] ?? 1));
    });
}
process.on("exit", stopAll);

Promise.all(scripts.map(start)).then(() => {
    process.exitCode = firstFailure;
});
