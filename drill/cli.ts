/**
 * `multi-region-failover drill --region <region> [--dry-run] [--timeout SECONDS] [--out FILE]`
 * (`npm run drill -- ...`): proves failover on a live deployment. See docs/operations.md.
 * Exit codes (check/args.ts ExitCode): 0 traffic moved within the model's expectation and the
 * region was restored; 1 traffic did not move in time, or moved slower than the model expects; 2 usage, permission or
 * setup error; 3 the region could not be restored (act now); 130 interrupted (restored).
 */
import { promises as dnsPromises } from "dns";
import * as fs from "fs";
import * as path from "path";
import { Route53Client } from "@aws-sdk/client-route-53";
import { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import {
    CommandSpec,
    ExitCode,
    OptionSpec,
    exitCodeHelp,
    helpText,
    parseCommand,
    stringValue,
} from "../check/args";
import { StackFactory, describeError, localStackFactory } from "../deploy/workspace";
import {
    DrillDeps,
    DrillError,
    DrillReport,
    DrillTarget,
    Trigger,
    formatReport,
    runDrill,
} from "./drill";
import { modelExpectation, outputsFromFile, outputsFromStacks, resolveTarget } from "./target";

/**
 * The drill's flags, one row each; `--help` is generated from this table and parseDrillArgs
 * reads it. A new flag is a row here plus its field in DrillArgs.
 */
export const drillOptions: OptionSpec[] = [
    {
        name: "region",
        type: "string",
        value: "REGION",
        description: "the region to take out (required)",
    },
    { name: "dry-run", type: "boolean", description: "print the plan; call no AWS API" },
    {
        name: "trigger",
        type: "string",
        value: "KIND",
        choices: ["health-check", "routing-control"],
        description:
            "invert the region's health check, or turn its ARC routing control off\n(default: routing-control when the global stack has routing controls)",
    },
    {
        name: "timeout",
        type: "string",
        value: "SECONDS",
        description: "give up waiting for traffic to move (default 600)",
    },
    {
        name: "interval",
        type: "string",
        value: "SECONDS",
        description: "time between polls (default 10)",
    },
    {
        name: "expected-seconds",
        type: "string",
        value: "N",
        description: "compare with N instead of the model's estimate",
    },
    {
        name: "client-subnet",
        type: "string",
        value: "IP",
        description: "answer as for a client in this subnet (latency routing)",
    },
    {
        name: "outputs",
        type: "string",
        value: "FILE",
        description: 'stack outputs as JSON {"<stack>": {...}} instead of the Automation API',
    },
    {
        name: "stack",
        type: "string",
        value: "NAME",
        description: "the global stack (default global)",
    },
    {
        name: "program",
        type: "string",
        value: "DIR",
        description: "the Pulumi project folder (default: the current directory)",
    },
    {
        name: "out",
        type: "string",
        value: "FILE",
        description: "write the report (timeline included) as JSON",
    },
];

export const drillSpec: CommandSpec = {
    name: "drill",
    summary: "take a region out of the live deployment and time failover",
    synopsis: "--region REGION [options]",
    description: `Simulates the loss of REGION on the live deployment, measures how long Route 53 takes to stop
answering with it, compares that with the failover model, and always restores the region.`,
    options: drillOptions,
    exitCodes: exitCodeHelp("traffic did not move in time, or slower than the model", [
        `${ExitCode.restoreFailed} RESTORE FAILED (act now); ${ExitCode.interrupted} interrupted and restored.`,
    ]),
};

export const usage = helpText(drillSpec);

export interface DrillArgs {
    region: string;
    dryRun: boolean;
    trigger?: Trigger;
    timeoutSeconds: number;
    intervalSeconds: number;
    expectedSeconds?: number;
    clientSubnetIp?: string;
    outputsFile?: string;
    globalStack: string;
    programDir?: string;
    out?: string;
}

function seconds(flag: string, raw: string): number {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) {
        throw new DrillError(`${flag} ${JSON.stringify(raw)} is not a positive number of seconds`);
    }
    return n;
}

