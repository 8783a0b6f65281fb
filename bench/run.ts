/**
 * `npm run bench`: how long the full offline check takes, how much CPU and memory it needs,
 * against resource count, next to the floor: the same program under plain
 * `pulumi.runtime.setMocks` with trivial mocks (`bench/floor.ts`). Cases: this project's stacks,
 * then generated programs of 100, 1,000, 5,000 and 10,000 resources. Each run is a fresh process,
 * so peak memory is per case; with --repeat N the median run is reported. Exits 1 when an aim
 * (issue 18) is missed. Timing depends on the machine and its load, so none of this belongs in
 * `npm test`.
 *
 * Options: --repeat N (default 1), --sizes 100,1000,5000,10000, --results FILE (also markdown).
 */
import { spawn, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { CaseTiming } from "./case";
import { FloorTiming } from "./floor";
import { generateProgram } from "./generate";

const projectRoot = path.resolve(__dirname, "..");

/** One case: the check's median run, and the floor's when the case has one. */
interface CaseResult {
    label: string;
    runs: number;
    check: Measured<CaseTiming>;
    floor?: Measured<FloorTiming>;
}

/** A case whose check or floor failed: the table says so and the aims it feeds fail. */
interface FailedCase {
    label: string;
    error: string;
}

/** A child's own report plus what the parent measured around it. */
interface Measured<T> {
    timing: T;
    /** Wall time of the whole child process, node startup included. */
    wallMs: number;
    /** User + system CPU of the child and its children (the pack); null off Linux. */
    cpuMs: number | null;
}

/** Aims from issue 18. */
const projectAimSeconds = 4;
const growthAim = 2.5;
const floorAim = 2;
const memoryAimMb = 500;

interface Options {
    repeat: number;
    sizes: number[];
    results?: string;
}

function parseOptions(argv: readonly string[]): Options {
    const options: Options = { repeat: 1, sizes: [100, 1000, 5000, 10000] };
    for (let i = 0; i < argv.length; i++) {
        const value = argv[i + 1];
        switch (argv[i]) {
            case "--repeat":
                options.repeat = Number(value);
                i++;
                break;
            case "--sizes":
                options.sizes = value.split(",").map(Number);
                i++;
                break;
            case "--results":
                options.results = value;
                i++;
                break;
            default:
                throw new Error(
                    `unknown option ${argv[i]}; use --repeat N, --sizes 100,1000 or --results FILE`,
                );
        }
    }
    if (!Number.isInteger(options.repeat) || options.repeat < 1) {
        throw new Error("--repeat must be a positive integer");
    }
    if (options.sizes.some((n) => !Number.isInteger(n) || n < 1)) {
        throw new Error("--sizes must be positive integers separated by commas");
    }
    return options;
}

const clockTicks = (() => {
    try {
        return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
        return 100;
    }
})();

/** CPU of this process's reaped descendants (Linux /proc); null elsewhere. */
function childrenCpuMs(): number | null {
    try {
        const stat = fs.readFileSync("/proc/self/stat", "utf8");
        // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks;
    } catch {
        return null;
    }
}

function runOnce<T>(script: string, projectDir: string): Promise<Measured<T>> {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const child = spawn(
        process.execPath,
        [
            "-r",
            path.join(projectRoot, "check", "engine", "compile-cache.js"),
            path.join(__dirname, script),
            projectDir,
        ],
        { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] },
    );
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    return new Promise((resolve, reject) => {
        child.on("exit", (code) => {
            const wallMs = performance.now() - started;
            const cpuAfter = childrenCpuMs();
            if (code !== 0) {
                reject(new Error(`bench ${script} ${projectDir} exited with ${code}`));
                return;
            }
            resolve({
                timing: JSON.parse(stdout.trim().split("\n").pop()!) as T,
                wallMs,
                cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
            });
        });
    });
}

/** The median run by wall time, so a row's columns come from one run and add up. */
function medianRun<T>(runs: Measured<T>[]): Measured<T> {
    const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
    return byWall[Math.floor((byWall.length - 1) / 2)];
}

async function runCase(
    label: string,
    projectDir: string,
    repeat: number,
    withFloor: boolean,
): Promise<CaseResult> {
    const checks: Measured<CaseTiming>[] = [];
    const floors: Measured<FloorTiming>[] = [];
    for (let i = 0; i < repeat; i++) {
        // Check and floor alternate, so a change in the machine's load hits both alike.
        process.stderr.write(`  ${label}: run ${i + 1} of ${repeat}\n`);
        checks.push(await runOnce<CaseTiming>("case.ts", projectDir));
        if (withFloor) {
            floors.push(await runOnce<FloorTiming>("floor.ts", projectDir));
        }
    }
    return {
        label,
        runs: repeat,
        check: medianRun(checks),
        floor: withFloor ? medianRun(floors) : undefined,
    };
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number | null) => (bytes === null ? "n/a" : (bytes / 2 ** 20).toFixed(0));

const columns = [
    "case",
    "resources",
    "check s",
    "check CPU s",
    "peak RSS MB (check / pack)",
    "floor s",
    "floor CPU s",
    "floor RSS MB",
    "check / floor",
];

