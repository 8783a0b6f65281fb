/**
 * `npm start`: the offline check. Runs the program's stacks under mocks, evaluates the policy
 * pack through the analyzer protocol, and reports.
 * Exit codes: 0 no mandatory violation; 1 a mandatory violation; 2 usage, config or program error.
 */
import * as fs from "fs";
import * as path from "path";
import { CliArgs, parseArgs, usage } from "./args";
import { runAndEvaluate } from "./analyzer/evaluate";
import { jsonReport } from "./reports/json";
import { markdownReport } from "./reports/markdown";
import { mermaidDiagram } from "./reports/mermaid";
import { runBudget } from "./budget";
import { compareJson, compareMarkdown, compareStrategies, compareText } from "./compare";
import { CheckResult, summarize } from "./reports/model";
import { sarifReport } from "./reports/sarif";
import { ansiPalette, plainPalette, textReport } from "./reports/text";

/** Where the result of a run goes; injectable for tests. */
export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Whether stdout is a terminal (colour in the text report). */
    isTty?: boolean;
}

const projectRoot = path.resolve(__dirname, "..");

/** Run the command; resolves to the process exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
    let args: CliArgs;
    try {
        args = parseArgs(argv);
    } catch (err) {
        io.stderr(`error: ${(err as Error).message}\n`);
        return 2;
    }
    if (args.help) {
        io.stdout(usage + "\n");
        return 0;
    }
    if (args.command === "compare") {
        return compare(args, io);
    }
    try {
        const projectDir = path.resolve(args.programDir ?? projectRoot);
        const policyConfig = args.policyConfig
            ? readJson(args.policyConfig, "--policy-config")
            : {};
        // The pack starts first and analyzes each resource while the program runs.
        const { records, evaluation } = await runAndEvaluate(
            {
                projectDir,
                stacks: args.stacks,
                overrides: args.overrides,
                invokeFixtures: args.invokeFixture
                    ? readJson(args.invokeFixture, "--invoke-fixture")
                    : {},
                timeoutMs:
                    args.timeoutSeconds === undefined ? undefined : args.timeoutSeconds * 1000,
                // The program's own output goes to stderr, never into the report.
                onProgramOutput: (text) => io.stderr(text),
            },
            path.resolve(args.policyPack ?? path.join(projectRoot, "policies")),
            policyConfig,
        );
        const result: CheckResult = {
            projectDir,
            records,
            evaluation,
            budget: runBudget(records, evaluation),
        };
        const report = render(result, args, io.isTty === true && !args.out);
        if (args.out) {
            fs.writeFileSync(args.out, report);
        } else {
            io.stdout(report);
        }
        return summarize(result).mandatory > 0 ? 1 : 0;
    } catch (err) {
        io.stderr(`error: ${oneLine(err)}\n`);
        return 2;
    }
}

async function compare(args: CliArgs, io: Io): Promise<number> {
    if (args.format !== "text" && args.format !== "json" && args.format !== "markdown") {
        io.stderr(`error: compare prints text, json or markdown, not ${args.format}\n`);
        return 2;
    }
    try {
        const rows = await compareStrategies(
            path.resolve(args.programDir ?? projectRoot),
            args.overrides,
        );
        const report =
            args.format === "json"
                ? compareJson(rows)
                : args.format === "markdown"
                  ? compareMarkdown(rows)
                  : compareText(rows);
        if (args.out) {
            fs.writeFileSync(args.out, report);
        } else {
            io.stdout(report);
        }
        return 0;
    } catch (err) {
        io.stderr(`error: ${oneLine(err)}\n`);
        return 2;
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
            return textReport(result, colour ? ansiPalette : plainPalette);
        default:
            throw new Error(`unknown format ${JSON.stringify(args.format)}`);
    }
}

function readJson(file: string, flag: string): Record<string, Record<string, unknown>> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new Error(`${flag} ${file}: cannot read the file`);
    }
    try {
        return JSON.parse(text);
    } catch (err) {
        throw new Error(`${flag} ${file}: invalid JSON: ${(err as Error).message}`);
    }
}

/** The first line of an error, plus its listed problems folded onto the same line. */
export function oneLine(err: unknown): string {
    const text = err instanceof Error ? err.message : String(err);
    const [head, ...rest] = text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "");
    return rest.length === 0 ? head : `${head} ${rest.join(" ")}`;
}

if (require.main === module) {
    main(process.argv.slice(2), {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
        isTty: process.stdout.isTTY,
    }).then(
        (code) => process.exit(code),
        (err) => {
            process.stderr.write(`error: ${oneLine(err)}\n`);
            process.exit(2);
        },
    );
}
