/**
 * `multi-region-failover <command>`: the one command line of the project, dispatched here to each
 * command's own file (check/cli.ts for check and compare, deploy/cli.ts, drill/cli.ts), which
 * import nothing from each other. bin/multi-region-failover runs `run`; tests call `main`.
 */
import { CommandSpec, ExitCode, binName, invokedAs, suggestion } from "../cli/args";
import { channel, exitWhenFlushed, write } from "../cli/exit";
import { Io, callerDir, oneLine } from "../cli/io";
import { checkSpec, compareSpec } from "../check/args";
import { checkMain } from "../check/cli";

const subcommands: readonly CommandSpec[] = [
    checkSpec,
    compareSpec,
    { ...stubSpec("deploy"), summary: "pulumi preview or up on every stack, in dependency order" },
    { ...stubSpec("drill"), summary: "take a region out of the live deployment and time failover" },
    {
        ...stubSpec("simulate"),
        summary: "play regional outages, failbacks and drills over the program offline",
    },
];

function stubSpec(name: string): CommandSpec {
    return { name, summary: "", synopsis: "", description: "", options: [], exitCodes: "" };
}

/** The overview `--help` prints without a command. */
export function overview(): string {
    const width = Math.max(...subcommands.map((c) => c.name.length)) + 2;
    return [
        `usage: ${binName} <command> [options]`,
        "",
        "Commands:",
        ...subcommands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
        "",
        `With no command, ${binName} runs check. \`${invokedAs()} <command> --help\` lists a command's options.`,
        "Paths on the command line are relative to the directory you run it from.",
        "",
        `Exit codes: ${ExitCode.ok} pass; ${ExitCode.failed} the verdict is a fail; ${ExitCode.error} usage, config, program or`,
        `environment error (one line on stderr). The drill adds ${ExitCode.restoreFailed} (region not restored) and ${ExitCode.interrupted} (interrupted, restored).`,
    ].join("\n");
}

/** Run a command line (the words after the program name); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
    const [first, ...rest] = argv;
    if (first === undefined || first.startsWith("-")) {
        if (first === "--help" || first === "-h") {
            io.stdout(overview() + "\n");
            return ExitCode.ok;
        }
        return checkMain(argv, "check", io);
    }
    switch (first) {
        case "check":
        case "compare":
            return checkMain(rest, first, io);
        case "deploy": {
            // Loaded on demand (the AWS SDK is heavy), with require: under the bin's node16
            // module setting a dynamic import() stays native and cannot load a .ts file.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { deployMain } = require("../deploy/cli") as typeof import("../deploy/cli");
            return deployMain(rest, { ...io, cwd: io.cwd ?? callerDir() });
        }
        case "drill": {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { runDrillProcess } = require("../drill/cli") as typeof import("../drill/cli");
            return runDrillProcess(rest, { ...io, cwd: io.cwd ?? callerDir() });
        }
        case "simulate": {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const simulate = require("../check/simulate") as typeof import("../check/simulate");
            return simulate.simulateMain(rest, { ...io, cwd: io.cwd ?? callerDir() });
        }
        case "help":
            io.stdout(overview() + "\n");
            return ExitCode.ok;
        default:
            io.stderr(
                `error: unknown command ${JSON.stringify(first)}${
                    suggestion(
                        first,
                        subcommands.map((c) => c.name),
                    ) || `; commands: ${subcommands.map((c) => c.name).join(", ")}`
                }\n`,
            );
            return ExitCode.error;
    }
}

/**
 * The process entry (bin/multi-region-failover, npm start, npm run deploy, npm run drill): every
 * command's output goes through cli/exit.ts, which flushes it before the process exits.
 */
export function run(argv: readonly string[]): void {
    const out = channel("stdout", process.stdout);
    const err = channel("stderr", process.stderr);
    main(argv, {
        stdout: (t) => write(out, t),
        stderr: (t) => write(err, t),
        isTty: process.stdout.isTTY,
        stderrIsTty: process.stderr.isTTY,
    }).then(
        (code) => exitWhenFlushed(code, out, err),
        (e) => {
            write(err, `error: ${oneLine(e)}\n`);
            return exitWhenFlushed(ExitCode.error, out, err);
        },
    );
}

if (require.main === module) {
    run(process.argv.slice(2));
}
