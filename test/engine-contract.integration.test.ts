/**
 * The check's contract with a program that misbehaves: every way a program can fail to finish is
 * exit 2 with one line naming the cause, the program's output never reaches the report, and no
 * process is left behind on any path (issue 17, items 2 and 3).
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as path from "path";
import { livePacks } from "../check/analyzer/client";
import { main } from "../bin/main";
import { alive, childrenOf, eventually } from "./helpers/processes";

const projectRoot = path.resolve(__dirname, "..");
const program = path.join(__dirname, "fixtures", "misbehaving");
const pack = path.join(__dirname, "fixtures", "pack-fixture");

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

/** The check's own error line (the program's output comes before it on stderr). */
function errorLine(stderr: string): string {
    const lines = stderr.split("\n").filter((l) => l.startsWith("error: "));
    assert.strictEqual(lines.length, 1, stderr);
    return lines[0];
}

/** Packs this process started that are still running, once they have had time to stop. */
async function packsLeft(): Promise<string[]> {
    const left = () =>
        childrenOf(process.pid)
            .filter((c) => c.cmdline.includes("parent-watch"))
            .map((c) => `${c.pid} ${c.cmdline}`);
    return eventually(() => (left().length === 0 ? [] : undefined), 10_000).then(
        (none) => none ?? left(),
    );
}

const check = (mode: string, ...extra: string[]) =>
    run([
        "--program",
        program,
        "--policy-pack",
        pack,
        "--config",
        `mode=${mode}`,
        "--format",
        "json",
        ...extra,
    ]);

describe("check contract with a misbehaving program", function () {
    this.timeout(180_000);

    afterEach(async () => {
        // main() returns only once its pack has exited.
        assert.deepStrictEqual(livePacks(), []);
        assert.deepStrictEqual(await packsLeft(), []);
    });

    it("keeps the program's stdout and stderr out of the report", async () => {
        const { code, stdout, stderr } = await check("ok");
        assert.strictEqual(code, 0, stderr);
        const doc = JSON.parse(stdout);
        assert.deepStrictEqual(doc.stacks[0].outputs, { mode: "ok" });
        assert.ok(!stdout.includes("program stdout line"), stdout);
        assert.strictEqual(stderr, "program stdout line\nprogram stderr line\n");
    });

    const failures: [string, string][] = [
        ["throws", "error: stack dev: the program's own failure"],
        ["late-rejection", "error: stack dev: late failure in the program"],
        ["uncaught", "error: stack dev: uncaught failure in a timer"],
        [
            "exit",
            "error: stack dev: the program called process.exit(0); a Pulumi program returns (or resolves) instead of exiting",
        ],
        [
            "never-promise",
            "error: stack dev: the program never finished: nothing was left to run while it still waited for the program's promise (it awaits something that never resolves)",
        ],
        [
            "never-input",
            'error: stack dev: the program never finished: nothing was left to run while it still waited for aws:sns/topic:Topic "stuck" (its inputs never resolved)',
        ],
    ];
    for (const [mode, line] of failures) {
        it(`exit 2 naming the cause: ${mode}`, async () => {
            const { code, stdout, stderr } = await check(mode);
            assert.strictEqual(code, 2, stderr);
            assert.strictEqual(stdout, "");
            assert.strictEqual(errorLine(stderr), line);
        });
    }

    it("stops a busy loop at --timeout", async () => {
        const { code, stderr } = await check("busy", "--timeout", "4");
        assert.strictEqual(code, 2, stderr);
        assert.strictEqual(
            errorLine(stderr),
            "error: stack dev: the program did not finish within 4 s (--timeout) and did not answer within 3 s: it is running code that never yields (a busy loop, or a program too large for the deadline: no resource registered)",
        );
    });

    it("stops a program kept alive by a timer at --timeout, naming the timer", async () => {
        // Long enough for the program to have registered its resource on a loaded machine.
        const { code, stderr } = await check("interval", "--timeout", "20");
        assert.strictEqual(code, 2, stderr);
        assert.strictEqual(
            errorLine(stderr),
            "error: stack dev: the program did not finish within 20 s (--timeout); still pending: an active Timeout handle",
        );
    });

    it("rejects a --timeout that is not a positive number of seconds", async () => {
        const { code, stderr } = await check("ok", "--timeout", "soon");
        assert.strictEqual(code, 2);
        assert.strictEqual(
            stderr,
            'error: --timeout "soon" is not a number of seconds; use a positive number, e.g. --timeout 300\n',
        );
    });

    const setupFailures: [string, string[], string][] = [
        [
            "an unknown stack",
            ["--stack", "prod"],
            `error: stack "prod" has no Pulumi.prod.yaml in ${program}; stacks: dev`,
        ],
        [
            "a pack that cannot start",
            ["--policy-pack", path.join(__dirname, "fixtures", "two-topics")],
            `error: policy pack ${path.join(__dirname, "fixtures", "two-topics")} has no package.json (the SDK reads its version)`,
        ],
    ];
    for (const [name, extra, line] of setupFailures) {
        it(`exit 2 and no pack left: ${name}`, async () => {
            const { code, stderr } = await check("ok", ...extra);
            assert.strictEqual(code, 2, stderr);
            assert.strictEqual(errorLine(stderr), line);
        });
    }
});

describe("the pack never outlives the check", function () {
    this.timeout(180_000);

    /** Start the check as a process on a program that never finishes; resolves with its pack. */
    async function checkWithPack() {
        const child = spawn(
            process.execPath,
            [
                "-r",
                path.join(projectRoot, "check", "engine", "compile-cache.js"),
                path.join(projectRoot, "bin", "main.ts"),
                "--program",
                program,
                "--policy-pack",
                pack,
                "--config",
                "mode=interval",
            ],
            { stdio: "ignore" },
        );
        const packPid = await eventually(
            () => childrenOf(child.pid!).find((c) => c.cmdline.includes("parent-watch"))?.pid,
            120_000,
        );
        assert.ok(packPid, "the check never started its pack");
        const exited = new Promise<NodeJS.Signals | null>((resolve) =>
            child.once("exit", (_code, signal) => resolve(signal)),
        );
        return { child, packPid, exited };
    }

    for (const signal of ["SIGTERM", "SIGINT", "SIGHUP", "SIGKILL"] as const) {
        it(`${signal} to the check ends its pack`, async () => {
            const { child, packPid, exited } = await checkWithPack();
            child.kill(signal);
            assert.strictEqual(await exited, signal);
            assert.strictEqual(await eventually(() => !alive(packPid), 30_000), true);
        });
    }
});