/** Parse the words after `drill`; undefined means `--help`. */
export function parseDrillArgs(argv: readonly string[]): DrillArgs | undefined {
    let parsed;
    try {
        parsed = parseCommand(drillSpec, argv);
    } catch (err) {
        throw new DrillError((err as Error).message);
    }
    if (!parsed) {
        return undefined;
    }
    const v = (name: string) => stringValue(parsed.values, name);
    const region = v("region");
    if (!region) {
        throw new DrillError("--region is required: the region whose loss to simulate");
    }
    const optionalSeconds = (name: string) => {
        const raw = v(name);
        return raw === undefined ? undefined : seconds(`--${name}`, raw);
    };
    const args: DrillArgs = {
        region,
        dryRun: parsed.values["dry-run"] === true,
        timeoutSeconds: optionalSeconds("timeout") ?? 600,
        intervalSeconds: optionalSeconds("interval") ?? 10,
        globalStack: v("stack") ?? "global",
    };
    const optional: [keyof DrillArgs, string | number | undefined][] = [
        ["trigger", v("trigger")],
        ["expectedSeconds", optionalSeconds("expected-seconds")],
        ["clientSubnetIp", v("client-subnet")],
        ["outputsFile", v("outputs")],
        ["programDir", v("program")],
        ["out", v("out")],
    ];
    for (const [key, value] of optional) {
        if (value !== undefined) {
            (args as unknown as Record<string, unknown>)[key] = value;
        }
    }
    return args;
}

export interface DrillIo {
    stdout(text: string): void;
    stderr(text: string): void;
    /** The directory relative paths are resolved from (default: the process's). */
    cwd?: string;
}

/** Everything the command reaches outside the process, injectable for tests. */
export interface DrillEnvironment {
    deps: Omit<DrillDeps, "log">;
    factory: StackFactory;
}

export async function drillMain(
    argv: readonly string[],
    io: DrillIo,
    env: DrillEnvironment,
): Promise<number> {
    let args: DrillArgs | undefined;
    try {
        args = parseDrillArgs(argv);
    } catch (err) {
        io.stderr(`error: ${(err as Error).message}\n`);
        return 2;
    }
    if (!args) {
        io.stdout(usage + "\n");
        return ExitCode.ok;
    }
    const cwd = io.cwd ?? process.cwd();
    const projectDir = path.resolve(cwd, args.programDir ?? ".");
    let resolved;
    let expected;
    try {
        const readOutputs = args.outputsFile
            ? outputsFromFile(path.resolve(cwd, args.outputsFile))
            : outputsFromStacks(env.factory, projectDir);
        resolved = await resolveTarget({
            projectDir,
            globalStack: args.globalStack,
            region: args.region,
            trigger: args.trigger,
            readOutputs,
        });
        expected =
            args.expectedSeconds !== undefined
                ? { seconds: args.expectedSeconds, source: "--expected-seconds" }
                : await modelExpectation(
                      projectDir,
                      args.globalStack,
                      resolved.regionalStacks,
                      resolved.trigger,
                  );
    } catch (err) {
        io.stderr(`error: ${err instanceof DrillError ? err.message : describeError(err)}\n`);
        return 2;
    }
    const { target, trigger } = resolved;
    if (args.dryRun) {
        io.stdout(dryRunPlan(target, trigger, args, expected));
        return 0;
    }
    const report = await runDrill(
        target,
        {
            trigger,
            timeoutSeconds: args.timeoutSeconds,
            intervalSeconds: args.intervalSeconds,
            expected,
            ...(args.clientSubnetIp ? { clientSubnetIp: args.clientSubnetIp } : {}),
        },
        { ...env.deps, log: (line) => io.stdout(line + "\n") },
    );
    io.stdout(formatReport(report));
    if (args.out) {
        fs.writeFileSync(path.resolve(cwd, args.out), JSON.stringify(report, null, 2) + "\n");
        io.stdout(`report written to ${args.out}\n`);
    }
    return exitCode(report);
}

