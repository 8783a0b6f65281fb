/**
 * `npm run bench`: how long the full offline check takes, and how much memory it needs, against
 * resource count. Cases: this project's stacks, then generated programs of 100, 1,000 and 5,000
 * resources. Each run is a fresh process (`bench/case.ts`), so peak memory is per case; each case
 * runs a few times and the median is reported. Exits 1 when an aim is missed. Timing depends on
 * the machine and its load, so none of this belongs in `npm test`.
 *
 * Options: --repeat N (default 3), --sizes 100,1000,5000, --results FILE (also write markdown).
 */
import { spawn, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { CaseTiming } from "./case";
import { generateProgram } from "./generate";

const projectRoot = path.resolve(__dirname, "..");

/** The median of one case's runs, plus what the parent measured around the child. */
interface CaseResult {
    label: string;
    runs: number;
    timing: CaseTiming;
    /** Wall time of the whole child process, node startup included. */
    wallMs: number;
    /** User + system CPU of the child and the pack it started; null off Linux. */
    cpuMs: number | null;
}

/** Aims from issue #7. */
const projectAimSeconds = 10;
const growthAim = 10;

interface Options {
    repeat: number;
    sizes: number[];
    results?: string;
}

function parseOptions(argv: readonly string[]): Options {
    const options: Options = { repeat: 3, sizes: [100, 1000, 5000] };
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

function runOnce(
    projectDir: string,
): Promise<{ timing: CaseTiming; wallMs: number; cpuMs: number | null }> {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const child = spawn(
        process.execPath,
        [
            "-r",
            require.resolve("ts-node/register/transpile-only"),
            path.join(__dirname, "case.ts"),
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
                reject(new Error(`bench case ${projectDir} exited with ${code}`));
                return;
            }
            resolve({
                timing: JSON.parse(stdout.trim().split("\n").pop()!) as CaseTiming,
                wallMs,
                cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
            });
        });
    });
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function runCase(label: string, projectDir: string, repeat: number): Promise<CaseResult> {
    const runs = [];
    for (let i = 0; i < repeat; i++) {
        process.stderr.write(`  ${label}: run ${i + 1} of ${repeat}\n`);
        runs.push(await runOnce(projectDir));
    }
    // The median run by wall time, so a row's columns come from one run and add up.
    const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
    const mid = byWall[Math.floor((byWall.length - 1) / 2)];
    return {
        label,
        runs: runs.length,
        timing: mid.timing,
        wallMs: median(runs.map((r) => r.wallMs)),
        cpuMs: runs.every((r) => r.cpuMs !== null) ? median(runs.map((r) => r.cpuMs!)) : null,
    };
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number | null) => (bytes === null ? "n/a" : (bytes / 2 ** 20).toFixed(0));

const columns = [
    "case",
    "resources",
    "total s",
    "CPU s",
    "startup s",
    "engine s",
    "pack start s",
    "analysis s",
    "peak RSS MB (check / pack)",
    "ms per resource",
];

function row(r: CaseResult): string[] {
    const t = r.timing;
    return [
        r.label,
        String(t.resources),
        s(r.wallMs),
        r.cpuMs === null ? "n/a" : s(r.cpuMs),
        s(t.loadMs),
        s(t.engineMs),
        s(t.packStartMs),
        s(t.analysisMs),
        `${mb(t.checkMaxRssBytes)} / ${mb(t.packMaxRssBytes)}`,
        (r.wallMs / t.resources).toFixed(1),
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

function aims(results: readonly CaseResult[], sizes: readonly number[]): Aim[] {
    const out: Aim[] = [];
    const project = results.find((r) => r.label === "project stacks");
    if (project) {
        out.push({
            name: `the project's stacks check in under ${projectAimSeconds} s`,
            pass: project.wallMs < projectAimSeconds * 1000,
            detail: `${s(project.wallMs)} s`,
        });
    }
    const smallest = results.find((r) => r.label === `generated ${Math.min(...sizes)}`);
    const largest = results.find((r) => r.label === `generated ${Math.max(...sizes)}`);
    if (smallest && largest && smallest !== largest) {
        const ratio = largest.wallMs / smallest.wallMs;
        out.push({
            name: `${largest.timing.resources} resources take less than ${growthAim}x the time of ${smallest.timing.resources}`,
            pass: ratio < growthAim,
            detail: `${ratio.toFixed(1)}x`,
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
    process.stderr.write(`bench: ${options.repeat} run(s) per case\n`);
    results.push(await runCase("project stacks", projectRoot, options.repeat));
    for (const size of options.sizes) {
        results.push(await runCase(`generated ${size}`, generateProgram(size), options.repeat));
    }
    const rows = results.map(row);
    const checked = aims(results, options.sizes);
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
