/**
 * One worker runs a run's stacks one after another, and a shared pool lends it to the next run
 * (check/engine/pool.ts): each stack must still start as a fresh `pulumi up` process would. The
 * probe program reports the thread it ran in, and what an earlier stack in that thread could
 * have left behind: an environment variable it set, and state kept at module level in its own
 * file and in a package of its node_modules.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { collectStacks } from "../check/engine/engine";
import { WorkerPool } from "../check/engine/pool";
import { StackRecord } from "../check/engine/types";

/** What the probe program returns as its outputs. */
interface Probe {
    threadId: number;
    envBefore: string | null;
    ownCalls: number;
    packageCalls: number;
    /** Promises in the SDK's leak-report set right after a resource was constructed. */
    tracked: number;
    beforeExitListeners: number;
    /** Frames the SDK's `Resource.stackTrace` captures for a resource constructed here. */
    sdkStackFrames: number;
}

function writeProbeProgram(dir: string, stacks: readonly string[]) {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: probe\nruntime: nodejs\n");
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({
            name: "probe",
            "multi-region-failover": { resourceTypes: ["probe:index:Thing"] },
        }),
    );
    for (const stack of stacks) {
        fs.writeFileSync(
            path.join(dir, `Pulumi.${stack}.yaml`),
            "config:\n    aws:region: us-east-1\n",
        );
    }
    fs.writeFileSync(path.join(dir, "state.js"), "let calls = 0;\nexports.next = () => ++calls;\n");
    const pkg = path.join(dir, "node_modules", "probe-counter");
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), '{"name":"probe-counter","main":"index.js"}');
    fs.writeFileSync(path.join(pkg, "index.js"), "let calls = 0;\nexports.next = () => ++calls;\n");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        [
            'const { threadId } = require("worker_threads");',
            'const pulumi = require("@pulumi/pulumi");',
            'if (new pulumi.Config().get("exit") === "yes") { process.exit(0); }',
            // A listener of the program's own, added each time the program loads.
            'process.on("beforeExit", () => undefined);',
            // A function, called for each stack: what it reads is read then, not when the
            // module was first evaluated.
            "module.exports = () => {",
            "    const envBefore = process.env.MRF_REUSE_PROBE ?? null;",
            "    process.env.MRF_REUSE_PROBE = pulumi.getStack();",
            // A resource's outputs are promises the SDK would track for its leak report.
            '    new pulumi.CustomResource("probe:index:Thing", "thing", {});',
            '    const store = require("@pulumi/pulumi/runtime/state").getStore();',
            "    return {",
            "        threadId,",
            "        tracked: store.leakCandidates.size,",
            "        sdkStackFrames: pulumi.Resource.stackTrace(0).length,",
            '        beforeExitListeners: process.listenerCount("beforeExit"),',
            "        envBefore,",
            '        ownCalls: require("./state").next(),',
            '        packageCalls: require("probe-counter").next(),',
            "    };",
            "};",
            "",
        ].join("\n"),
    );
}

function probeOf(records: readonly StackRecord[], stack: string): Probe {
    const record = records.find((r) => r.stack === stack);
    assert.ok(record, `stack ${stack} ran: ${records.map((r) => r.stack).join(", ")}`);
    return record.outputs as unknown as Probe;
}

