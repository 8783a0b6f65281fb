/**
 * `multi-region-failover deploy preview|up` (`npm run deploy -- ...`): previews or updates the
 * project's stacks in StackReference order with the policy pack, through the Automation API.
 * Exit codes (cli/args.ts ExitCode): 0 every stack succeeded; 1 a stack failed (later stacks
 * were not started); 2 usage, plan or environment error (nothing was started).
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
import { ProjectError, listStacks, loadProject } from "../project/project";
import { DeployPlanError, planDeploy } from "./plan";
import { DeployCommand, deployCommands, runDeploy, summarize } from "./run";
import { StackFactory, localStackFactory } from "./workspace";

/** The deploy command's options; `--help` is generated from this table. */
export const deploySpec: CommandSpec = {
    name: "deploy",
    summary: "pulumi preview or up on every stack, in dependency order",
    synopsis: "preview|up [options]",
    description: `Runs \`pulumi preview\` or \`pulumi up\` on every stack of the project in dependency order, read
from the StackReference config (a secondary's primaryStack, the global stack's regionalStacks),
with the policy pack. Stops at the first failure. Needs the Pulumi CLI and a logged-in backend.
Paths are relative to the directory you run the command from.`,
    positionals: { name: "command", choices: deployCommands },
    options: [
        {
            name: "stack",
            type: "string",
            value: "NAME",
            multiple: true,
            description: "only this stack; still run in dependency order",
        },
        {
            name: "org",
            type: "string",
            value: "ORG",
            description: "organization for stack names (default: the one the references name)",
        },
        {
            name: "program",
            type: "string",
            value: "DIR",
            description: "the Pulumi project folder (default: the current directory)",
        },
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
            description: "policy config JSON, as pulumi's --policy-pack-config",
        },
        {
            name: "allow-delete",
            type: "string",
            value: "NAME",
            multiple: true,
            description:
                "up previews each stack first and stops when it would delete or replace a\ndatabase, table, replica, bucket, key, secret or protected resource; NAME\n(logical name or URN) may go",
        },
    ],
    exitCodes: exitCodeHelp("a stack failed (later stacks were not started)", [
        "Nothing is started on exit 2.",
    ]),
};

export const usage = helpText(deploySpec);

export interface DeployArgs {
    command: DeployCommand;
    stacks: string[];
    org?: string;
    programDir?: string;
    policyPack?: string;
    policyConfig?: string;
    allowDelete: string[];
}

/** A usage error, reported with exit code 2. */
export class DeployUsageError extends UsageError {
    constructor(message: string) {
        super(message);
        this.name = "DeployUsageError";
    }
}

/** Parse `argv` (the words after `deploy`); undefined means `--help`. */
export function parseDeployArgs(argv: readonly string[]): DeployArgs | undefined {
    const parsed = parseCommand(deploySpec, argv);
    if (!parsed) {
        return undefined;
    }
    const { values, positionals } = parsed;
    if (positionals.length === 0) {
        throw new DeployUsageError(`a command is required: ${deployCommands.join(" or ")}`);
    }
    if (positionals.length > 1) {
        throw new DeployUsageError(
            `one command only; got ${positionals[0]} and ${JSON.stringify(positionals[1])}`,
        );
    }
    const optional = (flag: string) => stringValue(values, flag);
    return {
        command: positionals[0] as DeployCommand,
        stacks: listValue(values, "stack"),
        allowDelete: listValue(values, "allow-delete"),
        ...(optional("org") !== undefined ? { org: optional("org") } : {}),
        ...(optional("program") !== undefined ? { programDir: optional("program") } : {}),
        ...(optional("policy-pack") !== undefined ? { policyPack: optional("policy-pack") } : {}),
        ...(optional("policy-config") !== undefined
            ? { policyConfig: optional("policy-config") }
            : {}),
    };
}

export interface DeployIo {
    stdout(text: string): void;
    stderr(text: string): void;
    /** The directory relative paths are resolved from (default: the process's). */
    cwd?: string;
}

const packageRoot = path.resolve(__dirname, "..");

/** Run the command; resolves to the exit code. */
export async function deployMain(
    argv: readonly string[],
    io: DeployIo,
    factory: StackFactory = localStackFactory,
): Promise<number> {
    let args: DeployArgs | undefined;
    try {
        args = parseDeployArgs(argv);
    } catch (err) {
        io.stderr(`error: ${(err as Error).message}\n`);
        return ExitCode.error;
    }
    if (!args) {
        io.stdout(usage + "\n");
        return ExitCode.ok;
    }
    let plan;
    const cwd = io.cwd ?? process.cwd();
    const workDir = path.resolve(cwd, args.programDir ?? ".");
    const policyPack = args.policyPack
        ? path.resolve(cwd, args.policyPack)
        : path.join(packageRoot, "policies");
    const policyConfig = args.policyConfig ? path.resolve(cwd, args.policyConfig) : undefined;
    try {
        if (!fs.existsSync(path.join(policyPack, "PulumiPolicy.yaml"))) {
            throw new DeployUsageError(
                `--policy-pack ${policyPack} has no PulumiPolicy.yaml; point it at a policy pack folder`,
            );
        }
        if (policyConfig) {
            readJsonFile(policyConfig, "--policy-config");
        }
        const project = loadProject(workDir);
        plan = planDeploy(project, listStacks(workDir), args.stacks, args.org);
    } catch (err) {
        if (
            err instanceof DeployPlanError ||
            err instanceof ProjectError ||
            err instanceof UsageError
        ) {
            io.stderr(`error: ${err.message}\n`);
            return ExitCode.error;
        }
        throw err;
    }
    io.stdout(
        `${args.command} order: ${plan.map((p) => p.fullName).join(" → ")}\npolicy pack: ${policyPack}${policyConfig ? ` (config ${policyConfig})` : ""}\n`,
    );
    const result = await runDeploy({
        command: args.command,
        plan,
        workDir,
        policyPack,
        policyConfig,
        factory,
        write: (text) => io.stdout(text),
        allowDelete: args.allowDelete,
    });
    io.stdout(summarize(result));
    if (result.cliMissing) {
        io.stderr(`error: ${result.outcomes[0].error}\n`);
        return ExitCode.error;
    }
    return result.outcomes.every((o) => o.status === "succeeded") ? ExitCode.ok : ExitCode.failed;
}

/** Read and parse a JSON file, naming the flag when it cannot. */
export function readJsonFile(file: string, flag: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new DeployUsageError(`${flag} ${file}: file not found`);
    }
    try {
        return JSON.parse(text);
    } catch (err) {
        throw new DeployUsageError(`${flag} ${file}: invalid JSON: ${(err as Error).message}`);
    }
}
