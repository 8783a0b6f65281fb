/** Command-line parsing for the check command. Pure, so every flag is unit-tested. */

export const formats = ["text", "json", "sarif", "markdown", "mermaid"] as const;
export type Format = (typeof formats)[number];

export const commands = ["check", "compare"] as const;
export type Command = (typeof commands)[number];

/** Parsed command line. */
export interface CliArgs {
    command: Command;
    format: Format;
    stacks: string[];
    overrides: string[];
    programDir?: string;
    policyPack?: string;
    policyConfig?: string;
    invokeFixture?: string;
    out?: string;
    /** Per-stack deadline for the program, in seconds (`--timeout`). */
    timeoutSeconds?: number;
    help: boolean;
}

/** A usage error, reported with exit code 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export const usage = `usage: npm start -- [check|compare] [options]

Runs every stack of a Pulumi TypeScript program offline, under the Pulumi SDK's mocks, in
dependency order, then evaluates the policy pack over what a real \`pulumi up\` would create,
through the same analyzer protocol the Pulumi engine uses. No CLI, plugins or credentials.
\`compare\` runs this project once per strategy × routing mode and prints RTO, RPO and cost.

  --program DIR         the Pulumi project folder (default: this project)
  --stack NAME          run only this stack (repeatable; default: every Pulumi.<stack>.yaml)
  --config KEY=VALUE    override config for every stack (repeatable); paths like routing.ttlSeconds=30
  --policy-pack DIR     the policy pack (default: this project's policies/)
  --policy-config FILE  policy config JSON, the format of pulumi's --policy-pack-config
  --invoke-fixture FILE JSON results for invokes the engine cannot answer: {"<token>": {...}}
  --format FORMAT       text (default), json, sarif, markdown or mermaid
  --out FILE            write the report to FILE instead of stdout
  --timeout SECONDS     stop a stack's program that runs longer (default 900); exit 2

Exit codes: 0 no mandatory violation; 1 at least one mandatory violation;
2 usage, config or program error (one line on stderr).`;

/** Parse `argv` (without node and script). */
export function parseArgs(argv: readonly string[]): CliArgs {
    const args: CliArgs = {
        command: "check",
        format: "text",
        stacks: [],
        overrides: [],
        help: false,
    };
    let sawCommand = false;
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = (): string => {
            const next = argv[i + 1];
            if (next === undefined || next.startsWith("--")) {
                throw new UsageError(`${flag} needs a value`);
            }
            i++;
            return next;
        };
        switch (flag) {
            case "--stack":
                args.stacks.push(value());
                break;
            case "--config":
                args.overrides.push(value());
                break;
            case "--format": {
                const format = value();
                if (!(formats as readonly string[]).includes(format)) {
                    throw new UsageError(
                        `--format ${JSON.stringify(format)} is not supported; use one of ${formats.join(", ")}`,
                    );
                }
                args.format = format as Format;
                break;
            }
            case "--program":
                args.programDir = value();
                break;
            case "--policy-pack":
                args.policyPack = value();
                break;
            case "--policy-config":
                args.policyConfig = value();
                break;
            case "--invoke-fixture":
                args.invokeFixture = value();
                break;
            case "--out":
                args.out = value();
                break;
            case "--timeout":
                args.timeoutSeconds = parseTimeout(value());
                break;
            case "--help":
            case "-h":
                args.help = true;
                break;
            default:
                if (
                    !flag.startsWith("-") &&
                    !sawCommand &&
                    (commands as readonly string[]).includes(flag)
                ) {
                    args.command = flag as Command;
                    sawCommand = true;
                    break;
                }
                throw new UsageError(`unknown argument ${JSON.stringify(flag)}; see --help`);
        }
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
