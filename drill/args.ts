/**
 * The drill's command line: its option table (from which `--help` is generated, with the grammar
 * of cli/args.ts) and the parsed arguments.
 */
import {
    CommandSpec,
    ExitCode,
    OptionSpec,
    exitCodeHelp,
    helpText,
    parseCommand,
    stringValue,
} from "../cli/args";
import { DrillError, Trigger } from "./drill";

/**
 * The drill's flags, one row each; `--help` is generated from this table and parseDrillArgs
 * reads it. A new flag is a row here plus its field in DrillArgs.
 */
export const drillOptions: OptionSpec[] = [
    {
        name: "region",
        type: "string",
        value: "REGION",
        description: "the region to take out (required unless --restore)",
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
    {
        name: "restore",
        type: "boolean",
        description: "only finish the undo a killed drill left in the journal, then exit",
    },
    {
        name: "fis",
        type: "boolean",
        description:
            "game day: start the region's FIS regional-impairment experiment, watch the canaries\nand DNS until it ends (or --timeout), stop it on every exit",
    },
    {
        name: "plan",
        type: "boolean",
        description:
            "run the deployment's ARC Region switch plan to activate --region, from that region;\nmeasure the RTO to DNS answering from it; always fail back (or print the exact command)",
    },
    {
        name: "mode",
        type: "string",
        value: "MODE",
        choices: ["graceful", "ungraceful"],
        description: "with --plan: graceful (planned move) or ungraceful (outage; default)",
    },
    {
        name: "approve",
        type: "boolean",
        description: "with --plan: approve the plan's manual approval steps as they come",
    },
    {
        name: "journal",
        type: "string",
        value: "FILE",
        description:
            "where the drill records each change before making it\n(default .drill/journal.json in the project folder)",
    },
    {
        name: "call-timeout",
        type: "string",
        value: "SECONDS",
        description: "longest any single AWS call may take (default 20)",
    },
    {
        name: "restore-deadline",
        type: "string",
        value: "SECONDS",
        description: "how long the restore keeps retrying (default 60)",
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
        `${ExitCode.restoreFailed} RESTORE FAILED (act now); ${ExitCode.interrupted} interrupted (SIGINT, SIGTERM or SIGHUP) and restored.`,
    ]),
};

/** The generated help, kept under its old name for the drill's own messages. */
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
    restoreOnly: boolean;
    fis: boolean;
    plan: boolean;
    mode: "graceful" | "ungraceful";
    approve: boolean;
    journal?: string;
    callTimeoutSeconds: number;
    restoreDeadlineSeconds: number;
}

function positiveSeconds(flag: string, raw: string): number {
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
    const values = parsed.values;
    const v = (name: string) => stringValue(values, name);
    const seconds = (name: string, fallback: number) => {
        const raw = v(name);
        return raw === undefined ? fallback : positiveSeconds(`--${name}`, raw);
    };
    const restoreOnly = values.restore === true;
    const region = v("region");
    if (!region && !restoreOnly) {
        throw new DrillError("--region is required: the region whose loss to simulate");
    }
    const args: DrillArgs = {
        region: region ?? "",
        dryRun: values["dry-run"] === true,
        timeoutSeconds: seconds("timeout", 600),
        intervalSeconds: seconds("interval", 10),
        globalStack: v("stack") ?? "global",
        restoreOnly,
        fis: values.fis === true,
        plan: values.plan === true,
        mode: v("mode") === "graceful" ? "graceful" : "ungraceful",
        approve: values.approve === true,
        callTimeoutSeconds: seconds("call-timeout", 20),
        restoreDeadlineSeconds: seconds("restore-deadline", 60),
    };
    const expected = v("expected-seconds");
    const optional: [keyof DrillArgs, string | number | undefined][] = [
        ["trigger", v("trigger")],
        [
            "expectedSeconds",
            expected === undefined ? undefined : positiveSeconds("--expected-seconds", expected),
        ],
        ["clientSubnetIp", v("client-subnet")],
        ["outputsFile", v("outputs")],
        ["programDir", v("program")],
        ["out", v("out")],
        ["journal", v("journal")],
    ];
    for (const [key, value] of optional) {
        if (value !== undefined) {
            (args as unknown as Record<string, unknown>)[key] = value;
        }
    }
    return args;
}
