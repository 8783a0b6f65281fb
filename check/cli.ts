/**
 * `npm start`: the offline check. Runs the program's stacks under mocks and reports.
 * Exit codes: 0 success; 2 usage, config or program error (one line on stderr).
 */
import * as fs from "fs";
import * as path from "path";
import { CliArgs, parseArgs, usage } from "./args";
import { runStacks } from "./engine/engine";
import { jsonReport } from "./reports/json";
import { textReport } from "./reports/text";

/** Where the result of a run goes; injectable for tests. */
export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
}

const projectRoot = path.resolve(__dirname, "..");

/** Run the check; resolves to the process exit code. */
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
    try {
        const records = await runStacks({
            projectDir: path.resolve(args.programDir ?? projectRoot),
            stacks: args.stacks,
            overrides: args.overrides,
        });
        const report = args.format === "json" ? jsonReport(records) : textReport(records);
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
    }).then(
        (code) => process.exit(code),
        (err) => {
            process.stderr.write(`error: ${oneLine(err)}\n`);
            process.exit(2);
        },
    );
}
