/**
 * The command lines of `check` and `compare`: their option tables (the grammar is cli/args.ts)
 * and the parsed arguments the check runs with.
 */
import {
    CommandSpec,
    ExitCode,
    OptionSpec,
    UsageError,
    allowed,
    closest,
    exitCodeHelp,
    listValue,
    parseCommand,
    stringValue,
    suggestion,
} from "../cli/args";

export const formats = ["text", "json", "sarif", "markdown", "mermaid"] as const;
export type Format = (typeof formats)[number];

export const commands = ["check", "compare"] as const;
export type Command = (typeof commands)[number];

/** Parsed command line of `check` and `compare`. */
export interface CliArgs {
    command: Command;
    format: Format;
    stacks: string[];
    overrides: string[];
    programDir?: string;
    policyPack?: string;
    policyConfig?: string;
    invokeFixture?: string;
    /** Outputs of stacks outside the folder that StackReferences name (`--stack-outputs`). */
    stackOutputs?: string;
    baseline?: string;
    /** `--out FILE`: the `--format` report goes to FILE instead of stdout. */
    out?: string;
    /** `--out FORMAT=FILE`, repeatable: more reports of the same run, beside stdout's. */
    reports: ReportTarget[];
    /** `--verbose`: the text report adds the cost table and its price sources. */
    verbose: boolean;
    /** Per-stack deadline for the program, in seconds (`--timeout`). */
    timeoutSeconds?: number;
    /** Regions to treat as unreachable (`--region-down`): the failover path must not need them. */
    regionDown: string[];
    help: boolean;
}

/** One report of a run written to a file. */
export interface ReportTarget {
    format: Format;
    file: string;
}

const programOptions: OptionSpec[] = [
    {
        name: "program",
        type: "string",
        value: "DIR",
        description: "the Pulumi project folder (default: the current directory)",
    },
    {
        name: "config",
        type: "string",
        value: "KEY=VALUE",
        multiple: true,
        description: "override config for every stack; paths like routing.ttlSeconds=30",
    },
];

export const checkSpec: CommandSpec = {
    name: "check",
    summary: "run every stack offline, evaluate the policy pack, estimate RTO, RPO and cost",
    synopsis: "[options]",
    description: `Runs every stack of a Pulumi TypeScript or JavaScript program offline, under the Pulumi SDK's
mocks, in dependency order, then evaluates the policy pack over what a real \`pulumi up\` would
create, through the same analyzer protocol the Pulumi engine uses. No CLI, plugins or credentials.
A program folder without Pulumi.<stack>.yaml files is checked as one stack (--stack, else dev).
Paths are relative to the directory you run the command from.`,
    options: [
        programOptions[0],
        {
            name: "stack",
            type: "string",
            value: "NAME",
            multiple: true,
            description: "run only this stack (default: every Pulumi.<stack>.yaml)",
        },
        programOptions[1],
        {
            name: "policy-pack",
            type: "string",
            value: "DIR",
            description: "the policy pack (default: this project's policies/)",
        },
        {
            name: "policy-config",
            type: "string",
            value: "FILE",
            description: "policy config JSON, the format of pulumi's --policy-pack-config",
        },
        {
            name: "invoke-fixture",
            type: "string",
            value: "FILE",
            description: 'JSON results for invokes the engine cannot answer: {"<token>": {...}}',
        },
        {
            name: "stack-outputs",
            type: "string",
            value: "FILE",
            description:
                'JSON outputs of stacks outside the folder that StackReferences name, keyed as\nthe program names them: {"org/project/stack": {"<output>": ...}}',
        },
        {
            name: "baseline",
            type: "string",
            value: "FILE",
            description:
                "a report of check --format json from before the change: fail when a database,\ntable, replica, bucket, key or secret would be deleted or replaced",
        },
        {
            name: "timeout",
            type: "string",
            value: "SECONDS",
            description: "stop a stack's program that runs longer (default 900); exit 2",
        },
        {
            name: "region-down",
            type: "string",
            value: "REGION",
            multiple: true,
            description:
                "check the failover with REGION unreachable: secondaries run with\nfailover.activate=true and must hold nothing in REGION (exit 2 naming it)",
        },
        {
            name: "format",
            type: "string",
            value: "FORMAT",
            choices: formats,
            description: "the report format (default text)",
        },
        {
            name: "out",
            type: "string",
            value: "[FORMAT=]FILE",
            multiple: true,
            description:
                "FORMAT=FILE writes that report too (one run, several reports: --out\nsarif=check.sarif --out markdown=check.md); a bare FILE takes the --format\nreport instead of stdout. Written whatever the exit code",
        },
        {
            name: "verbose",
            type: "boolean",
            description: "the text report adds the cost table and the price sources",
        },
    ],
    exitCodes: exitCodeHelp("at least one mandatory violation", [
        "No stack checked, or a stack with no resources and no outputs, is exit 2, never a pass.",
    ]),
};