describe("offline engine: one worker for many stacks", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-reuse-"));
        writeProbeProgram(dir, ["alpha", "beta", "gamma"]);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("keeps the SDK's tracking of pending promises, which its leak report counts", async () => {
        const { records, problems } = await collectStacks({ projectDir: dir, stacks: ["alpha"] });
        assert.deepStrictEqual(problems, []);
        // The outputs of a resource just constructed are promises still pending; how many the
        // SDK makes for one resource is its own affair.
        assert.ok(probeOf(records, "alpha").tracked > 0, JSON.stringify(records[0].outputs));
        assert.deepStrictEqual(
            records[0].resources.map((r) => [r.type, r.name]),
            [["probe:index:Thing", "thing"]],
        );
    });

    it("captures no stack in the SDK per resource; the engine still finds where it was constructed", async () => {
        const { records, problems } = await collectStacks({ projectDir: dir, stacks: ["alpha"] });
        assert.deepStrictEqual(problems, []);
        assert.strictEqual(probeOf(records, "alpha").sdkStackFrames, 0);
        // index.js line 8: `new pulumi.CustomResource("probe:index:Thing", "thing", {})`.
        assert.deepStrictEqual(records[0].resources[0].source, { file: "index.js", line: 8 });
    });

    it("runs a run's stacks in one worker, each as fresh as a new process", async () => {
        const { records, problems } = await collectStacks({ projectDir: dir });
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(
            records.map((r) => r.stack),
            ["alpha", "beta", "gamma"],
        );
        const probes = ["alpha", "beta", "gamma"].map((stack) => probeOf(records, stack));
        assert.strictEqual(new Set(probes.map((p) => p.threadId)).size, 1);
        // The program's listener of each stack before is gone: as many as in the first stack.
        assert.deepStrictEqual(
            probes.map((p) => p.beforeExitListeners),
            probes.map(() => probes[0].beforeExitListeners),
        );
        for (const probe of probes) {
            assert.deepStrictEqual(
                { envBefore: probe.envBefore, own: probe.ownCalls, pkg: probe.packageCalls },
                { envBefore: null, own: 1, pkg: 1 },
            );
        }
    });

    it("maps a construction site through the program's new source map when a reused worker runs it again", async () => {
        const ts = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-reuse-ts-"));
        const pool = new WorkerPool();
        try {
            writeProbeProgram(ts, ["alpha"]);
            fs.rmSync(path.join(ts, "index.js"));
            const program = (blankLines: number) =>
                fs.writeFileSync(
                    path.join(ts, "index.ts"),
                    [
                        'import * as pulumi from "@pulumi/pulumi";',
                        ...Array.from({ length: blankLines }, () => "// padding"),
                        "// A type-only line the compiled JavaScript does not keep:",
                        "type Unused = { a: string };",
                        "class Thing extends pulumi.CustomResource {",
                        "    constructor(name: string) {",
                        '        super("probe:index:Thing", name, {});',
                        "    }",
                        "}",
                        'export const thing = new Thing("thing").urn;',
                        "",
                    ].join("\n"),
                );
            program(0);
            const first = await collectStacks({ projectDir: ts, pool });
            program(3);
            const second = await collectStacks({ projectDir: ts, pool });
            assert.deepStrictEqual(
                [first, second].map((run) => [run.problems, run.records[0].resources[0].source]),
                [
                    [[], { file: "index.ts", line: 6 }],
                    [[], { file: "index.ts", line: 9 }],
                ],
            );
        } finally {
            await pool.close();
            fs.rmSync(ts, { recursive: true, force: true });
        }
    });

    it("lends a run's worker to the next run through a shared pool, and not without one", async () => {
        const pool = new WorkerPool();
        try {
            const first = await collectStacks({ projectDir: dir, stacks: ["alpha"], pool });
            const second = await collectStacks({ projectDir: dir, stacks: ["beta"], pool });
            assert.strictEqual(
                probeOf(second.records, "beta").threadId,
                probeOf(first.records, "alpha").threadId,
            );
            assert.strictEqual(probeOf(second.records, "beta").envBefore, null);
        } finally {
            await pool.close();
        }
        const alone = await collectStacks({ projectDir: dir, stacks: ["alpha"] });
        const again = await collectStacks({ projectDir: dir, stacks: ["alpha"] });
        assert.notStrictEqual(
            probeOf(again.records, "alpha").threadId,
            probeOf(alone.records, "alpha").threadId,
        );
    });

    it("lends one worker to many runs without piling up listeners on it", async () => {
        const warnings: string[] = [];
        const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
        process.on("warning", onWarning);
        const pool = new WorkerPool();
        try {
            const threads = new Set<number>();
            // Node warns at the eleventh listener of one event on one emitter.
            for (let run = 0; run < 12; run++) {
                const { records } = await collectStacks({
                    projectDir: dir,
                    stacks: ["alpha"],
                    pool,
                });
                threads.add(probeOf(records, "alpha").threadId);
            }
            assert.strictEqual(threads.size, 1);
            await new Promise((resolve) => setImmediate(resolve));
            assert.deepStrictEqual(warnings, []);
        } finally {
            process.off("warning", onWarning);
            await pool.close();
        }
    });

    it("never lends a worker whose program called process.exit", async () => {
        const pool = new WorkerPool();
        try {
            const exited = await collectStacks({
                projectDir: dir,
                stacks: ["alpha"],
                overrides: ["exit=yes"],
                pool,
            });
            assert.deepStrictEqual(
                exited.problems.map((p) => [p.kind, p.message]),
                [
                    [
                        "program",
                        "the program called process.exit(0); a Pulumi program returns (or resolves) instead of exiting",
                    ],
                ],
            );
            const next = await collectStacks({ projectDir: dir, stacks: ["beta"], pool });
            assert.deepStrictEqual(next.problems, []);
            assert.strictEqual(probeOf(next.records, "beta").ownCalls, 1);
        } finally {
            await pool.close();
        }
    });
});