function row(r: CaseResult): string[] {
    const c = r.check;
    const f = r.floor;
    return [
        r.label,
        String(c.timing.resources),
        s(c.wallMs),
        c.cpuMs === null ? "n/a" : s(c.cpuMs),
        `${mb(c.timing.checkMaxRssBytes)} / ${mb(c.timing.packMaxRssBytes)}`,
        f ? s(f.wallMs) : "",
        f && f.cpuMs !== null ? s(f.cpuMs) : "",
        f ? mb(f.timing.maxRssBytes) : "",
        f ? `${(c.wallMs / f.wallMs).toFixed(2)}x` : "",
    ];
}

function textTable(rows: string[][]): string {
    const all = [columns, ...rows];
    const widths = columns.map((_, i) => Math.max(...all.map((r) => r[i].length)));
    return all
        .map((r) =>
            r
                .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
                .join("  "),
        )
        .join("\n");
}

function markdownTable(rows: string[][]): string {
    return [
        `| ${columns.join(" | ")} |`,
        `|${columns.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`,
        ...rows.map((r) => `| ${r.join(" | ")} |`),
    ].join("\n");
}

interface Aim {
    name: string;
    pass: boolean;
    detail: string;
}

function aims(results: readonly CaseResult[]): Aim[] {
    const out: Aim[] = [];
    const generated = (n: number) => results.find((r) => r.label === `generated ${n}`);
    const project = results.find((r) => r.label === "project stacks");
    if (project) {
        out.push({
            name: `the project's stacks check in under ${projectAimSeconds} s`,
            pass: project.check.wallMs < projectAimSeconds * 1000,
            detail: `${s(project.check.wallMs)} s`,
        });
    }
    const largest = generated(10000);
    if (largest) {
        out.push({
            name: "10,000 generated resources are checked without error",
            pass: largest.check.timing.resources >= 10000,
            detail: `${largest.check.timing.resources} resources, ${s(largest.check.wallMs)} s`,
        });
    }
    const [small, big] = [generated(100), generated(5000)];
    if (small && big) {
        const ratio = big.check.wallMs / small.check.wallMs;
        out.push({
            name: `5,000 resources take at most ${growthAim}x the time of 100`,
            pass: ratio <= growthAim,
            detail: `${ratio.toFixed(2)}x`,
        });
    }
    if (big) {
        const peak = big.check.timing.checkMaxRssBytes / 2 ** 20;
        const pack = (big.check.timing.packMaxRssBytes ?? 0) / 2 ** 20;
        out.push({
            name: `peak memory at 5,000 resources is under ${memoryAimMb} MB`,
            pass: peak < memoryAimMb,
            detail: `${peak.toFixed(0)} MB the check, ${pack.toFixed(0)} MB the pack's own process`,
        });
    }
    const thousand = generated(1000);
    if (thousand?.floor) {
        const ratio = thousand.check.wallMs / thousand.floor.wallMs;
        out.push({
            name: `the check at 1,000 resources is within ${floorAim}x of the SDK floor`,
            pass: ratio <= floorAim,
            detail: `${ratio.toFixed(2)}x`,
        });
    }
    return out;
}

function machine(): string {
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    return `${os.cpus().length} CPUs (nproc ${os.availableParallelism()}), ${cpu}, Node ${process.version}, ${os.platform()} ${os.release()}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} at the end`;
}

async function main(argv: readonly string[]): Promise<number> {
    const options = parseOptions(argv);
    const results: CaseResult[] = [];
    const failed: FailedCase[] = [];
    const attempt = async (label: string, dir: string, withFloor: boolean) => {
        try {
            results.push(await runCase(label, dir, options.repeat, withFloor));
        } catch (err) {
            failed.push({ label, error: (err as Error).message });
        }
    };
    process.stderr.write(`bench: ${options.repeat} run(s) per case\n`);
    await attempt("project stacks", projectRoot, false);
    for (const size of options.sizes) {
        await attempt(`generated ${size}`, generateProgram(size), true);
    }
    const rows = [
        ...results.map(row),
        ...failed.map((f) => [f.label, "failed", ...columns.slice(2).map(() => "")]),
    ];
    const checked = [
        ...aims(results),
        ...failed.map((f) => ({ name: `${f.label} runs`, pass: false, detail: f.error })),
    ];
    const lines = [
        textTable(rows),
        "",
        ...checked.map((a) => `${a.pass ? "PASS" : "FAIL"}  ${a.name}: ${a.detail}`),
        "",
        `Median of ${options.repeat} run(s) per case. ${machine()}.`,
        "",
    ];
    process.stdout.write(lines.join("\n"));
    if (options.results) {
        fs.writeFileSync(
            options.results,
            [
                markdownTable(rows),
                "",
                ...checked.map((a) => `- ${a.pass ? "PASS" : "FAIL"}: ${a.name} (${a.detail})`),
                "",
                `Median of ${options.repeat} run(s) per case. ${machine()}.`,
                "",
            ].join("\n"),
        );
    }
    return checked.every((a) => a.pass) ? 0 : 1;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err) => {
            process.stderr.write(`bench: ${(err as Error).message}\n`);
            process.exit(2);
        },
    );
}