export const compareSpec: CommandSpec = {
    name: "compare",
    summary: "run the program once per strategy × routing mode: RTO, RPO and monthly cost",
    synopsis: "[options]",
    description: `Runs the program once per strategy × routing mode its config accepts and prints what the
failover budget model estimates for each. A program whose resources do not change with the
strategy is reported as such instead of as identical rows.`,
    options: [
        ...programOptions,
        {
            name: "format",
            type: "string",
            value: "FORMAT",
            choices: ["text", "json", "markdown"],
            description: "the table format (default text)",
        },
        {
            name: "out",
            type: "string",
            value: "FILE",
            description: "write the table to FILE instead of stdout",
        },
    ],
    exitCodes: `Exit codes: ${ExitCode.ok} the table was printed; ${ExitCode.error} usage, config or program error, or a
program that builds the same resources for every strategy and routing mode (nothing to compare).`,
};

/** Parse the words after `check` or `compare` (or after `npm start --`, which means check). */
export function parseArgs(argv: readonly string[], command: Command = "check"): CliArgs {
    const spec = command === "compare" ? compareSpec : checkSpec;
    const parsed = parseCommand(spec, argv);
    if (!parsed) {
        return {
            command,
            format: "text",
            stacks: [],
            overrides: [],
            regionDown: [],
            reports: [],
            verbose: false,
            help: true,
        };
    }
    const { values } = parsed;
    const args: CliArgs = {
        command,
        format: (stringValue(values, "format") ?? "text") as Format,
        stacks: listValue(values, "stack"),
        overrides: listValue(values, "config"),
        regionDown: listValue(values, "region-down"),
        reports: [],
        verbose: values.verbose === true,
        help: false,
    };
    const optional: [keyof CliArgs, string][] = [
        ["programDir", "program"],
        ["policyPack", "policy-pack"],
        ["policyConfig", "policy-config"],
        ["invokeFixture", "invoke-fixture"],
        ["stackOutputs", "stack-outputs"],
        ["baseline", "baseline"],
    ];
    for (const [key, flag] of optional) {
        const v = stringValue(values, flag);
        if (v !== undefined) {
            (args as unknown as Record<string, string>)[key] = v;
        }
    }
    const outs = parseOuts(listValue(values, "out"), command === "check" ? formats : []);
    args.reports = outs.reports;
    if (outs.out !== undefined) {
        args.out = outs.out;
    }
    const timeout = stringValue(values, "timeout");
    if (timeout !== undefined) {
        args.timeoutSeconds = parseTimeout(timeout);
    }
    return args;
}

/** `--timeout`: a positive number of seconds. */
export function parseTimeout(raw: string): number {
    const seconds = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
        throw new UsageError(
            `--timeout ${JSON.stringify(raw)} is not a number of seconds; use a positive number, e.g. --timeout 300`,
        );
    }
    return seconds;
}

/**
 * `--out` values: `FORMAT=FILE` (a format `check` writes, then `=`) adds a report; a bare FILE
 * takes the `--format` report off stdout, once. A file cannot be named twice. A word before `=`
 * that is close to a format is taken for a misspelt one.
 */
export function parseOuts(
    values: readonly string[],
    known: readonly string[],
): { out?: string; reports: ReportTarget[] } {
    const reports: ReportTarget[] = [];
    let out: string | undefined;
    const files = new Set<string>();
    for (const value of values) {
        const match = /^([a-z]+)=(.*)$/.exec(value);
        let file = value;
        if (match && known.includes(match[1])) {
            file = match[2];
            if (file === "") {
                throw new UsageError(`--out ${value}: no file after ${match[1]}=`);
            }
            reports.push({ format: match[1] as Format, file });
        } else if (match && known.length > 0 && closest(match[1], known)) {
            throw new UsageError(
                `--out ${value}: ${JSON.stringify(match[1])} is not a format; use ${allowed(known)}${suggestion(match[1], known)}`,
            );
        } else if (out !== undefined) {
            throw new UsageError(
                `--out ${value}: a bare FILE is the --format report and is already ${out}; name the format of each more report, e.g. --out sarif=${value}`,
            );
        } else {
            out = value;
        }
        if (files.has(file)) {
            throw new UsageError(`--out ${value}: ${file} is written by another --out`);
        }
        files.add(file);
    }
    return { out, reports };
}
