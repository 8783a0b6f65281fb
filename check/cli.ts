/**
 * The `check` and `compare` commands. `check` (the default, what `npm start` runs) runs the
 * program's stacks under mocks, evaluates the policy pack through the analyzer protocol, and
 * reports; `compare` prices and estimates the strategies side by side. bin/main.ts dispatches
 * here; the exit-code contract is `ExitCode` in cli/args.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { ExitCode, UsageError, helpText } from "../cli/args";
import { Io, callerDir, oneLine } from "../cli/io";
import { CliArgs, checkSpec, compareSpec, parseArgs } from "./args";
import { runAndEvaluate } from "./analyzer/evaluate";
import { knownRegions } from "../policies/lib/aws-limits";
import {
    coldImageCacheNotes,
    describeRegionDown,
    noFailoverNeeded,
    regionDownFindings,
    regionDownProblems,
    stacksAFailoverUpdates,
} from "./region-down";
import {
    ProjectError,
    implicitStack,
    listStacks,
    loadProject,
    loadStackConfig,
} from "../project/project";
import { StackRecord } from "./engine/types";
import { jsonReport } from "./reports/json";
import { markdownReport } from "./reports/markdown";
import { mermaidDiagram } from "./reports/mermaid";
import { runBudget } from "./budget";
import { withRecheckedFixes } from "./fixes";
import {
    compareJson,
    compareMarkdown,
    compareStrategies,
    compareText,
    rowProgress,
    sameForAll,
} from "./compare";
import { CheckResult, problemLines, summarize } from "./reports/model";
import { applySuppressions, splitSuppressions, unusedWarning } from "./suppress";
import { sarifReport } from "./reports/sarif";
import { ansiPalette, plainPalette, textReport } from "./reports/text";
import {
    BaselineFinding,
    baselineFindings,
    formatBaselineFindings,
    readBaseline,
} from "./baseline";
import { isLeakNotice } from "../cli/exit";
import { assertSomethingChecked, checkExitCode } from "./verdict";

/** This package's root: the folder of its package.json, from source or when installed. */
export const packageRoot = path.resolve(__dirname, "..");

/** Run `check` or `compare` with the words after the command; resolves to the exit code. */
export async function checkMain(
    argv: readonly string[],
    command: "check" | "compare",
    io: Io,
): Promise<number> {
    let args: CliArgs;
    try {
        args = parseArgs(argv, command);
    } catch (err) {
        io.stderr(`error: ${(err as Error).message}\n`);
        return ExitCode.error;
    }
    if (args.help) {
        io.stdout(helpText(command === "compare" ? compareSpec : checkSpec) + "\n");
        return ExitCode.ok;
    }
    const cwd = io.cwd ?? callerDir();
    return command === "compare" ? compare(args, io, cwd) : check(args, io, cwd);
}

/** The program folder: --program, else the caller's directory. */
function programDirOf(args: CliArgs, cwd: string): string {
    const dir = path.resolve(cwd, args.programDir ?? ".");
    if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
        throw new UsageError(
            args.programDir === undefined
                ? `no Pulumi.yaml in ${dir}; run from a Pulumi project folder or pass --program DIR`
                : `--program ${args.programDir}: no Pulumi.yaml in ${dir}`,
        );
    }
    return dir;
}

async function check(args: CliArgs, io: Io, cwd: string): Promise<number> {
    const from = (file: string) => path.resolve(cwd, file);
    let result: CheckResult;
    let lost: BaselineFinding[] = [];
    try {
        ({ result, lost } = await runCheck(args, io, cwd));
    } catch (err) {
        // Nothing ran (a usage, config or environment error): the reports still say why.
        result = {
            projectDir: path.resolve(cwd, args.programDir ?? "."),
            records: [],
            problems: [{ kind: "program", stack: "", message: oneLine(err) }],
        };
    }
    // Every report is written whatever the exit, so CI always has something to annotate.
    try {
        writeReports(result, args, io, from);
    } catch (err) {
        io.stderr(`error: ${oneLine(err)}\n`);
        return ExitCode.error;
    }
    for (const s of result.unusedSuppressions ?? []) {
        io.stderr(`${unusedWarning(s)}\n`);
    }
    if (lost.length > 0) {
        io.stderr(formatBaselineFindings(lost, args.baseline!));
    }
    const problems = result.problems ?? [];
    for (const line of problemLines(problems)) {
        io.stderr(`error: ${line}\n`);
    }
    if (problems.length > 0) {
        return ExitCode.error;
    }
    return checkExitCode({
        stacks: result.records.length,
        mandatory: summarize(result).mandatory,
        lost: lost.length,
    });
}