export function exitCode(report: DrillReport): number {
    if (!report.restored) {
        return ExitCode.restoreFailed;
    }
    switch (report.outcome) {
        case "passed":
            return ExitCode.ok;
        case "interrupted":
            return ExitCode.interrupted;
        case "error":
            return ExitCode.error;
        default:
            return ExitCode.failed;
    }
}

function dryRunPlan(
    t: DrillTarget,
    trigger: Trigger,
    args: DrillArgs,
    expected: { seconds: number; source: string },
): string {
    const steps =
        trigger === "health-check"
            ? [
                  `route53 GetHealthCheck ${t.healthCheckId} (must not be inverted already)`,
                  `route53 UpdateHealthCheck ${t.healthCheckId} Inverted=true`,
                  `every ${args.intervalSeconds} s until ${t.domain} answers without ${t.region} or ${args.timeoutSeconds} s pass: route53 GetHealthCheckStatus ${t.healthCheckId}, route53 TestDNSAnswer ${t.hostedZoneId} ${t.domain} A`,
                  `restore, always: route53 UpdateHealthCheck ${t.healthCheckId} Inverted=false`,
              ]
            : [
                  `route53-recovery-cluster GetRoutingControlState ${t.routingControlArn} (must be On)`,
                  `route53-recovery-cluster UpdateRoutingControlState ${t.routingControlArn} Off (endpoints in turn: ${(t.arcEndpoints ?? []).map((e) => e.region).join(", ")})`,
                  `every ${args.intervalSeconds} s until ${t.domain} answers without ${t.region} or ${args.timeoutSeconds} s pass: route53 TestDNSAnswer ${t.hostedZoneId} ${t.domain} A`,
                  `restore, always: route53-recovery-cluster UpdateRoutingControlState ${t.routingControlArn} On`,
              ];
    return [
        `dry run: nothing is called. The drill would take ${t.region} out of ${t.domain} (${trigger}):`,
        `  0. resolve ${t.regionTarget} and check that route53 TestDNSAnswer ${t.hostedZoneId} ${t.domain} A includes it`,
        ...steps.map((s, i) => `  ${i + 1}. ${s}`),
        `expected: at most ${expected.seconds} s (${expected.source})`,
        "",
    ].join("\n");
}

/** Real AWS clients, DNS, clock and Ctrl-C. */
function liveEnvironment(signal: AbortSignal): DrillEnvironment {
    // Route 53's control plane, TestDNSAnswer included, is served from us-east-1.
    const route53 = new Route53Client({ region: "us-east-1" });
    return {
        factory: localStackFactory,
        deps: {
            route53,
            arcClient: (e) =>
                new Route53RecoveryClusterClient({ region: e.region, endpoint: e.endpoint }),
            resolve: (host) => dnsPromises.resolve4(host),
            now: () => Date.now(),
            sleep: (ms, s) =>
                new Promise<void>((resolve, reject) => {
                    const timer = setTimeout(resolve, ms);
                    s.addEventListener(
                        "abort",
                        () => {
                            clearTimeout(timer);
                            reject(new Error("aborted"));
                        },
                        { once: true },
                    );
                }),
            signal,
        },
    };
}

/** The drill as a process runs it: live AWS clients, Ctrl-C restores before exiting. */
export async function runDrillProcess(argv: readonly string[], io: DrillIo): Promise<number> {
    const controller = new AbortController();
    const onSigint = () => {
        if (controller.signal.aborted) {
            process.stderr.write("\nstill restoring; wait for it to finish\n");
            return;
        }
        process.stderr.write("\ninterrupted: restoring the region before exiting\n");
        controller.abort();
    };
    process.on("SIGINT", onSigint);
    try {
        return await drillMain(argv, io, liveEnvironment(controller.signal));
    } finally {
        process.off("SIGINT", onSigint);
    }
}

if (require.main === module) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("../check/cli").run(["drill", ...process.argv.slice(2)]);
}
