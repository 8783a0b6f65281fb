/**
 * The grammar every command of `multi-region-failover` shares (check, compare, deploy, drill):
 * each command is a declarative table of options parsed by `node:util` `parseArgs`, from which
 * its `--help` is generated, with suggestions for misspelt words. The exit-code contract is
 * defined here, once, for every command. Imports nothing of the project: every floor may use it.
 */
import { parseArgs as nodeParseArgs } from "node:util";

/** The exit codes every command uses; the drill adds two of its own. */
export const ExitCode = {
    /** The verdict is a pass: no mandatory violation, every stack applied, traffic moved. */
    ok: 0,
    /** The verdict is a fail: a mandatory violation, a stack that failed, a slow failover. */
    failed: 1,
    /** Usage, config, program or environment error: one line on stderr, nothing verified. */
    error: 2,
    /** Drill only: the region could not be restored (act now). */
    restoreFailed: 3,
    /** Drill only: interrupted, and the region was restored. */
    interrupted: 130,
} as const;

/** How `--help` explains the three codes every command shares. */
export function exitCodeHelp(failed: string, extra: readonly string[] = []): string {
    return [
        `Exit codes: ${ExitCode.ok} pass; ${ExitCode.failed} ${failed};`,
        `${ExitCode.error} usage, config, program or environment error (one line on stderr).`,
        ...extra,
    ].join("\n");
}

/** A usage error, reported on one line with exit code 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** One flag of a command. */
export interface OptionSpec {
    /** The long name, without `--`. */
    name: string;
    short?: string;
    /** `string` takes a value; `boolean` is a switch. */
    type: "string" | "boolean";
    /** Repeatable: the values are collected in order. */
    multiple?: boolean;
    /** The value's placeholder in `--help`, e.g. DIR. */
    value?: string;
    /** The only values allowed. */
    choices?: readonly string[];
    /** One line (or a few) for `--help`. */
    description: string;
}

/** One subcommand: its options and the text its `--help` prints. */
export interface CommandSpec {
    name: string;
    /** One line, for the overview. */
    summary: string;
    /** What follows the command name in the usage line, e.g. `preview|up [options]`. */
    synopsis: string;
    /** Paragraph(s) after the usage line. */
    description: string;
    options: readonly OptionSpec[];
    /** Positional words the command accepts; empty means none. */
    positionals?: { name: string; choices: readonly string[] };
    /** The exit-code paragraph. */
    exitCodes: string;
}

export const binName = "multi-region-failover";

/**
 * The command as the user ran it, for the commands a message suggests: `npx multi-region-failover`
 * through npx, `npm start --` through this project's start script, else the bin's name.
 */
export function invokedAs(
    env: NodeJS.ProcessEnv = process.env,
    script: string = process.argv[1] ?? "",
): string {
    // Only when this process is the bin: a test runner started by npx is not the check.
    if (script.split(/[\\/]/).pop() !== binName) {
        return binName;
    }
    if (env.npm_lifecycle_event === "start") {
        return "npm start --";
    }
    if (env.npm_command === "exec" || env.npm_lifecycle_event === "npx") {
        return `npx ${binName}`;
    }
    return binName;
}

/** The `--help` text of a command, generated from its table. */
export function helpText(spec: CommandSpec): string {
    const options = [...spec.options, helpOption];
    const heads = options.map(
        (o) =>
            `  ${o.short ? `-${o.short}, ` : ""}--${o.name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`,
    );
    const width = Math.max(...heads.map((h) => h.length)) + 2;
    const lines = options.map((o, i) => {
        const [first, ...rest] = describe(o).split("\n");
        return [heads[i].padEnd(width) + first, ...rest.map((l) => " ".repeat(width) + l)].join(
            "\n",
        );
    });
    return [
        `usage: ${binName} ${spec.name} ${spec.synopsis}`,
        "",
        spec.description,
        "",
        ...lines,
        "",
        spec.exitCodes,
    ].join("\n");
}