/** The `--format` report to stdout (or its bare `--out FILE`), and each `--out FORMAT=FILE`. */
function writeReports(
    result: CheckResult,
    args: CliArgs,
    io: Io,
    from: (file: string) => string,
): void {
    for (const target of args.reports) {
        fs.writeFileSync(
            from(target.file),
            render(result, { ...args, format: target.format }, false),
        );
    }
    const report = render(result, args, io.isTty === true && !args.out);
    if (args.out) {
        fs.writeFileSync(from(args.out), report);
    } else if (result.records.length > 0 || (result.problems ?? []).length === 0) {
        // When no stack ran, the error line on stderr is the whole story; files still get it.
        io.stdout(report);
    }
}

/** Run the stacks and the pack; every problem of the program is in the result, not thrown. */
async function runCheck(
    args: CliArgs,
    io: Io,
    cwd: string,
): Promise<{ result: CheckResult; lost: BaselineFinding[] }> {
    const projectDir = programDirOf(args, cwd);
    const from = (file: string) => path.resolve(cwd, file);
    const { config: policyConfig, suppressions } = splitSuppressions(
        args.policyConfig ? readJson(from(args.policyConfig), "--policy-config") : {},
    );
    const baseline = args.baseline ? readBaseline(from(args.baseline)) : undefined;
    const implicit = implicitStack(projectDir, args.stacks);
    if (implicit) {
        io.stderr(
            `note: ${projectDir} has no Pulumi.<stack>.yaml; checking it as one stack, ${JSON.stringify(implicit)}, with the project's defaults${args.stacks.length === 0 ? " (name another with --stack)" : ""}\n`,
        );
    }
    const down = regionDownSetup(args, projectDir);
    // The pack starts first and analyzes each resource while the program runs.
    const {
        records,
        evaluation,
        problems,
        alongside: budgeted,
    } = await runAndEvaluate(
        {
            projectDir,
            stacks: args.stacks,
            overrides: args.overrides,
            stackOverrides: down.stackOverrides,
            invokeFixtures: args.invokeFixture
                ? readJson(from(args.invokeFixture), "--invoke-fixture")
                : {},
            stackOutputs: args.stackOutputs
                ? readJson(from(args.stackOutputs), "--stack-outputs")
                : {},
            timeoutMs: args.timeoutSeconds === undefined ? undefined : args.timeoutSeconds * 1000,
            // The program's own output goes to stderr, never into the report; the SDK's notice
            // about promises still active when a failed program's worker ends (or a stack that
            // read a stack still to run, and runs again) is not the program's, and would bury
            // the error line; --verbose shows it.
            onProgramOutput: (text) => {
                if (args.verbose || !isLeakNotice(text)) {
                    io.stderr(text);
                }
            },
            ...(io.stderrIsTty
                ? {
                      onStackStart: (stack: string, ran: number, left: number) =>
                          io.stderr(
                              `checking stack ${stack} (${ran + 1} of ${ran + left}): its program, then the policy pack\n`,
                          ),
                  }
                : {}),
        },
        args.policyPack ? from(args.policyPack) : path.join(packageRoot, "policies"),
        policyConfig,
        // While the pack judges the last stack; a bad usage value is still raised below, after
        // the run's own notes and region-down check, as when the budget ran after the pack.
        (ran, config) => outcomeOf(() => runBudget(ran, { config })),
    );
    if (problems.length === 0) {
        for (const note of assertSomethingChecked(records, projectDir)) {
            io.stderr(`note: ${note}\n`);
        }
        if (args.regionDown.length > 0) {
            assertFailoverAvoids(records, args.regionDown, io);
        }
    }
    const { active, suppressed, unused } = applySuppressions(evaluation.violations, suppressions);
    const { budget, violations } = withRecheckedFixes(valueOf(budgeted!), records, active);
    const result: CheckResult = {
        projectDir,
        records,
        evaluation: { ...evaluation, violations },
        budget,
        problems,
        suppressed,
        unusedSuppressions: unused,
    };
    return { result, lost: baseline ? baselineFindings(baseline, records) : [] };
}

