/** Command-line parsing for the check command. Pure, so every flag is unit-tested. */

export const formats = ["text", "json"] as const;
export type Format = (typeof formats)[number];

/** Parsed command line. */
export interface CliArgs {
    format: Format;
    stacks: string[];
    overrides: string[];
    programDir?: string;
    out?: string;
    help: boolean;
}

/** A usage error, reported with exit code 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export const usage = `usage: npm start -- [--stack NAME]... [--config KEY=VALUE]... [--format text|json] [--program DIR] [--out FILE]

Runs every stack of the program offline, under the Pulumi SDK's mocks, in dependency order,
and prints what a real \`pulumi up\` would create.

  --stack NAME        run only this stack (repeatable); default: every Pulumi.<stack>.yaml
  --config KEY=VALUE  override config for every stack (repeatable); paths like routing.ttlSeconds=30
  --format FORMAT     text (default) or json
  --program DIR       the Pulumi project folder; default: this project
  --out FILE          write the report to FILE instead of stdout`;

/** Parse `argv` (without node and script). */
export function parseArgs(argv: readonly string[]): CliArgs {
    const args: CliArgs = { format: "text", stacks: [], overrides: [], help: false };
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
            case "--out":
                args.out = value();
                break;
            case "--help":
            case "-h":
                args.help = true;
                break;
            default:
                throw new UsageError(`unknown argument ${JSON.stringify(flag)}; see --help`);
        }
    }
    return args;
}