function describe(o: OptionSpec): string {
    return [
        o.description + (o.multiple ? "; repeatable" : ""),
        ...(o.choices ? [`values: ${o.choices.join(", ")}`] : []),
    ].join("\n");
}

const helpOption: OptionSpec = {
    name: "help",
    short: "h",
    type: "boolean",
    description: "print this help",
};

/** Parsed flags of one command: strings, string lists and booleans by option name. */
export type ParsedValues = Record<string, string | string[] | boolean | undefined>;

/**
 * Parse `argv` (the words after the command name) against `spec`. Resolves to undefined for
 * `--help`. Every mistake is one line naming the flag, what was given and what is allowed.
 */
export function parseCommand(
    spec: CommandSpec,
    argv: readonly string[],
): { values: ParsedValues; positionals: string[] } | undefined {
    const options = [...spec.options, helpOption];
    const config = Object.fromEntries(
        options.map((o) => [
            o.name,
            {
                type: o.type,
                ...(o.short ? { short: o.short } : {}),
                ...(o.multiple ? { multiple: true } : {}),
            },
        ]),
    );
    // Not strict: the tokens are checked below so that every message can say what to do.
    const parsed = nodeParseArgs({
        args: [...argv],
        options: config,
        strict: false,
        allowPositionals: true,
        tokens: true,
    });
    const byName = new Map(options.map((o) => [o.name, o]));
    const flagNames = options.map((o) => `--${o.name}`);
    for (const token of parsed.tokens ?? []) {
        if (token.kind !== "option") {
            continue;
        }
        const option = byName.get(token.name);
        if (!option) {
            throw new UsageError(
                `unknown option ${token.rawName}${suggestion(token.rawName.split("=")[0], flagNames) || `; see ${invokedAs()} ${spec.name} --help`}`,
            );
        }
        if (option.type === "boolean" && token.inlineValue) {
            throw new UsageError(`--${option.name} takes no value`);
        }
        if (option.type === "string") {
            const value = token.value;
            if (
                value === undefined ||
                (!token.inlineValue && value.startsWith("-") && value.length > 1)
            ) {
                throw new UsageError(`--${option.name} needs a value`);
            }
            if (option.choices && !option.choices.includes(value)) {
                throw new UsageError(
                    `--${option.name} ${JSON.stringify(value)} is not supported; use ${allowed(option.choices)}${suggestion(value, option.choices)}`,
                );
            }
        }
    }
    if (parsed.values.help === true) {
        return undefined;
    }
    const positionals = parsed.positionals;
    if (!spec.positionals && positionals.length > 0) {
        throw new UsageError(
            `unexpected argument ${JSON.stringify(positionals[0])}; see ${invokedAs()} ${spec.name} --help`,
        );
    }
    if (spec.positionals) {
        const { name, choices } = spec.positionals;
        for (const word of positionals) {
            if (!choices.includes(word)) {
                throw new UsageError(
                    `unknown ${name} ${JSON.stringify(word)}; use ${allowed(choices)}${suggestion(word, choices)}`,
                );
            }
        }
    }
    return { values: parsed.values as ParsedValues, positionals };
}

/** `a or b`, or `one of a, b, c`. */
export function allowed(choices: readonly string[]): string {
    return choices.length === 2 ? `${choices[0]} or ${choices[1]}` : `one of ${choices.join(", ")}`;
}

/** `; did you mean X?` when one candidate is close to `input`, else the empty string. */
export function suggestion(input: string, candidates: readonly string[]): string {
    const best = closest(input, candidates);
    return best ? `; did you mean ${best}?` : "";
}

/** The candidate nearest to `input`, when it is near enough to be a typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = editDistance(input.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    // A third of the word, at least one edit: "--stacks" finds "--stack", "xml" finds nothing.
    return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3))
        ? best
        : undefined;
}

/** Levenshtein distance, with a transposition counted as one edit. */
export function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}

/** A string option's value, when given. */
export function stringValue(values: ParsedValues, name: string): string | undefined {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
}

/** A repeatable option's values, in order. */
export function listValue(values: ParsedValues, name: string): string[] {
    const v = values[name];
    return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}
