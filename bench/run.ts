/**
 * `npm run bench`: how close the offline check is to its floors (issue 31), all measured in one
 * run so that each figure has its floor from the same minutes of the same machine. Each case is
 * a ratio to its floor:
 *
 * - the startup floor: plain node loading `@pulumi/pulumi` and `@pulumi/aws`;
 * - the project's stacks (`npm start`, the CLI's `check`) and a ~150-resource generated program,
 *   each against the startup floor;
 * - a ~2,750-resource generated program (`bench/case.ts`: the check without printing, with the
 *   pack's memory) against its SDK floor (`bench/floor.ts`: plain `setMocks`), time and memory;
 * - `compare` on the project against one `npm start` on the project.
 *
 * Then where the fixed cost goes (`bench/phases.ts`). A case and its floor alternate within each
 * round, so a change in the machine's load hits both alike, and the median round is reported.
 * Every figure carries the CPU other processes used during it (`others.ts`: the machine's busy
 * time minus the run's own CPU, in cores): an aim is judged only when others used at most
 * `quietOthersCores` during both the case and its floor; otherwise it is reported as measured,
 * not judged. RESULTS.md's generated section is rewritten from the run.
 *
 * Options: --quick (one round, no 2,750-resource pair), --repeat N (rounds of the small cases,
 * default 3), --results FILE (default bench/RESULTS.md; "-" writes nothing).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CaseTiming } from "./case";
import { FloorTiming } from "./floor";
import { generateProgram } from "./generate";
import { Run, median, runNode } from "./measure";
import { notJudgedReason, quietOthersCores } from "./others";
import { Phases } from "./phases";
import { TypeCheckTiming } from "./typecheck";

const projectRoot = path.resolve(__dirname, "..");
const compileCache = path.join(projectRoot, "check", "engine", "compile-cache.js");
const cli = path.join(projectRoot, "bin", "multi-region-failover");

/** The sizes of the generated programs (rounded up to whole groups of five). */
export const smallProgram = 150;
export const largeProgram = 2750;

/** Aims from issue 31, each a ratio to a floor measured in the same run. */
export const aims = {
    projectToStartup: 4,
    smallToStartup: 2.5,
    compareToCheck: 3,
    largeToSdkTime: 0.5,
    largeToSdkMemory: 0.8,
} as const;

export interface Options {
    quick: boolean;
    repeat: number;
    results: string | undefined;
}

export function parseOptions(argv: readonly string[]): Options {
    const options: Options = {
        quick: false,
        repeat: 3,
        results: path.join(__dirname, "RESULTS.md"),
    };
    for (let i = 0; i < argv.length; i++) {
        const value = argv[i + 1];
        switch (argv[i]) {
            case "--quick":
                options.quick = true;
                options.repeat = 1;
                break;
            case "--repeat":
                options.repeat = Number(value);
                i++;
                break;
            case "--results":
                options.results = value === "-" ? undefined : value;
                i++;
                break;
            default:
                throw new Error(
                    `unknown option ${argv[i]}; use --quick, --repeat N or --results FILE (- for none)`,
                );
        }
    }
    if (!Number.isInteger(options.repeat) || options.repeat < 1) {
        throw new Error(`--repeat ${value(argv, "--repeat")}: must be a positive integer`);
    }
    return options;
}

function value(argv: readonly string[], flag: string): string {
    return argv[argv.indexOf(flag) + 1] ?? "";
}

/** One measured figure: a case or a floor, its median run. */
export interface Figure {
    label: string;
    run: Run;
    /** Peak RSS in bytes where the script reports it (check process / pack process). */
    rss?: { main: number; pack?: number | null };
    resources?: number;
}

/** A case against its floor. */
export interface Comparison {
    name: string;
    subject: Figure;
    floor: Figure;
    aim: number;
    /** Time (wall) unless "memory". */
    measure: "time" | "memory";
}

const startupScript = `require("@pulumi/pulumi"); require("@pulumi/aws");`;

/** The runs of one round, in the order they alternate. */
async function round(
    small: string,
    log: (text: string) => void,
): Promise<{ startup: Run; project: Run; small: Run }> {
    log("startup floor");
    const startup = await runNode(["-e", startupScript], projectRoot);
    log("project stacks (npm start)");
    const project = await runNode([cli, "check", "--program", projectRoot], projectRoot, [0, 1]);
    log(`${smallProgram} resources`);
    const smallRun = await runNode([cli, "check", "--program", small], projectRoot, [0, 1]);
    return { startup, project, small: smallRun };
}

