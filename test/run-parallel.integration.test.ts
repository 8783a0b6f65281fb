/**
 * scripts/run-parallel.js, which `npm test` uses to run lint, the type checker and the fast suite
 * side by side: each script's output in one piece, the first failure's exit code, and no script
 * left running after a signal.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { alive, eventually } from "./helpers/processes";

const runner = path.join(__dirname, "..", "scripts", "run-parallel.js");
const fixture = path.join(__dirname, "fixtures", "run-parallel");

interface Ended {
    code: number | null;
    stdout: string;
}

function run(scripts: string[], extraEnv: Record<string, string> = {}) {
    // Without npm_execpath the runner finds npm on PATH, as when it is started by hand.
    const env = { ...process.env, ...extraEnv };
    delete env.npm_execpath;
    const child = spawn(process.execPath, [runner, ...scripts], { cwd: fixture, env });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const ended = new Promise<Ended>((resolve) =>
        child.on("close", (code) => resolve({ code, stdout })),
    );
    return { child, ended, stdout: () => stdout };
}

/** Section headers and bodies without the timings, which vary. */
const withoutSeconds = (text: string) => text.replace(/ in \d+\.\d s ──/g, " ──");

describe("scripts/run-parallel.js", function () {
    this.timeout(60_000);

    it("prints each script's output whole and exits with the first failure's code", async () => {
        const { code, stdout } = await run(["passes", "fails"]).ended;
        assert.strictEqual(code, 3);
        const text = withoutSeconds(stdout);
        assert.ok(text.startsWith("npm run passes: started\nnpm run fails: started\n"), text);
        // Each script's output sits whole under its header, in whichever order they ended.
        assert.ok(text.includes("\n── npm run fails: failed (exit 3) ──\nfails: broken\n"), text);
        assert.ok(text.includes("\n── npm run passes: passed ──\npasses: done\n"), text);
        assert.strictEqual(text.split("── npm run").length, 3, text);
    });

    it("exits 0 when every script passes", async () => {
        const { code, stdout } = await run(["passes"]).ended;
        assert.strictEqual(code, 0, stdout);
    });

    it("exits 2 with its usage when no script is named", async () => {
        const { code } = await run([]).ended;
        assert.strictEqual(code, 2);
    });

    it("SIGTERM stops every script still running and exits 143", async () => {
        const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "run-parallel-")), "pid");
        const { child, ended, stdout } = run(["hangs", "passes"], { PID_FILE: pidFile });
        const hangPid = await eventually(() => {
            const text = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, "utf8") : "";
            return text === "" ? undefined : Number(text);
        }, 30_000);
        assert.ok(hangPid, `the hanging script never started: ${stdout()}`);
        assert.strictEqual(alive(hangPid), true);
        child.kill("SIGTERM");
        const { code } = await ended;
        assert.strictEqual(code, 143);
        assert.strictEqual(await eventually(() => !alive(hangPid), 10_000), true);
        fs.rmSync(path.dirname(pidFile), { recursive: true, force: true });
    });
});
