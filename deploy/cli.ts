/**
 * `npm run deploy -- preview|up [--stack NAME]...`: previews or updates the project's stacks in
 * StackReference order with the policy pack, through the Automation API.
 * Exit codes: 0 every stack succeeded; 1 a stack failed (later stacks were not started);
 * 2 usage, plan or environment error (nothing was started).
 */
import * as fs from "fs";
import * as path from "path";
import { ProjectError, listStacks, loadProject } from "../check/engine/project";
import { DeployPlanError, planDeploy } from "./plan";
import { DeployCommand, deployCommands, runDeploy, summarize } from "./run";
import { StackFactory, localStackFactory } from "./workspace";

export const usage = `usage: npm run deploy -- preview|up [options]

Runs \`pulumi preview\` or \`pulumi up\` on every stack of the project in dependency order, read
from the StackReference config (a secondary's primaryStack, the global stack's regionalStacks),
with the policy pack. Stops at the first failure. Needs the Pulumi CLI and a logged-in backend.

  --stack NAME          only this stack (repeatable); still run in dependency order
  --org ORG             organization for stack names (default: the one the references name)
  --program DIR         the Pulumi project folder (default: this project)
  --policy-pack DIR     the policy pack (default: this project's policies/)
  --policy-config FILE  policy config JSON, as pulumi's --policy-pack-config

Exit codes: 0 every stack succeeded; 1 a stack failed; 2 usage, plan or environment error.`;

export interface DeployArgs {
    command: DeployCommand;
    stacks: string[];
    org?: string;
    programDir?: string;
    policyPack?: string;
    policyConfig?: string;
}

/** A usage error, reported with exit code 2. */
export class DeployUsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DeployUsageError";
    }
}

/** Parse `argv` (without node and script); undefined means `--help`. */
export function parseDeployArgs(argv: readonly string[]): DeployArgs | undefined {
    let command: DeployCommand | undefined;
    const args: Omit<DeployArgs, "command"> = { stacks: [] };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = (): string => {
            const next = argv[i + 1];
            if (next === undefined || next.startsWith("--")) {
                throw new DeployUsageError(`${flag} needs a value`);
            }
            i++;
            return next;
        };
        switch (flag) {
            case "--help":
            case "-h":
                return undefined;
            case "--stack":
                args.stacks.push(value());
                break;
            case "--org":
                args.org = value();
                break;
            case "--program":
                args.programDir = value();
                break;
            case "--policy-pack":
                args.policyPack = value();
                break;
            case "--policy-config":
                args.policyConfig = value();
                break;
            default:
                if (flag.startsWith("-")) {
                    throw new DeployUsageError(`unknown option ${flag}`);
                }
                if (command !== undefined) {
                    throw new DeployUsageError(
                        `one command only; got ${command} and ${JSON.stringify(flag)}`,
                    );
                }
                if (!(deployCommands as readonly string[]).includes(flag)) {
                    throw new DeployUsageError(
                        `unknown command ${JSON.stringify(flag)}; use ${deployCommands.join(" or ")}`,
                    );
                }
                command = flag as DeployCommand;
        }
    }
    if (command === undefined) {
        throw new DeployUsageError(`a command is required: ${deployCommands.join(" or ")}`);
    }
    return { command, ...args };
}

export interface DeployIo {
    stdout(text: string): void;
    stderr(text: string): void;
}

const projectRoot = path.resolve(__dirname, "..");

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
        io.stderr(`error: ${(err as Error).message}\n${usage}\n`);
        return 2;
    }
    if (!args) {
        io.stdout(usage + "\n");
        return 0;
    }
    let plan;
    const workDir = path.resolve(args.programDir ?? projectRoot);
    const policyPack = path.resolve(args.policyPack ?? path.join(projectRoot, "policies"));
    const policyConfig = args.policyConfig ? path.resolve(args.policyConfig) : undefined;
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
            err instanceof DeployUsageError
        ) {
            io.stderr(`error: ${err.message}\n`);
            return 2;
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
    });
    io.stdout(summarize(result));
    if (result.cliMissing) {
        io.stderr(`error: ${result.outcomes[0].error}\n`);
        return 2;
    }
    return result.outcomes.every((o) => o.status === "succeeded") ? 0 : 1;
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

if (require.main === module) {
    deployMain(process.argv.slice(2), {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
    }).then(
        (code) => process.exit(code),
        (err) => {
            process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
            process.exit(2);
        },
    );
}
