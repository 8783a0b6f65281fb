/**
 * When the check and its policy pack raise V8's interrupt budget (check/engine/jit.ts): the check
 * once its program's type check is over, never during it, and the pack when it starts, on a
 * machine of two cores or fewer. A probe preloaded through NODE_OPTIONS into both processes
 * records each flag V8 is given and when the type check's worker ends.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { interruptBudgetFor } from "../../check/engine/jit";

const root = path.join(__dirname, "..", "..");

const probe = [
    'const fs = require("fs");',
    'const v8 = require("v8");',
    'const threads = require("worker_threads");',
    'const role = process.execArgv.some((a) => a.includes("pack-preload")) ? "pack" : "check";',
    "const log = (event) => fs.appendFileSync(process.env.MRF_JIT_PROBE, `${role} ${event}\\n`);",
    "const setFlags = v8.setFlagsFromString;",
    "v8.setFlagsFromString = (flags) => {",
    "    log(`flags ${flags}`);",
    "    return setFlags(flags);",
    "};",
    "const Worker = threads.Worker;",
    "threads.Worker = class extends Worker {",
    "    constructor(code, options) {",
    "        super(code, options);",
    '        if (String(code).includes("typeCheckProgram")) this.once("exit", () => log("type check done"));',
    "    }",
    "};",
    "",
].join("\n");

describe("the check's and the pack's V8 interrupt budget", function () {
    this.timeout(300_000);

    it("is raised in the pack, and in the check after its program's type check", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-jit-"));
        try {
            fs.writeFileSync(path.join(dir, "probe.js"), probe);
            const events = path.join(dir, "events.txt");
            fs.writeFileSync(events, "");
            try {
                execFileSync(
                    process.execPath,
                    [
                        path.join(root, "bin", "multi-region-failover"),
                        "check",
                        "--program",
                        path.join(root, "test", "fixtures", "two-topics"),
                    ],
                    {
                        env: {
                            ...process.env,
                            NODE_OPTIONS: `--require ${path.join(dir, "probe.js")}`,
                            MRF_JIT_PROBE: events,
                            // An empty cache: the program's type check runs, in its worker.
                            MRF_COMPILE_CACHE: path.join(dir, "cache"),
                        },
                        stdio: "ignore",
                    },
                );
            } catch (err) {
                assert.strictEqual((err as { status: number }).status, 1, String(err));
            }
            const budget = interruptBudgetFor(os.availableParallelism());
            const seen = fs
                .readFileSync(events, "utf8")
                .split("\n")
                .filter((line) => /type check done|--interrupt-budget/.test(line));
            const flag = `flags --interrupt-budget=${budget}`;
            // The two processes run side by side: each one's own order is what is asserted.
            assert.deepStrictEqual(
                seen.filter((line) => line.startsWith("check ")),
                budget === undefined
                    ? ["check type check done"]
                    : ["check type check done", `check ${flag}`],
            );
            assert.deepStrictEqual(
                seen.filter((line) => line.startsWith("pack ")),
                budget === undefined ? [] : [`pack ${flag}`],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