/** What `run` returned or threw, to be raised later. */
type Outcome<T> = { value: T } | { error: unknown };

function outcomeOf<T>(run: () => T): Outcome<T> {
    try {
        return { value: run() };
    } catch (error) {
        return { error };
    }
}

function valueOf<T>(outcome: Outcome<T>): T {
    if ("error" in outcome) {
        throw outcome.error;
    }
    return outcome.value;
}

/**
 * `--region-down`: the stacks a failover updates (every secondary) run with
 * `failover.activate=true`, the others as deployed. Unknown regions are refused first.
 */
function regionDownSetup(
    args: CliArgs,
    projectDir: string,
): { stackOverrides?: Record<string, string[]> } {
    if (args.regionDown.length === 0) {
        return {};
    }
    const unknown = regionDownProblems(args.regionDown, knownRegions);
    if (unknown.length > 0) {
        throw new ProjectError(unknown.join("; "));
    }
    const project = loadProject(projectDir);
    const stacks = args.stacks.length > 0 ? args.stacks : listStacks(projectDir);
    const secondaries = stacks.filter(
        (stack) =>
            loadStackConfig(project, stack, args.overrides).values[`${project.name}:role`] ===
            "secondary",
    );
    return {
        stackOverrides: Object.fromEntries(
            secondaries.map((stack) => [stack, ["failover.activate=true"]]),
        ),
    };
}

/** Fail (exit 2) naming each resource a failover update would need from a down region. */
function assertFailoverAvoids(records: readonly StackRecord[], down: string[], io: Io): void {
    const none = noFailoverNeeded(records, down);
    if (none !== undefined) {
        io.stderr(`${none}\n`);
        return;
    }
    const updated = stacksAFailoverUpdates(records);
    const findings = describeRegionDown(regionDownFindings(records, down, updated));
    if (findings.length > 0) {
        throw new ProjectError(
            `--region-down ${down.join(", ")}: the failover would need a region that is down: ${findings.join("; ")}`,
        );
    }
    for (const note of coldImageCacheNotes(records)) {
        io.stderr(`note: ${note}\n`);
    }
    io.stderr(
        `region down ${down.join(", ")}: a failover updates ${updated.join(", ") || "no stack"} (with failover.activate=true), and none of them holds anything in ${down.join(", ")}; the routing stack is not updated by a failover\n`,
    );
}

async function compare(args: CliArgs, io: Io, cwd: string): Promise<number> {
    try {
        const projectDir = programDirOf(args, cwd);
        const rows = await compareStrategies(
            projectDir,
            args.overrides,
            undefined,
            io.stderrIsTty
                ? (row, done, total) => io.stderr(`${rowProgress(row, done, total)}\n`)
                : undefined,
        );
        const same = sameForAll(rows);
        if (same) {
            throw new UsageError(
                `${projectDir} builds the same ${same} resources for every strategy and routing mode ` +
                    "(it does not read the strategy or routing.mode config), so there is nothing to compare; run check instead",
            );
        }
        const report =
            args.format === "json"
                ? compareJson(rows)
                : args.format === "markdown"
                  ? compareMarkdown(rows)
                  : compareText(rows);
        if (args.out) {
            fs.writeFileSync(path.resolve(cwd, args.out), report);
        } else {
            io.stdout(report);
        }
        return ExitCode.ok;
    } catch (err) {
        io.stderr(`error: ${oneLine(err)}\n`);
        return ExitCode.error;
    }
}

function render(result: CheckResult, args: CliArgs, colour: boolean): string {
    switch (args.format) {
        case "json":
            return jsonReport(result);
        case "sarif":
            return sarifReport(result);
        case "markdown":
            return markdownReport(result);
        case "mermaid":
            return mermaidDiagram(result.records);
        case "text":
            return textReport(result, colour ? ansiPalette : plainPalette, {
                verbose: args.verbose,
            });
        default:
            throw new Error(`unknown format ${JSON.stringify(args.format)}`);
    }
}

function readJson(file: string, flag: string): Record<string, Record<string, unknown>> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new UsageError(`${flag} ${file}: cannot read the file`);
    }
    try {
        return JSON.parse(text);
    } catch (err) {
        throw new UsageError(`${flag} ${file}: invalid JSON: ${(err as Error).message}`);
    }
}