/** A changed program's type check (`bench/typecheck.ts`); it leaves the result cached. */
async function coldTypeCheck(dir: string, resources: number, log: (text: string) => void) {
    log(`type check of a changed ${resources}-resource program`);
    const run = await runNode(
        ["-r", compileCache, path.join(__dirname, "typecheck.ts"), dir],
        projectRoot,
    );
    return { resources, run, timing: JSON.parse(run.lastLine) as TypeCheckTiming };
}

/** The middle value of `values` (the lower of the two middle ones when there are as many). */
export function middle(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * The 2,750-resource check against its SDK floor, `rounds` times, the two alternating: each
 * figure is its median run by wall time, and the median peak memory of its runs.
 */
async function largePair(dir: string, rounds: number, log: (text: string) => void) {
    const checks: { run: Run; timing: CaseTiming }[] = [];
    const floors: { run: Run; timing: FloorTiming }[] = [];
    for (let i = 0; i < rounds; i++) {
        log(`${largeProgram} resources (check), round ${i + 1} of ${rounds}`);
        const check = await runNode(
            ["-r", compileCache, path.join(__dirname, "case.ts"), dir],
            projectRoot,
        );
        checks.push({ run: check, timing: JSON.parse(check.lastLine) as CaseTiming });
        log(`${largeProgram} resources (SDK floor), round ${i + 1} of ${rounds}`);
        const floor = await runNode(
            ["-r", compileCache, path.join(__dirname, "floor.ts"), dir],
            projectRoot,
        );
        floors.push({ run: floor, timing: JSON.parse(floor.lastLine) as FloorTiming });
    }
    const c = checks[0].timing;
    const f = floors[0].timing;
    const packs = checks.map((x) => x.timing.packMaxRssBytes);
    return {
        check: {
            label: `${c.resources} resources, check`,
            run: median(checks.map((x) => x.run)),
            resources: c.resources,
            rss: {
                main: middle(checks.map((x) => x.timing.checkMaxRssBytes)),
                pack: packs.every((p) => p !== null) ? middle(packs as number[]) : null,
            },
        },
        floor: {
            label: `${f.resources} resources, SDK floor`,
            run: median(floors.map((x) => x.run)),
            resources: f.resources,
            rss: { main: middle(floors.map((x) => x.timing.maxRssBytes)) },
        },
    };
}

/** Everything one `npm run bench` measures. */
export interface BenchResult {
    comparisons: Comparison[];
    phases: Phases;
    phasesRun: Run;
    /** Cold type checks (a changed program), each in a fresh process. */
    typeChecks: Awaited<ReturnType<typeof coldTypeCheck>>[];
    rounds: number;
    quick: boolean;
}

async function measure(options: Options): Promise<BenchResult> {
    const log = (text: string) => process.stderr.write(`bench: ${text}\n`);
    const small = generateProgram(smallProgram);
    // One unmeasured check of each program first: the engine's type check keeps its result, so
    // the rounds measure a check whose sources did not change (a changed source's type check is
    // reported apart, in RESULTS.md).
    log("warm-up (type check and compile caches)");
    for (const dir of [projectRoot, small]) {
        await runNode([cli, "check", "--program", dir], projectRoot, [0, 1]);
    }
    const typeChecks = [await coldTypeCheck(small, smallProgram, log)];
    const rounds: Awaited<ReturnType<typeof round>>[] = [];
    for (let i = 0; i < options.repeat; i++) {
        log(`round ${i + 1} of ${options.repeat}`);
        rounds.push(await round(small, log));
    }
    const startup = median(rounds.map((r) => r.startup));
    const project = median(rounds.map((r) => r.project));
    const smallRun = median(rounds.map((r) => r.small));
    log("compare");
    const compare = await runNode([cli, "compare", "--program", projectRoot], projectRoot);
    const floor = { label: "startup floor", run: startup };
    const check = { label: "npm start (project stacks)", run: project };
    const comparisons: Comparison[] = [
        {
            name: "project stacks",
            subject: check,
            floor,
            aim: aims.projectToStartup,
            measure: "time",
        },
        {
            name: `${smallProgram} resources`,
            subject: { label: `${smallProgram} resources`, run: smallRun },
            floor,
            aim: aims.smallToStartup,
            measure: "time",
        },
        {
            name: "compare",
            subject: { label: "compare", run: compare },
            floor: check,
            aim: aims.compareToCheck,
            measure: "time",
        },
    ];
    if (!options.quick) {
        const largeDir = generateProgram(largeProgram);
        // Like every other case, the pair measures a check whose type check is cached.
        typeChecks.push(await coldTypeCheck(largeDir, largeProgram, log));
        const large = await largePair(largeDir, options.repeat, log);
        comparisons.push(
            {
                name: `${largeProgram} resources, time`,
                subject: large.check,
                floor: large.floor,
                aim: aims.largeToSdkTime,
                measure: "time",
            },
            {
                name: `${largeProgram} resources, peak memory`,
                subject: large.check,
                floor: large.floor,
                aim: aims.largeToSdkMemory,
                measure: "memory",
            },
        );
    }
    log("where the fixed cost goes");
    const phasesRun = await runNode(
        ["-r", compileCache, path.join(__dirname, "phases.ts")],
        projectRoot,
    );
    return {
        comparisons,
        phases: JSON.parse(phasesRun.lastLine) as Phases,
        phasesRun,
        typeChecks,
        rounds: options.repeat,
        quick: options.quick,
    };
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const othersText = (run: Run) => (run.othersCores === null ? "n/a" : run.othersCores.toFixed(2));

/** The ratio a comparison is judged on. */
export function ratioOf(c: Comparison): number {
    return c.measure === "memory"
        ? c.subject.rss!.main / c.floor.rss!.main
        : c.subject.run.wallMs / c.floor.run.wallMs;
}

/** The CPU-time ratio (user + system, children included), the steadier figure under load. */
function cpuRatioOf(c: Comparison): string {
    const [a, b] = [c.subject.run.cpuMs, c.floor.run.cpuMs];
    return c.measure === "memory" || a === null || b === null ? "" : `${(a / b).toFixed(2)}x`;
}

/** "met" or "missed" when others stayed quiet during the case and its floor, else why not. */
export function verdict(c: Comparison): string {
    const reason = notJudgedReason([c.subject.run.othersCores, c.floor.run.othersCores]);
    if (reason) {
        return reason;
    }
    return ratioOf(c) <= c.aim ? "met" : "missed";
}

const columns = [
    "case",
    "s",
    "CPU s",
    "others' CPU, cores",
    "floor",
    "floor s",
    "floor CPU s",
    "floor others' CPU, cores",
    "ratio (wall)",
    "ratio (CPU)",
    "aim",
    "verdict",
];

function cells(c: Comparison): string[] {
    const cpu = (run: Run) => (run.cpuMs === null ? "n/a" : s(run.cpuMs));
    const memory = c.measure === "memory";
    const rssOf = (f: Figure) =>
        `${mb(f.rss!.main)} MB${f.rss!.pack ? ` (+ pack ${mb(f.rss!.pack)} MB)` : ""}`;
    return [
        c.name,
        memory ? rssOf(c.subject) : s(c.subject.run.wallMs),
        memory ? "" : cpu(c.subject.run),
        othersText(c.subject.run),
        c.floor.label,
        memory ? rssOf(c.floor) : s(c.floor.run.wallMs),
        memory ? "" : cpu(c.floor.run),
        othersText(c.floor.run),
        `${ratioOf(c).toFixed(2)}x`,
        cpuRatioOf(c),
        `≤ ${c.aim}x`,
        verdict(c),
    ];
}

/** Rows of the fixed-cost table: what, ms, and what it is part of. */
function phaseRows(p: Phases): string[][] {
    const ms = (v: number) => v.toFixed(0);
    return [
        ["CLI load (the check's modules, main thread)", ms(p.cliLoadMs)],
        [
            "type check, result cached (main thread, while the first worker loads)",
            ms(p.typeCheckMs),
        ],
        ["worker start (an empty worker thread to online)", ms(p.workerStartMs)],
        ["SDK load per worker (@pulumi/pulumi + @pulumi/aws)", ms(p.workerSdkLoadMs)],
        ["pack start (spawn to its port line)", ms(p.packStartMs)],
        ["  of which the pack's SDK load (@pulumi/policy, @pulumi/pulumi)", ms(p.packSdkLoadMs)],
        ["  of which the pack's rules", ms(p.packRulesLoadMs)],
        ["pack info (GetAnalyzerInfo)", ms(p.packInfoMs)],
        ["Configure (ConfigureStack + Configure, one stack)", ms(p.configureMs)],
        ["program and analysis, three stacks (overlapping)", ms(p.programAndAnalysisMs)],
        ["budget and text report", ms(p.budgetAndReportMs)],
    ];
}

const typeCheckHeader = ["program", "s", "CPU s", "peak MB", "others' CPU, cores"];

function typeCheckRows(r: BenchResult): string[][] {
    return r.typeChecks.map((t) => [
        `${t.resources} resources`,
        s(t.timing.totalMs),
        t.run.cpuMs === null ? "n/a" : s(t.run.cpuMs),
        mb(t.timing.maxRssBytes),
        othersText(t.run),
    ]);
}

function markdownTable(header: string[], rows: string[][], numeric: (i: number) => boolean) {
    return [
        `| ${header.join(" | ")} |`,
        `|${header.map((_, i) => (numeric(i) ? " ---: " : " --- ")).join("|")}|`,
        ...rows.map((r) => `| ${r.join(" | ")} |`),
    ].join("\n");
}

function machine(): string {
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    return `${os.availableParallelism()} cores, ${cpu}, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** The generated section of RESULTS.md. */
export function resultsSection(r: BenchResult, date: string): string {
    const numericCase = (i: number) => [1, 2, 3, 5, 6, 7, 8, 9].includes(i);
    return [
        `Generated by \`npm run bench${r.quick ? " -- --quick" : ""}\` on ${date}: ${machine()}. ` +
            `Median of ${r.rounds} round(s) for the startup floor, the project's stacks, ` +
            `${smallProgram} resources and the ${largeProgram}-resource pair (its peak memory: the median of its rounds); one run of compare. ` +
            `"others' CPU" is the cores other processes kept busy on average during the run ` +
            `(the machine's busy time from /proc/stat minus the run's own CPU); an aim is judged ` +
            `only when it was at most ${quietOthersCores} during both the case and its floor.`,
        "",
        markdownTable(columns, r.comparisons.map(cells), numericCase),
        "",
        `Where the fixed cost goes (each part alone, one after another, \`bench/phases.ts\`; others' CPU ${othersText(r.phasesRun)} cores):`,
        "",
        markdownTable(["part", "ms"], phaseRows(r.phases), (i) => i === 1),
        "",
        "A changed program's type check (its cached result removed first; `bench/typecheck.ts`):",
        "",
        markdownTable(typeCheckHeader, typeCheckRows(r), (i) => i > 0),
    ].join("\n");
}

const beginMarker = "<!-- bench:begin -->";
const endMarker = "<!-- bench:end -->";

/** `text` with its generated section replaced (or appended when it has none). */
export function replaceSection(text: string, section: string): string {
    const block = `${beginMarker}\n${section}\n${endMarker}`;
    const start = text.indexOf(beginMarker);
    const end = text.indexOf(endMarker);
    if (start < 0 || end < start) {
        return `${text.trimEnd()}\n\n${block}\n`;
    }
    return text.slice(0, start) + block + text.slice(end + endMarker.length);
}

function textTable(header: string[], rows: string[][]): string {
    const all = [header, ...rows];
    const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
    return all.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join("  ")).join("\n");
}

async function main(argv: readonly string[]): Promise<number> {
    const options = parseOptions(argv);
    const result = await measure(options);
    process.stdout.write(
        [
            textTable(columns, result.comparisons.map(cells)),
            "",
            textTable(["part", "ms"], phaseRows(result.phases)),
            "",
            textTable(typeCheckHeader, typeCheckRows(result)),
            "",
            machine(),
            "",
        ].join("\n"),
    );
    if (options.results) {
        const current = fs.existsSync(options.results)
            ? fs.readFileSync(options.results, "utf8")
            : "# Offline check benchmark\n";
        const date = new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC";
        fs.writeFileSync(options.results, replaceSection(current, resultsSection(result, date)));
        process.stderr.write(`bench: wrote ${options.results}\n`);
    }
    // Exit 1 only for an aim missed on a quiet machine; a busy machine's figures are not a verdict.
    return result.comparisons.some((c) => verdict(c) === "missed") ? 1 : 0;
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
