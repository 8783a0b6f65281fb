/**
 * `multi-region-failover simulate`: run the program's stacks offline, build the failover model
 * from what they record, play every standard scenario (policies/simulation) and print a timeline
 * per scenario, as text (a runbook), JSON or Mermaid Gantt charts. `--explore N` also searches
 * every order of up to N events for the shortest one that breaks an invariant.
 * Exit codes as `check`: 0 every invariant holds, 1 one breaks, 2 usage or program error.
 */
import * as fs from "fs";
import * as path from "path";
import {
    CommandSpec,
    ExitCode,
    UsageError,
    exitCodeHelp,
    helpText,
    listValue,
    parseCommand,
    stringValue,
} from "../cli/args";
import { parseTimeout } from "./args";
import { contractsOf } from "./budget";
import { runStacks } from "./engine/engine";
import { StackRecord } from "./engine/types";
import { BudgetGraph } from "../policies/budget";
import {
    SimulationReport,
    explore,
    explorationText,
    simulate,
    simulationJson,
    simulationMermaid,
    simulationText,
} from "../policies/simulation";

export const simulateSpec: CommandSpec = {
    name: "simulate",
    summary: "play regional outages, failbacks and drills over the program offline",
    synopsis: "[options]",
    description: `Runs every stack offline as check does, builds a model of the deployment from the recorded
resources (health checks, records, edges, Region switch plans, data stores and their writers,
compute and where it writes, rotations, canaries) and plays the standard scenarios over it:
outage, failover-and-failback, outage-after-failback, drill and app-down for every region,
writer-down and rotation. Prints each scenario's timeline and its invariants (docs/simulation.md).`,
    options: [
        {
            name: "program",
            type: "string",
            value: "DIR",
            description: "the Pulumi project folder (default: the current directory)",
        },
        {
            name: "stack",
            type: "string",
            value: "NAME",
            multiple: true,
            description: "run only this stack (default: every Pulumi.<stack>.yaml)",
        },
        {
            name: "config",
            type: "string",
            value: "KEY=VALUE",
            multiple: true,
            description: "override config for every stack; paths like routing.ttlSeconds=30",
        },
        {
            name: "invoke-fixture",
            type: "string",
            value: "FILE",
            description: 'JSON results for invokes the engine cannot answer: {"<token>": {...}}',
        },
        {
            name: "timeout",
            type: "string",
            value: "SECONDS",
            description: "stop a stack's program that runs longer (default 900); exit 2",
        },
        {
            name: "rto",
            type: "string",
            value: "SECONDS",
            description:
                "the RTO to hold every scenario to (default: the stacks' objectives or a plan's RTO, else 3600)",
        },
        {
            name: "explore",
            type: "string",
            value: "N",
            description:
                "also search every order of up to N events (1-8) for the shortest that breaks an invariant",
        },
        {
            name: "format",
            type: "string",
            value: "FORMAT",
            choices: ["text", "json", "mermaid"],
            description: "the report format (default text)",
        },
        {
            name: "out",
            type: "string",
            value: "FILE",
            description: "write the report to FILE instead of stdout",
        },
    ],
    exitCodes: exitCodeHelp(
        "an invariant breaks in a scenario, or --explore finds a sequence that breaks one",
    ),
};

/** A positive whole number for `flag`, within `max`; one line naming the flag otherwise. */
export function parseCount(flag: string, raw: string, max: number): number {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) {
        throw new UsageError(
            `--${flag} ${JSON.stringify(raw)} is not allowed; use a whole number from 1 to ${max}`,
        );
    }
    return n;
}

/** The budget graph of a run: every stack's resources and the regional contracts. */
export function graphOfRecords(records: readonly StackRecord[]): BudgetGraph {
    return {
        resources: records.flatMap((r) => r.resources.map((x) => ({ ...x, stack: r.stack }))),
        contracts: contractsOf(records),
    };
}

/** Render a report in `format`, with the exploration's text when one ran. */
export function renderSimulation(
    report: SimulationReport,
    format: string,
    exploration?: string,
): string {
    if (format === "json") {
        return simulationJson(report);
    }
    if (format === "mermaid") {
        return simulationMermaid(report);
    }
    return simulationText(report) + (exploration ?? "");
}

interface SimIo {
    stdout(text: string): void;
    stderr(text: string): void;
    cwd: string;
}

/** `simulate [options]`: resolves to the exit code. */
export async function simulateMain(argv: readonly string[], io: SimIo): Promise<number> {
    try {
        const parsed = parseCommand(simulateSpec, argv);
        if (!parsed) {
            io.stdout(helpText(simulateSpec) + "\n");
            return ExitCode.ok;
        }
        const { values } = parsed;
        const projectDir = path.resolve(io.cwd, stringValue(values, "program") ?? ".");
        if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) {
            throw new UsageError(
                `no Pulumi.yaml in ${projectDir}; run from a Pulumi project folder or pass --program DIR`,
            );
        }
        // Bad numbers are refused before any stack runs.
        const rtoText = stringValue(values, "rto");
        const rto = rtoText !== undefined ? parseCount("rto", rtoText, 86400) : undefined;
        const depthText = stringValue(values, "explore");
        const depth = depthText !== undefined ? parseCount("explore", depthText, 8) : undefined;
        const invokeFixture = stringValue(values, "invoke-fixture");
        const timeout = stringValue(values, "timeout");
        const records = await runStacks({
            projectDir,
            stacks: listValue(values, "stack"),
            overrides: listValue(values, "config"),
            ...(invokeFixture
                ? {
                      invokeFixtures: JSON.parse(
                          fs.readFileSync(path.resolve(io.cwd, invokeFixture), "utf8"),
                      ),
                  }
                : {}),
            ...(timeout ? { timeoutMs: parseTimeout(timeout) * 1000 } : {}),
            onProgramOutput: (text: string) => io.stderr(text),
        });
        const graph = graphOfRecords(records);
        const report = simulate(graph, rto !== undefined ? { rtoSeconds: rto } : {});
        const exploration = depth !== undefined ? explore(graph, depth) : undefined;
        const format = stringValue(values, "format") ?? "text";
        const text = renderSimulation(
            report,
            format,
            exploration ? explorationText(exploration) : undefined,
        );
        const out = stringValue(values, "out");
        if (out) {
            fs.writeFileSync(path.resolve(io.cwd, out), text);
        } else {
            io.stdout(text);
        }
        const broken =
            report.scenarios.some((s) => s.invariants.some((i) => !i.holds)) ||
            exploration?.counterexample !== undefined;
        return broken ? ExitCode.failed : ExitCode.ok;
    } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        io.stderr(
            `error: ${text
                .split("\n")
                .filter((l) => l.trim())
                .join(" ")}\n`,
        );
        return ExitCode.error;
    }
}
